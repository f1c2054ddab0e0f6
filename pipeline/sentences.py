"""Find the sentence around a span: records carry it so a reader sees a span in context."""

from __future__ import annotations

import regex

_END = regex.compile(r"[.!?…](?=\s)|\n")
_LAST_END = regex.compile(r"(?r)[.!?…]\s+|\n")   # searched backwards from the span


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around text[start:end], spaces collapsed."""
    found = _LAST_END.search(text, 0, start)
    left = found.end() if found else 0
    found = _END.search(text, end)
    right = found.end() if found else len(text)
    return " ".join(text[left:right].split())
