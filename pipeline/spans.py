"""A set of text spans that says in logarithmic time whether a span overlaps any of them.

Finders keep the spans already taken (entities, dates, documents, periods) and skip a match
that overlaps one. Asking each taken span in turn costs the number of spans taken, so a
page with thousands of matches cost millions of comparisons (quadratic in its length).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Spans:
    """Half-open spans [start, end): `overlaps` answers exactly what asking every span added
    `s < end and start < e` would. Spans that overlap are kept merged (their union is what
    any question sees), so the merged pieces are disjoint and sorted by start and by end
    alike; an empty span [p, p) is kept apart as a point, which a span overlaps when p lies
    strictly inside it."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._points: list[int] = []
        for start, end in spans or ():
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if start >= end:
            self._points.insert(bisect_left(self._points, start), start)
            return
        first = bisect_right(self._ends, start)     # the first piece ending after `start`
        last = bisect_left(self._starts, end)       # the pieces from `first` up to here begin before `end`
        if first < last:
            start, end = min(start, self._starts[first]), max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span added has `s < end and start < e`."""
        before = bisect_left(self._starts, end) - 1     # the last piece beginning before `end`
        if before >= 0 and self._ends[before] > start:
            return True
        point = bisect_right(self._points, start)
        return point < len(self._points) and self._points[point] < end
