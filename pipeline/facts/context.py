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

import regex

from pipeline.models import Article, Entity

_PERIOD = regex.compile(r"(?:nhiệm kỳ|giai đoạn)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", regex.I)
_SINCE = regex.compile(r"từ (?:năm|đầu năm)\s+((?:19|20)\d\d)\s+(?:đến|tới) nay", regex.I)
_YEAR = regex.compile(r"(?:năm|quý [IV]+/|tháng \d{1,2}/|/)\s*((?:19|20)\d\d)(?!\d)", regex.I)
_SENTENCE_END = regex.compile(r"[.!?\n]")


def _fullest(entities: list[Entity], ident: str | None) -> str | None:
    names = [e.text for e in entities if e.entity == ident]
    return max(names, key=len) if names else None


def main_organisation(article: Article) -> str | None:
    """The body the article is about: an ORG entity named three times or more, the most named."""
    counts = Counter(e.entity for e in article.entities if e.type == "ORG" and e.kind in ("party", "state"))
    if not counts:
        return None
    ident, n = counts.most_common(1)[0]
    return _fullest(article.entities, ident) if n >= 3 else None


def subject_of(article: Article, start: int, main: str | None) -> str | None:
    """The ORG named earlier in the fact's sentence (reference offsets), else the main body."""
    text = article.text
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    named = [e for e in article.entities if e.type == "ORG" and sentence_start <= e.start < start
             and e.kind in ("party", "state", "mass")]
    if named:
        return _fullest(article.entities, named[-1].entity)
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
