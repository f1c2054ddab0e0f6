"""Find the sentence around a span: records carry it so a reader sees a span in context."""

from __future__ import annotations

from pipeline.boundaries import sentence_end, sentence_start


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around text[start:end], spaces collapsed."""
    return " ".join(text[sentence_start(text, start):sentence_end(text, end)].split())
