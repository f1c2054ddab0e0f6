"""Map every character of a normalised text back to a span of the reference text.

Normalisation rewrites units of the reference text: "uỷ" becomes "ủy" (the tone moves to
another character), a run of odd spaces becomes one space, a zero-width space vanishes.
Each output character remembers the reference span of the unit it came from, so any span
of the normalised text maps back to the smallest reference span that produced it — the
spaCy rule that the user's text is never lost.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np


@dataclass
class OffsetMap:
    """For normalised character i: its unit's reference span and normalised span."""

    ref_start: array = field(default_factory=lambda: array("q"))
    ref_end: array = field(default_factory=lambda: array("q"))
    unit_start: array = field(default_factory=lambda: array("q"))
    unit_end: array = field(default_factory=lambda: array("q"))

    def __len__(self) -> int:
        return len(self.ref_start)

    def add_unit(self, length: int, ref_start: int, ref_end: int) -> None:
        """Append `length` output characters that together replace reference[ref_start:ref_end]."""
        here = len(self.ref_start)
        self.ref_start.extend([ref_start] * length)
        self.ref_end.extend([ref_end] * length)
        self.unit_start.extend([here] * length)
        self.unit_end.extend([here + length] * length)

    def add_identity(self, ref_start: int, ref_end: int) -> None:
        """Append reference[ref_start:ref_end] copied one character per unit."""
        here = len(self.ref_start)
        # numpy: most of an article is copied this way, character by character
        steps = np.arange(ref_end - ref_start, dtype=np.int64)
        self.ref_start.frombytes((steps + ref_start).tobytes())
        self.ref_end.frombytes((steps + (ref_start + 1)).tobytes())
        self.unit_start.frombytes((steps + here).tobytes())
        self.unit_end.frombytes((steps + (here + 1)).tobytes())

    def extend_from(self, other: OffsetMap, start: int, end: int) -> None:
        """Append the characters start..end of another map (the composition of two steps)."""
        shift = len(self.ref_start) - start
        self.ref_start.extend(other.ref_start[start:end])
        self.ref_end.extend(other.ref_end[start:end])
        # Units cut by the slice are clipped to it, so each piece stays self-contained.
        # (numpy: this runs for every character of every article)
        unit_start = np.frombuffer(other.unit_start, dtype=np.int64)[start:end]
        unit_end = np.frombuffer(other.unit_end, dtype=np.int64)[start:end]
        self.unit_start.frombytes((np.maximum(unit_start, start) + shift).tobytes())
        self.unit_end.frombytes((np.minimum(unit_end, end) + shift).tobytes())

    def to_ref(self, start: int, end: int) -> tuple[int, int]:
        """Reference span of normalised[start:end] (whole units; empty spans stay empty)."""
        if not 0 <= start <= end <= len(self):
            raise IndexError(f"span {start}:{end} outside normalised text of {len(self)} characters")
        if start == end:
            anchor = self.ref_start[start] if start < len(self) else (self.ref_end[-1] if len(self) else 0)
            return anchor, anchor
        return self.ref_start[start], self.ref_end[end - 1]

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Widen normalised[start:end] to whole units (a tone-mark swap is one unit)."""
        if start == end:
            return start, end
        return self.unit_start[start], self.unit_end[end - 1]

    def from_ref(self, start: int, end: int) -> tuple[int, int]:
        """The normalised span whose characters come from reference[start:end] (maybe empty)."""
        first = bisect_left(self.ref_start, start)
        last = bisect_right(self.ref_end, end)
        return first, max(first, last)
