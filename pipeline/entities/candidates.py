"""What every entity finder returns: a span of the normalised text with its attributes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# When two candidates overlap, the longer wins; on equal length, this order decides.
PRIORITY = {"DOC": 0, "ORG": 1, "LOC": 2, "PER": 3}


@dataclass
class Candidate:
    """A span [start, end) of the normalised text, typed, with its attributes."""

    type: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Keep a flat set of spans: longest first, then by type priority, then leftmost."""
    kept: list[Candidate] = []   # non-overlapping, so ordered by start and by end alike
    starts: list[int] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), PRIORITY[c.type], c.start)):
        at = bisect_right(starts, cand.start)
        if (at and kept[at - 1].overlaps(cand)) or (at < len(kept) and kept[at].overlaps(cand)):
            continue
        kept.insert(at, cand)
        starts.insert(at, cand.start)
    return kept


def case_variants(phrase: str) -> list[str]:
    """The phrase as written and with its first letter in the other case."""
    other = phrase[0].swapcase() + phrase[1:]
    return [phrase] if other == phrase else [phrase, other]


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` stands in `text` as a whole word (str.find: no pattern to compile per article)."""
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if not (at and (text[at - 1].isalnum())) and not (end < len(text) and text[end].isalnum()):
            yield at
        at = text.find(word, at + 1)
