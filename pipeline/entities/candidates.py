"""What every entity finder returns: a span of the normalised text with its attributes."""

from __future__ import annotations

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
    kept: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), PRIORITY[c.type], c.start)):
        if not any(cand.overlaps(k) for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def case_variants(phrase: str) -> list[str]:
    """The phrase as written and with its first letter in the other case."""
    other = phrase[0].swapcase() + phrase[1:]
    return [phrase] if other == phrase else [phrase, other]
