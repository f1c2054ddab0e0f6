"""Find the sentence around a span: records carry it so a reader sees a span in context."""

from __future__ import annotations

import regex

_END = regex.compile(r"[.!?…](?=\s)|\n")


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around text[start:end], spaces collapsed."""
    left = max((m.end() for m in regex.finditer(r"[.!?…]\s+|\n", text[:start])), default=0)
    found = _END.search(text, end)
    right = found.end() if found else len(text)
    return " ".join(text[left:right].split())
