"""Find the quantity expressions of a text, and leave out what is not a fact (§4).

Not facts: dates and times, years and periods ("năm 2017", "9 tháng", "nhiệm kỳ 2015 –
2020"), ordinals and plenum or term numbers ("lần thứ XX", "Trung ương 4"), numbers inside
names and document codes (any number inside an entity span), phone numbers, vague
magnitudes ("hàng trăm"), and "một" in set phrases.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from pipeline import rules
from pipeline.boundaries import opens_sentence
from pipeline.rules import alternation
from pipeline.entities.lexicon import is_word
from pipeline.facts.attributes import capitalised_measures
from pipeline.facts.numbers import DIGITS, POINT_DECIMAL, parse, parse_digits, vocabulary
from pipeline.spans import Spans

# "10/2/2017", "30.11.2016", "6/2016", and days of one month: "từ 17-19/5"
_DATE = regex.compile(r"(?<!\d)\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4}(?!\d)|(?<!\d)\d{1,2}[/-]\d{4}(?!\d)"
                      r"|(?<![\d,.])\d{1,2}\s?[-–]\s?\d{1,2}[/.]\d{1,2}(?![\d/])")
_TIME = regex.compile(r"(?<!\d)\d{1,2}\s?(?:[:h]|giờ)\s?\d{2}(?!\d)|(?<!\d)\d{1,2}h(?![\p{L}])")
# "0912 345 678", "(080) 45100", "(04) 32373667"
_PHONE = regex.compile(r"(?<!\d)0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)|\(0\d{1,3}\)\s?\d{4,8}(?!\d)")


# A measure unit may be glued to its number ("1038,5ha", "330.000đ").
_GLUED = r"(?:ha|km|kg|m2|m3|cm|mm|MW|kW|USD|gr|gam|lít|tấn|m|g|đ)(?![\p{L}])"


@dataclass
class Expression:
    """A number as written: its span, value, and range or ratio partner."""

    start: int
    end: int
    value: float
    value_max: float | None = None
    total: float | None = None
    percent: bool = False


@cache
def _patterns() -> dict[str, Any]:
    data = rules.load("facts")
    words = vocabulary()
    multiplier = r"(?:\s+(?:" + "|".join(words["multipliers"]) + r")(?:\s+rưỡi)?)?"
    point_decimal = POINT_DECIMAL + r"(?=\s?%|\s+(?:" + "|".join(words["multipliers"]) + r"))"   # not "4.0", "19.5"
    number = r"(?:" + point_decimal + "|" + DIGITS + r")" + multiplier
    expression = regex.compile(
        r"(?<![\p{L}\d.,/-])(?P<a>" + number + r")"
        r"(?:(?P<pct>\s?%)(?:\s?[-–]\s?(?P<pmax>" + number + r")\s?%)?|/(?P<total>" + DIGITS + r")(?![\d/])"
        r"|\s?[-–]\s?(?P<max>" + number + r")(?P<pct2>\s?%)?)?"
        r"(?!(?!" + _GLUED + r")[\p{L}\d]|[.,/]\d|/\p{L})"
    )
    return {
        "expression": expression,
        "words": words["words"],
        "not_after": regex.compile(r"(?:^|[\s(])(?:" + alternation(data["not_after"]) + r")\s*$"),
        "not_before": regex.compile(r"\s*(?:" + alternation(data["not_before"]) + r")(?![\p{L}])"),
        "set_phrases": regex.compile(alternation(data["set_phrases"])),
        "allowed_before": regex.compile(r"(?:" + alternation(data["allowed_before"]) + r")\s*$"),
        "date_words": regex.compile(r"(?:^|[\s,])(?:" + alternation(data["date_words"]) + r")\s*,?\s*$"),
        "unit_after": regex.compile(r"\s+(?i:" + alternation(data["units"]) + r")(?!\p{L})"),
        "counting": regex.compile(r"(?i:" + alternation(data["counting_words"]) + r")(?!\p{L})"),
        "noun_after": regex.compile(r"\s+(\p{Ll}+)(?!\p{L})"),
        "stops": {w.lower() for w in data["unit_stops"]},
    }


def _day_month(m: regex.Match, before: str, after: str, p: dict[str, Any]) -> bool:
    """ "Chiều 10/2", "ngày 16 và 17-5 tới đây": a day and a month, not a ratio or a range."""
    second = m.group("total") or m.group("max")
    if not second or m.group("pct") or m.group("pct2"):
        return False
    try:
        day, month = int(m.group("a")), int(second)
    except ValueError:
        return False
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return bool(p["date_words"].search(before)) or not rules.pattern(r"\s+[\p{Ll}]").match(after)


def _in_name(before: str, after: str) -> bool:
    """ "Mỹ Đình 2 - Nam Từ Liêm", "BV 175.", "BKS 19Y1 - 3735": a number closing a name or a code."""
    previous = rules.pattern(r"(\S+)\s*[-–]?\s*$").search(before)
    if not previous:
        return False
    word = previous.group(1)
    if rules.pattern(r"\d").search(word) and rules.pattern(r"\p{L}").search(word):
        return True   # after a code that mixes letters and digits
    return word[:1].isupper() and word[-1:].isalpha() and not rules.pattern(r"\s+[\p{Ll}]").match(after)


def _is_percent(m: regex.Match) -> bool:
    """Whether the expression carries a percent sign ("99,26%", "30-35%", "6% - 6,5%")."""
    return bool(m.group("pct") or m.group("pct2"))


def _list_number(text: str, start: int, end: int) -> bool:
    """ "1- Tăng cường …", "2. Về …", "3) …" at the start of a line: an item's number, no count."""
    line_start = start == 0 or text[start - 1] == "\n" or rules.pattern(r"\n[ \t]*$").search(text, max(0, start - 4), start)
    return bool(line_start) and rules.pattern(r"\s?[-.)–]\s").match(text, end) is not None


def _after_acronym(before: str) -> bool:
    """ "Ban QLDA 85", "vụ PMU 18", "Công ty XNK 2": a number after an upper-case acronym of
    three letters or more names the thing (a project board, a unit); it counts only when a
    counted noun follows. Two letters are too often an owner ("Hội ND 14 tỉnh")."""
    previous = rules.pattern(r"(?<![\p{L}\d.])(\p{Lu}{3,})\s*$").search(before)
    return previous is not None and previous.group(1) not in capitalised_measures()


def _after_name(text: str, start: int, end: int, p: dict[str, Any]) -> bool:
    """ "SEA Games 23 ở nội dung 70 kg", "Cienco 1 của Bộ GTVT", "Nokia 6.": a number right after a
    capitalised word inside a sentence, followed by no noun (a mark, a capitalised word or a
    word of `unit_stops`), closes a name (an edition, a unit, a model). "Quỹ Cần Thơ 100 suất
    học bổng" counts; a capitalised word opening the sentence ("Có 22 cá nhân") is no name."""
    previous = rules.pattern(r"(?<![\p{L}\d])(\p{Lu}\p{L}*)\s+$").search(text, max(0, start - 25), start)
    if previous is None or opens_sentence(text, previous.start(1)):
        return False
    noun = p["noun_after"].match(text, end)
    return noun is None or noun.group(1) in p["stops"]


def _before_name(after: str) -> bool:
    """ "khách sạn Horison, 40 Cát Linh", "khu đất 12 Tôn Đản": a number before a name of two
    capitalised words is a house number (or part of the name), no count."""
    return rules.pattern(r"\s+\p{Lu}\p{Ll}*\s+\p{Lu}").match(after) is not None


def _is_year(text: str) -> bool:
    return rules.pattern(r"(?:19|20)\d\d").fullmatch(text) is not None


def counted_after(text: str, end: int) -> bool:
    """Whether a counted noun of the unit list follows `end`: "2017 đảng viên" is a count,
    "Giải Búa liềm vàng 2017 gồm" a year."""
    return _patterns()["unit_after"].match(text, end) is not None


def find_expressions(text: str, entity_spans: list[tuple[int, int]]) -> list[Expression]:
    """Every quantity expression of `text` that can be a fact (entity spans are excluded)."""
    p = _patterns()
    blocked = Spans(entity_spans)
    for pattern in (_DATE, _TIME, _PHONE):
        for m in pattern.finditer(text):
            blocked.add(*m.span())
    found: list[Expression] = []
    for m in p["expression"].finditer(text):
        start, end = m.span()
        if blocked.overlaps(start, end):
            continue
        before, after = text[max(0, start - 25):start], text[end:end + 25]
        first = m.group("a").split()[0]
        if _is_year(first) and (m.group("max") is None or _is_year(m.group("max").split()[0])):
            if not counted_after(text, end) or p["not_after"].search(before) or m.group("max"):
                continue   # a year or a period of years: "2017 đảng viên" counts, "Giải … 2017 gồm" does not
        if (p["not_after"].search(before) and not p["allowed_before"].search(before)) or p["not_before"].match(after):
            continue
        if _day_month(m, before, after, p) or _in_name(before, after) or _list_number(text, start, end):
            continue
        if not _is_percent(m) and (_after_acronym(before) or _before_name(after) or _after_name(text, start, end, p)) \
                and not counted_after(text, end):
            continue
        value = parse(m.group("a"))
        if value is None:
            continue
        exp = Expression(start, end, value, percent=_is_percent(m))
        if m.group("total"):
            exp.total = parse_digits(m.group("total"))
        if m.group("max") or m.group("pmax"):
            exp.value_max = parse(m.group("max") or m.group("pmax"))   # "30-35%", "6% - 6,5%"
        found.append(exp)
    found = _comma_ranges(text, found, p)
    for exp in found:
        blocked.add(exp.start, exp.end)
    found += _word_numbers(text, blocked, found)
    return sorted(found, key=lambda e: e.start)


def _comma_ranges(text: str, found: list[Expression], p: dict[str, Any]) -> list[Expression]:
    """ "1, 2 cuộc kiểm tra", "2, 3 người trở lên": two consecutive small numbers joined by a
    comma before a noun read "one or two", one range (gold-format §4); a list goes on with its
    own words or numbers ("2, 3 và 4", "loại 1, 2, 3 hộp") and keeps its numbers apart."""
    merged: list[Expression] = []
    for exp in found:
        prev = merged[-1] if merged else None
        if prev and prev.value_max is None and prev.total is None and not (prev.percent or exp.percent) \
                and exp.value == prev.value + 1 and 0 < prev.value < 10 and text[prev.end:exp.start] == ", " \
                and not rules.pattern(r"\d,\s*$").search(text, max(0, prev.start - 4), prev.start) \
                and (noun := p["noun_after"].match(text, exp.end)) and noun.group(1) not in p["stops"]:
            prev.value_max, prev.end = exp.value, exp.end
            continue
        merged.append(exp)
    return merged


def _word_numbers(text: str, taken: Spans, digits: list[Expression]) -> list[Expression]:
    """Numbers written in words count only before a counted noun ("chín đảng viên"), outside
    the spans `taken` (entities, dates and the `digits`, the numbers written in digits)."""
    p = _patterns()
    found = []
    for m in p["words"].finditer(text):
        start, end = m.span()
        if start > 0 and text[start - 1].isalnum():
            continue
        if not p["unit_after"].match(text, end) and not _counts_any_noun(text, m, p):
            continue   # a number in words counts only before a counted noun
        if taken.overlaps(start, end):
            continue
        before, after = text[max(0, start - 25):start], text[end:end + 25]
        if p["set_phrases"].match(text, start) or p["not_after"].search(before) or p["not_before"].match(after):
            continue
        if rules.pattern(r"(?i:hàng|vài|dăm|mấy|từng|mỗi)\s+$").search(before) or rules.pattern(r"\d\s*$").search(before):
            continue
        previous = rules.pattern(r"(\p{L}+)\s+$").search(before)
        if previous and is_word(previous.group(1), m.group().split()[0]):
            continue   # "đầu tư", "thứ năm": the syllable belongs to another word
        following = rules.pattern(r"\s+(\p{L}+)").match(text, end)
        if following and is_word(m.group().split()[-1], following.group(1)) and not _plain_count(m.group(), following.group(1)):
            continue   # "tư bản", "tư nhân", "năm nay": the number word opens another word
        value = parse(m.group())
        if value is None:
            continue
        found.append(Expression(start, end, value))
    others = sorted(digits + found, key=lambda e: e.start)
    starts = [e.start for e in others]
    return [e for e in found if not _lone_article(text, e, others, starts)]


def _counts_any_noun(text: str, m: regex.Match, p: dict[str, Any]) -> bool:
    """ "hai võ sĩ", "sáu phó chủ tịch": a counting word before a lower-case word that is no
    verb, preposition or modifier of `unit_stops`."""
    noun = p["noun_after"].match(text, m.end())
    if not noun or noun.group(1) in p["stops"]:
        return False
    return p["counting"].fullmatch(m.group()) is not None


def _plain_count(number: str, noun: str) -> bool:
    """ "ba bản", "hai người": a word list may hold the pair, but a counted noun of the unit list
    after a number other than "tư" (which counts only in compounds of four) is a count."""
    return number.lower() != "tư" and _patterns()["unit_after"].match(" " + noun) is not None


def _lone_article(text: str, exp: Expression, others: list[Expression], starts: list[int]) -> bool:
    """ "một" counts only among other counts of its clause ("kiểm tra một tổ chức đảng, 14
    đảng viên"); alone it is an article ("tại một hội nghị", "là một đảng bộ"). `others` are
    the counts in order of `starts`: only those within 80 characters are looked at."""
    if text[exp.start:exp.end].lower() != "một":
        return False
    clause = rules.pattern(r"[.;:!?\n]")
    for other in others[bisect_right(starts, exp.start - 80):bisect_left(starts, exp.start + 80)]:
        if other is exp:
            continue
        lo, hi = sorted((exp.end, other.start)) if other.start > exp.start else sorted((other.end, exp.start))
        if not clause.search(text, lo, hi):
            return False
    return True
