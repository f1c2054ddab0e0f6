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
from pipeline.rules import alternation
from pipeline.entities.lexicon import is_word


@cache
def capitalised_measures() -> frozenset[str]:
    """Measure units written with capitals ("USD", "MW", "kW"): the noun reader skips them, and
    an acronym that is one of them is a unit, not a name."""
    return frozenset(m for m in rules.load("facts")["measures"] if m != m.lower())


@cache
def _grammar() -> dict[str, Any]:
    data = rules.load("facts")
    return {
        "unit_at": regex.compile(r"(?i:" + alternation(data["units"]) + r")(?!\p{L})"),
        "stops": {w.lower() for w in data["unit_stops"]},
        "word": regex.compile(r"\s+(?P<first>[\p{Ll}]+)(?:\s+(?P<second>[\p{Ll}]+))?"),
        "qualifier": regex.compile(r"(?:^|\s)(?P<q>" + alternation(list(data["qualifiers"])) + r")\s+(?:là\s+|có\s+)?$"),
        "after": regex.compile(r"\s*(?:[\p{L}, ]{0,30}?\s)?(?P<q>" + alternation(list(data["qualifiers_after"])) + r")(?!\p{L})"),
        "clause_start": regex.compile(r"[.;:!?](?=\s|$)|[\n(]"),   # not the dot of "18.570"
        "measures": set(data["measures"]),
        "money": set(data["money_nouns"]),
        "multiplied": regex.compile(r"\s(?:" + alternation(list(rules.load("numbers")["multipliers"])) + r")$"),
        "multiple": regex.compile(r"(?<!\p{L})(?:" + alternation(data["multiple_cues"]) + r")(?:\s+\p{Ll}+)?\s+"
                                  r"(?:" + alternation(list(data["qualifiers"])) + r"\s+)?$"),
        "upper_measure": regex.compile(r"\s+(" + alternation(sorted(capitalised_measures())) + r")(?![\p{L}\d])"),
        "metric_rules": [{**rule, "around_re": _words_re(rule.get("around")), "before_re": _words_re(rule.get("before")),
                          "unless_re": _words_re(rule.get("unless_before"))}
                         for rule in data["metrics"]],
        # the units that name a metric by themselves (the rules without a cue word)
        "metric_units": {u for rule in data["metrics"] if "before" not in rule for u in rule.get("units", [])},
        "data": data,
    }


def unit_of(text: str, end: int, percent: bool) -> tuple[str | None, int]:
    """The counted noun phrase after the number ending at `end`, and where it ends.

    It opens with a known unit of the rules or the next noun, runs over further nouns and
    lists of nouns ("cán bộ, đảng viên"), and stops at a verb, a preposition, a modifier of
    this occurrence, punctuation or another number.
    """
    if percent:
        return "%", end
    g = _grammar()
    if (glued := rules.pattern(r"[\p{L}\d]+").match(text[end:end + 6])) is not None:
        return glued.group(), end + glued.end()   # "1038,5ha"
    if (measure := g["upper_measure"].match(text, end)) is not None:
        return measure.group(1), measure.end()    # "50 triệu USD", "600 MW": units the noun reader skips
    words: list[str] = []
    pos = end
    while len(" ".join(words).split()) < g["data"]["unit_max_syllables"]:
        sep = rules.pattern(r"\s+|\s*,\s+").match(text[pos:pos + 4]) if words else rules.pattern(r"\s+").match(text[pos:pos + 3])
        if not sep or (words and "," in sep.group() and not _noun_follows(text, pos + sep.end(), g)):
            break
        word = _word_at(text, pos + sep.end(), g)
        if word is None:
            break
        words.append((", " if "," in sep.group() else " ") + word)
        pos += sep.end() + len(word)
    if not words:
        return None, end
    return "".join(words).strip(), pos


def _word_at(text: str, pos: int, g: dict[str, Any]) -> str | None:
    """The word (a known unit, a two-syllable word or one syllable) at `pos`, if it can be in a unit."""
    if (known := g["unit_at"].match(text, pos)) is not None and (known.group()[0].islower() or known.group()[0] == "Đ"):
        return known.group()   # a known unit, even where its words could be verbs ("tổ chức")
    else:
        first = rules.pattern(r"[\p{Ll}]+|Đảng|Nhà nước").match(text[pos:pos + 12])
        if not first:
            return None
        second = rules.pattern(r"\s+([\p{Ll}]+)").match(text[pos + first.end():pos + first.end() + 12])
        word = first.group()
        if second and f"{word} {second.group(1)}".lower() in g["stops"]:
            return None   # a stop of two syllables the word list does not know ("tham dự")
        if second and is_word(word, second.group(1)) and second.group(1) not in g["stops"]:
            word = f"{word} {second.group(1)}"
        if (grade := rules.pattern(r"\s+([A-D])(?![\p{L}\d])").match(text, pos + len(word))) is not None:
            word += " " + grade.group(1)   # a grade belongs to its noun: "5 giải A", "loại B"
    if word.lower() in g["stops"] or word.split()[0].lower() in g["stops"]:
        return None
    return word


def _noun_follows(text: str, pos: int, g: dict[str, Any]) -> bool:
    """After a comma, only a known unit is the list's next member ("cán bộ, đảng viên"); any
    other word starts the next clause ("… tổ chức cơ sở đảng, thời gian qua …")."""
    known = g["unit_at"].match(text, pos)
    return known is not None and (known.group()[0].islower() or known.group()[0] == "Đ")


def kind_of(unit: str | None, percent: bool, ratio: bool, value: float, before: str = "", written: str = "") -> str:
    """percent, ratio, amount (a measure unit, or a fraction: no one counts 1,5 things) or count.

    `before`: the text before the number; "lần" is an amount only as a multiple there.
    `written`: the number as written; with a multiplier and no noun, or a money noun, it is money.
    """
    if percent:
        return "percent"
    if ratio:
        return "ratio"
    words = rules.pattern(r"[\s,]+").split(unit) if unit else []
    g = _grammar()
    compound = len(words) > 1 and is_word(words[0], words[1])   # "đồng chí", "đồng bào": no measure
    measured = bool(words) and words[0] in g["measures"] and not compound
    if measured and words[0] == "lần" and not g["multiple"].search(before):
        measured = False                   # occasions, not a multiple
    if g["multiplied"].search(written) and (not words or words[0] in g["money"]
                                            and not (compound and words[0] in g["measures"] and words[1] not in g["money"])):
        measured = True                    # "10 triệu đồng tiền", "5 triệu tiền cò" are money; "10 triệu đồng bào" people
    return "amount" if measured or value != int(value) else "count"   # "10 triệu đồng bào" is people


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


def _words_re(words: list[str] | None) -> regex.Pattern | None:
    """Whole-word matcher of a rule's keywords, lower-cased; None for a rule without them."""
    if not words:
        return None
    return rules.whole_words([w.lower() for w in words])


def _last(text: str, pattern: regex.Pattern | None) -> int:
    """Where the last keyword of `pattern` stands in `text`, or -1. A one-syllable keyword
    that opens a longer word is not that keyword ("dự" in "dự toán", "dự án")."""
    if pattern is None:
        return -1
    return max((m.start() for m in pattern.finditer(text, overlapped=True) if not _opens_word(text, m)), default=-1)


def _opens_word(text: str, m: regex.Match) -> bool:
    if " " in m.group().strip():
        return False
    following = rules.pattern(r"\s+(\p{L}+)").match(text, m.end())
    return following is not None and is_word(m.group().strip(), following.group(1))


def _own_phrase(after_clause: str) -> str:
    """The words after the number that still speak of it: "57 đảng viên được kết nạp", "22
    cuộc thanh tra, giám sát"; a verb past a comma that another number follows is that
    number's ("2.140 đảng viên, năm qua kết nạp 57")."""
    zone = after_clause[:30]
    comma = zone.find(",")
    if comma >= 0 and rules.pattern(r"\d").search(after_clause, comma, 45):
        return zone[:comma]
    return zone


def _opens_with(unit: str | None, words: list[str]) -> bool:
    """Whether the unit's first words are one of `words` ("chi bộ cơ sở" opens with "chi bộ";
    "chiếc xe" does not open with "chi")."""
    lowered = (unit or "").lower()
    return any(lowered == w or lowered.startswith((w + " ", w + ",")) for w in words)


def metric_of(text: str, start: int, end: int, unit: str | None, kind: str = "count") -> str:
    """The metric of the taxonomy (§4), from the clause around the number and its unit.

    Every metric but `other` counts people, bodies, documents or rounds, or is their share:
    an amount ("xử lý, thu về 134 tỷ đồng") is `other` whatever words stand around it.
    """
    if kind == "amount":
        return "other"
    g = _grammar()
    clause_from = max((m.end() for m in g["clause_start"].finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    before = text[clause_from:start].lower()
    after = text[end:end + 60].lower()
    after_clause = after.split(";")[0].split(".")[0]
    own_verb_zone = _own_phrase(after_clause)
    best: tuple[int, str] | None = None
    for rule in g["metric_rules"]:
        metric = rule["metric"]
        if any(after.startswith(w.lower()) or after.startswith(" " + w.lower()) for w in rule.get("after", [])):
            return metric
        if (_last(after_clause, rule["around_re"]) >= 0 or _last(before, rule["around_re"]) >= 0) and (
                "unit_starts" not in rule or _opens_with(unit, rule["unit_starts"])) and not (
                rule["unless_re"] and _last(before, rule["unless_re"]) > _last(before, rule["around_re"])):
            return metric
        if _last(own_verb_zone, rule["before_re"]) >= 0 and rule.get("units") is None and best is None:
            best = (-1, metric)   # "3 - 5 cuộc kiểm tra": the verb is the counted noun's own
        pos = _last(before, rule["before_re"])
        if pos >= 0 and (not rule.get("units") or unit in rule["units"]) and (best is None or pos > best[0]):
            best = (pos, metric)
    if best:
        return best[1]
    # "chi, đảng bộ cơ sở" counts grassroots bodies: a list's last noun speaks for it when its
    # first does too; "hộ cán bộ, đảng viên" counts households, not members
    listed = unit.split(", ") if unit else []
    heads = [unit, listed[-1]] if listed and listed[0] in g["metric_units"] else ([unit] if unit else [])
    for rule in g["metric_rules"]:
        if "before" not in rule and any(h in rule.get("units", []) for h in heads):
            return rule["metric"]
    return "other"
