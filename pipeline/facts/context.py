"""Whom a fact is about and when: the subject organisation and the year (gold-format §4).

Subject: the organisation the sentence names before the number ("Đảng bộ Khối các cơ quan
tỉnh có gần 2.500 đảng viên"), written as its fullest mention in the article; when the
sentence names none, the article's main organisation if it has one (a body named three
times or more). Year: the year or period the sentence states before the number ("Năm
2017", "nhiệm kỳ 2015 – 2020", "9 tháng năm 2017", "quý I/2018"); "từ năm 2017 đến nay"
runs to the publication year, "từ đầu năm" is the publication year; otherwise the period
the article's lead reports, or the article's dominant year.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import regex

from pipeline import rules
from pipeline.models import Article, Entity

_PERIOD = regex.compile(r"(?:nhiệm kỳ|giai đoạn)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", regex.I)
_SINCE = regex.compile(r"từ (?:năm|đầu năm)\s+((?:19|20)\d\d)\s+(?:đến|tới) nay", regex.I)
_YEAR = regex.compile(r"(?:năm|quý [IV]+/|tháng \d{1,2}/|/)\s*((?:19|20)\d\d)(?!\d)", regex.I)
_SENTENCE_END = regex.compile(r"[.!?](?=\s|$)|\n")   # not the dot of "4.294"


@cache
def _subject_rules() -> tuple[regex.Pattern, regex.Pattern]:
    data = rules.load("facts")
    boards = "|".join(regex.escape(b) for b in sorted(data["subject_boards"], key=len, reverse=True))
    generic = "|".join(regex.escape(g) for g in sorted(data["generic_actors"], key=len, reverse=True))
    return regex.compile(r"^(?:" + boards + r")\s+(?=\S)"), regex.compile(r"(?<!\p{L})(?:" + generic + r")(?!\p{L})")


def _body(name: str) -> str:
    """A board stands for its body: "Ban Thường vụ Đảng ủy Khối" -> "Đảng ủy Khối"."""
    return _subject_rules()[0].sub("", name)


def _fullest(entities: list[Entity], name: str) -> str:
    """The longest mention in the article that begins with `name` (its fullest written form)."""
    names = [_body(e.name or e.text) for e in entities if e.type == "ORG" and _body(e.name or e.text).startswith(name)]
    return max(names, key=len) if names else name


def main_organisation(article: Article) -> str | None:
    """The body a local article is about: a party or state body named three times or more.

    National articles (no province) have none: their implicit figures belong to no one body.
    """
    if article.province is None:
        return None
    counts = Counter(_body(e.name or e.text) for e in article.entities if e.type == "ORG" and e.kind in ("party", "state"))
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return _fullest(article.entities, name) if n >= 3 else None


def subject_of(article: Article, start: int, main: str | None) -> str | None:
    """The body named before the number in its sentence (not a document's issuer), else the main body.

    A generic actor after that body ("cấp ủy các cấp") leaves the subject null.
    """
    text = article.text
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    docs = [e for e in article.entities if e.type == "DOC"]
    named = [e for e in article.entities if e.type == "ORG" and sentence_start <= e.start < start
             and e.kind in ("party", "state", "mass")
             and not any(0 <= e.start - d.end <= 25 and "của" in text[d.end:e.start] for d in docs)]
    generic = list(_subject_rules()[1].finditer(text, named[-1].end if named else sentence_start, start))
    if generic:
        return None
    if named:
        return _fullest(article.entities, _body(named[-1].name or named[-1].text))
    return main


_RANGE = regex.compile(r"(?:năm|tới|đến hết năm|đến)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", regex.I)
_THIS_YEAR = regex.compile(r"từ đầu năm(?: đến nay)?", regex.I)
_NOT_THE_PERIOD = regex.compile(r"(?:so với|sinh|SN|cùng kỳ)\s+(?:năm\s+)?$", regex.I)
_UNTIL_NOW = regex.compile(r"(?:đến|tới) nay", regex.I)


def _years(scope: str, published_year: int | None) -> list[tuple[int, str]]:
    """Every year or period stated in `scope`, with its position."""
    found: list[tuple[int, str]] = []
    periods = []
    for pattern in (_PERIOD, _RANGE):
        for m in pattern.finditer(scope):
            found.append((m.start(), f"{m.group(1)}-{m.group(2)}"))
            periods.append(m.span())
    for m in _SINCE.finditer(scope):
        start_year = int(m.group(1))
        value = f"{start_year}-{published_year}" if published_year and published_year > start_year else str(start_year)
        found.append((m.start(), value))
        periods.append(m.span())
    for m in _THIS_YEAR.finditer(scope):
        if published_year:
            found.append((m.start(), str(published_year)))
    for m in _YEAR.finditer(scope):
        inside = any(s <= m.start() < e for s, e in periods)
        if not inside and not _NOT_THE_PERIOD.search(scope[max(0, m.start() - 12):m.start()]):
            found.append((m.start(), m.group(1)))
    return sorted(found)


def year_of(text: str, start: int, published_year: int | None, lead_start: int = 0) -> str | None:
    """The year or period the fact refers to (see the module docstring).

    The sentence before the number first; then the period the article's lead reports
    ("Trong 6 tháng đầu năm 2017, …": its first year within 400 characters of `lead_start`);
    then the article's dominant year (stated at least twice, and more often than all others
    together). "đến nay" with no start year stops the search: it names no year.
    """
    paragraph_start = text.rfind("\n", 0, start) + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, paragraph_start, start)]
    sentence = text[ends[-1] if ends else paragraph_start:start]
    if found := _years(sentence, published_year):
        return found[-1][1]
    if _UNTIL_NOW.search(sentence):
        return None
    if found := _years(text[lead_start:lead_start + 400], published_year):
        return found[0][1]
    counts = Counter(value for _, value in _years(text, published_year))
    if counts:
        (value, n), total = counts.most_common(1)[0], sum(counts.values())
        if n >= 2 and n * 2 > total:
            return value
    return None
