"""Which facts are parts of which: a total broken down where it is written.

"Đảng bộ có 195 đảng viên, trong đó 60 đảng viên nữ, gồm 21 … và 39 …" is one total and its
parts, and the parts have parts: 60 is part of 195; 21 and 39 are parts of 60. An analyst who
sums a column must add totals only, so every part carries `part_of`, the start offset of
its total in the same article. The rules, read within one sentence:
- a count after its total and a breakdown marker ("(", "trong đó", "gồm", "bao gồm") is a
  part of the fact right before the marker;
- a count listed right after a part ("21 … và 39 …", "12 đảng bộ, 16 chi bộ") is a part of
  the same total, until a bracket closes;
- a percentage after "chiếm" or "trong đó" is a share of the count before it, or of that
  count's total when the count is itself a part ("60 nữ, chiếm 30,7%" is 30,7% of the 195);
  one after "đạt" ("868 đảng viên (đạt 115,7% chỉ tiêu)") is no share;
- a part never exceeds its total.
Markers are data: rules/facts.yaml `breakdown_markers` and `share_markers`.
"""

from __future__ import annotations

from functools import cache

import regex

from pipeline import rules
from pipeline.boundaries import ends_between
from pipeline.models import Fact

_LOOKBACK = 8     # a breakdown's total stands among the last few numbers before its parts


@cache
def _grammar() -> dict[str, regex.Pattern]:
    data = rules.load("facts")
    return {
        "opens": regex.compile(r"\(|(?<!\p{L})(?:" + rules.alternation(data["breakdown_markers"]) + r")(?!\p{L})",
                               regex.I),
        "share": regex.compile(r"(?<!\p{L})(?:" + rules.alternation(data["share_markers"]) + r")(?!\p{L})", regex.I),
        # the rest of the previous member's noun phrase, then a separator: "21 người Tày và 39 …"
        "listed": regex.compile(r"(?:[^\S\n]+[\p{L}]+){0,6}?\s*(?:,|và|, và|;)\s*(?:có\s+)?"),
    }


def listed(text: str, previous: Fact, nxt: Fact) -> bool:
    """Whether `nxt` follows `previous` as the next member of one list ("9 đảng bộ, 251 chi bộ",
    "21 người Tày và 39 người Kinh")."""
    return _grammar()["listed"].fullmatch(text[previous.end:nxt.start]) is not None


def link_parts(text: str, facts: list[Fact]) -> None:
    """Set `part_of` on every fact that is a part of a total written before it (reference text)."""
    g = _grammar()
    totals: list[int | None] = [None] * len(facts)   # index of each fact's total
    for index in range(1, len(facts)):
        fact = facts[index]
        counted = _last_count(text, facts, index)     # the count the breakdown or the share is of
        if counted is None:
            continue
        between = text[facts[counted].end:fact.start]
        total: int | None = None
        if fact.kind == "percent":
            if g["share"].search(between):
                total = totals[counted] if totals[counted] is not None else counted
        elif fact.kind == "count":
            if g["opens"].search(between):
                total = counted
            elif totals[counted] is not None and ")" not in between and listed(text, facts[counted], fact):
                total = totals[counted]
        if total is None or (fact.kind == "count" and fact.value > facts[total].value):
            continue          # "195 đảng viên, trong đó có 2 chi bộ với 300 hộ": 300 is no part of it
        totals[index] = total
        fact.part_of = facts[total].start


def _last_count(text: str, facts: list[Fact], index: int) -> int | None:
    """The nearest count before `index` in the same sentence (a percentage between is skipped),
    among the few facts right before it: each gap is read once, so a long page costs linear time."""
    for before in range(index - 1, max(-1, index - 1 - _LOOKBACK), -1):
        if ends_between(text, facts[before].end, facts[before + 1].start):
            return None
        if facts[before].kind == "count":
            return before
    return None
