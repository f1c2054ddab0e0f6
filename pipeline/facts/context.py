"""Whom a fact is about and when: the subject organisation and the year (gold-format §4).

Subject: the organisation the sentence names before the number ("Đảng bộ Khối các cơ quan
tỉnh có gần 2.500 đảng viên"), written as its fullest mention in the article; when the
sentence names none, the article's main organisation if it has one (a body named three
times or more). Year: the year or period the sentence states before the number ("Năm
2017", "nhiệm kỳ 2015 – 2020", "9 tháng năm 2017", "quý I/2018"); "từ năm 2017 đến nay"
runs to the publication year; otherwise the year the paragraph last stated.
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
_SENTENCE_END = regex.compile(r"[.!?\n]")


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


def year_of(text: str, start: int, published_year: int | None) -> str | None:
    """The year or period stated before the number in its sentence, else in its paragraph."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    window = text[paragraph_start:start]
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
    for scope in (window[sentence_start:], window):
        best: tuple[int, str] | None = None
        for m in _PERIOD.finditer(scope):
            best = max(best or (-1, ""), (m.start(), f"{m.group(1)}-{m.group(2)}"))
        for m in _SINCE.finditer(scope):
            end_year = published_year or None
            value = f"{m.group(1)}-{end_year}" if end_year and end_year > int(m.group(1)) else m.group(1)
            best = max(best or (-1, ""), (m.start(), value))
        for m in _YEAR.finditer(scope):
            if not any(p.start() <= m.start() < p.end() for p in _PERIOD.finditer(scope)):
                best = max(best or (-1, ""), (m.start(), m.group(1)))
        if best:
            return best[1]
    return None
