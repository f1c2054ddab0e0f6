"""Consistency checks an analyst can trust: warnings on the facts, never silent fixes.

- A total broken down in the same sentence ("28 chi, đảng bộ cơ sở (12 đảng bộ và 16 chi bộ
  cơ sở)", "4.037 văn bản, trong đó có 1.289 … và 2.748 …"), its parts as linked by
  pipeline.facts.breakdown: parts given in parentheses or after "gồm" must add up to the
  total; parts after "trong đó" (of which) must not exceed it.
- A ratio whose numerator is above its denominator.
- A percentage that the sentence's own counts recompute differently ("539 hồ sơ … 535 hồ sơ
  … đạt 99,26%": 535/539 = 99,26% agrees; a gap over half a point is reported).
- A percentage above 100 that is not achievement against a plan or target.
Facts in different sentences are never compared: a breakdown is only read where it is
written as one.
"""

from __future__ import annotations

from collections import defaultdict

import regex

from pipeline import rules
from pipeline.boundaries import READ_BACK
from pipeline.models import Fact

_BREAKDOWN = regex.compile(r"^\s*(?:\(|,?\s*gồm\b|,?\s*bao gồm\b)")
_OF_WHICH = regex.compile(r"^\s*,?\s*(?:trong đó|Trong đó)\b")


def _sentence_from(text: str, fact: Fact) -> int:
    """Where the sentence of `fact` starts for these checks: after the last stop and space before
    it, at most READ_BACK characters back (every fact of a page with no stop is in one
    sentence, and comparing each with all the others is quadratic)."""
    floor = max(0, fact.start - READ_BACK)
    found = rules.pattern(r"(?r)[.!?\n]\s").search(text, floor, fact.start)
    return found.start() + 1 if found else floor


def check(text: str, facts: list[Fact]) -> None:
    """Add warnings to the facts of one article (reference text and reference offsets)."""
    parts_of: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.part_of is not None and fact.kind == "count":
            parts_of[fact.part_of].append(fact)
    for index, fact in enumerate(facts):
        if fact.kind == "ratio" and fact.total is not None and fact.value > fact.total:
            fact.warnings.append(f"ratio {fact.text}: the part ({fact.value:g}) is larger than the whole ({fact.total:g})")
        if fact.kind == "percent" and fact.value > 100 and fact.metric != "target":
            fact.warnings.append(f"{fact.text} is above 100% but is not achievement against a plan or target")
        if fact.kind == "count":
            _check_breakdown(text, fact, parts_of[fact.start])
        if fact.kind == "percent":
            _check_percentage(text, facts, index)


def _check_breakdown(text: str, total: Fact, parts: list[Fact]) -> None:
    """`parts` are the counts linked to this total (pipeline.facts.breakdown); whether they must
    add up to it or only stay under it depends on the marker written right after it."""
    if len(parts) < 2:
        return
    gap = text[total.end:total.end + 60]
    after_unit = rules.pattern(r"\s*[\p{L}, ]{0,40}?(?=\s*\(|\s*,?\s*(?:trong đó|gồm|bao gồm)\b)").match(gap)
    tail = gap[after_unit.end():] if after_unit else gap
    complete = bool(_BREAKDOWN.match(tail))
    partial = bool(_OF_WHICH.match(tail))
    if not (complete or partial):
        return
    summed = sum(f.value for f in parts)
    if complete and summed != total.value:
        total.warnings.append(f"the parts {' + '.join(f.text for f in parts)} = {summed:g} do not add up to {total.text}")
    elif partial and summed > total.value:
        total.warnings.append(f"the parts {' + '.join(f.text for f in parts)} = {summed:g} exceed the total {total.text}")


def _same_thing(a: str | None, b: str | None) -> bool:
    """ "hồ sơ" and "hồ sơ đúng hạn" count the same thing; "hồ sơ" and "đảng viên" do not."""
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def _check_percentage(text: str, facts: list[Fact], index: int) -> None:
    percent = facts[index]
    opens = _sentence_from(text, percent)
    earlier = index
    while earlier > 0 and facts[earlier - 1].end >= opens:   # facts do not overlap: ends grow with starts
        earlier -= 1
    counts = [f for f in facts[earlier:index] if f.kind == "count"]
    for whole in counts:
        for part in counts:
            if part is whole or part.start < whole.start or not whole.value or not _same_thing(part.unit, whole.unit):
                continue
            share = 100 * part.value / whole.value
            if abs(share - percent.value) <= 0.5:
                return
            percent.warnings.append(f"{percent.text} does not match {part.text}/{whole.text} = {share:.2f}%")
            return
