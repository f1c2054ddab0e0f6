"""What a number counts and how: kind, qualifier, unit and metric, from the words around it.

The unit is the counted noun phrase right after the number (a known unit of
`rules/facts.yaml`, else the next word); the qualifier the word right before it ("gần",
"hơn") or "trở lên" after it; the metric the nearest telling verb before it in its clause
("kết nạp", "kỷ luật", "kiểm tra"), the rating words around it, or else its unit.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import regex

from pipeline import rules
from pipeline.entities.lexicon import is_word
from pipeline.normalise.characters import fold


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _grammar() -> dict[str, Any]:
    data = rules.load("facts")
    return {
        "unit": regex.compile(r"\s+(?P<unit>(?i:" + _alternation(data["units"]) + r"))(?!\p{L})"),
        "word": regex.compile(r"\s+(?P<first>[\p{Ll}]+)(?:\s+(?P<second>[\p{Ll}]+))?"),
        "qualifier": regex.compile(r"(?:^|\s)(?P<q>" + _alternation(list(data["qualifiers"])) + r")\s+(?:là\s+|có\s+)?$"),
        "after": regex.compile(r"\s*(?:[\p{L}, ]{0,30}?\s)?(?P<q>" + _alternation(list(data["qualifiers_after"])) + r")(?!\p{L})"),
        "clause_start": regex.compile(r"[.;:!?\n(]"),
        "measures": set(data["measures"]),
        "data": data,
    }


def unit_of(text: str, end: int, percent: bool) -> tuple[str | None, int]:
    """The counted noun phrase after the number ending at `end`, and where it ends."""
    if percent:
        return "%", end
    g = _grammar()
    if (glued := regex.match(r"[\p{L}\d]+", text[end:end + 6])) is not None:
        return glued.group(), end + glued.end()   # "1038,5ha"
    if (known := g["unit"].match(text, end)) is not None:
        return fold(known.group("unit")).lower(), known.end()
    word = g["word"].match(text, end)
    if word is None:
        return None, end
    if word.group("second") and is_word(word.group("first"), word.group("second")):
        return f"{word.group('first')} {word.group('second')}", word.end()
    return word.group("first"), word.end("first")


def kind_of(unit: str | None, percent: bool, ratio: bool, value: float) -> str:
    """percent, ratio, amount (a measure unit, or a fraction: no one counts 1,5 things) or count."""
    if percent:
        return "percent"
    if ratio:
        return "ratio"
    return "amount" if unit in _grammar()["measures"] or value != int(value) else "count"


def qualifier_of(text: str, start: int, unit_end: int) -> str:
    """gần/khoảng -> approx, hơn/trên -> over, … (the word nearest the number wins)."""
    g = _grammar()
    before = g["qualifier"].search(text[max(0, start - 20):start])
    if before:
        return g["data"]["qualifiers"][before.group("q")]
    after = g["after"].match(text[unit_end:unit_end + 40])
    if after:
        return g["data"]["qualifiers_after"][after.group("q")]
    return "exact"


def metric_of(text: str, start: int, end: int, unit: str | None) -> str:
    """The metric of the taxonomy (§4), from the clause around the number and its unit."""
    g = _grammar()
    clause_from = max((m.end() for m in g["clause_start"].finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    before = text[clause_from:start].lower()
    after = text[end:end + 60].lower()
    after_clause = after.split(";")[0].split(".")[0]
    best: tuple[int, str] | None = None
    for rule in g["data"]["metrics"]:
        metric = rule["metric"]
        if any(after.startswith(w.lower()) or after.startswith(" " + w.lower()) for w in rule.get("after", [])):
            return metric
        if any(w.lower() in after_clause for w in rule.get("around", [])) or any(w.lower() in before for w in rule.get("around", [])):
            return metric
        for word in rule.get("before", []):
            pos = before.rfind(word.lower())
            if pos >= 0 and (not rule.get("units") or unit in rule["units"]) and (best is None or pos > best[0]):
                best = (pos, metric)
    if best:
        return best[1]
    for rule in g["data"]["metrics"]:
        if "before" not in rule and unit and unit in rule.get("units", []):
            return rule["metric"]
    return "other"
