"""Find the sentence around a span: records carry it so a reader sees a span in context."""

from __future__ import annotations

from pipeline.boundaries import sentence_end, sentence_start

# A sentence is shown at most this many characters either side of its span: a page with no
# full stop is one "sentence", and every span of it must not carry (and store) the whole page.
REACH = 300


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around text[start:end], spaces collapsed, cut to REACH
    characters either side of the span ("…" marks a cut)."""
    first = sentence_start(text, start, max(0, start - REACH))
    last = sentence_end(text, end, end + REACH)
    cut = text[first:last]
    return ("…" if first > 0 and first == start - REACH else "") + " ".join(cut.split()) + \
        ("…" if last == end + REACH and last < len(text) else "")
