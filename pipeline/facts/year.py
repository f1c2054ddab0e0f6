"""When a fact holds: the year or period it refers to (gold-format §4).

In order:
1. "hiện có", "hiện nay", "hằng năm", "mỗi năm" in the number's sentence: a standing
   figure, no period (null); so is an age;
2. the year or period the sentence states before the number ("Năm 2017, …", "nhiệm kỳ
   2015 – 2020", "9 tháng năm 2017", "quý I/2018", "ngày 10-5-2017", "30.11.2016", a year
   alone that counts nothing: "Cơ cấu giải thưởng 2017 gồm"); "từ năm 2017 đến nay"
   runs to the publication year, "từ đầu năm" is the publication year; "trong nhiệm kỳ",
   "nhiệm kỳ này/qua" with no years is the term the article last named; "đến nay" with no
   start year, and an event the sentence places only as recent or coming ("vừa qua",
   "tới đây"): null;
3. the period an earlier sentence of the same paragraph set as a frame, at the head of a
   clause ("Theo báo cáo …, trong năm 2016, … . Cấp ủy các cấp kiểm tra 796 tổ chức
   đảng", "Theo ông Chính, 2017 là năm thứ hai …"), the nearest one before the number —
   not a year inside a name ("Ban Cán sự đảng … nhiệm kỳ 2011 - 2016", "Ban Chấp hành Đảng
   bộ TP.HCM khóa 10, nhiệm kỳ 2015 - 2020");
4. otherwise the period the article's lead reports (its first year within 400 characters
   of the body's start; a day's date there, such as a document's, is no period).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from pipeline import rules
from pipeline.boundaries import sentence_start
from pipeline.facts.find import counted_after
from pipeline.spans import Spans

_PERIOD = regex.compile(r"(?:nhiệm kỳ|giai đoạn|năm học)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", regex.I)
_RANGE = regex.compile(r"(?:năm|tới|đến hết năm|đến)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", regex.I)
_SINCE = regex.compile(r"từ (?:năm|đầu năm)\s+((?:19|20)\d\d)\s+(?:đến|tới) nay", regex.I)
_THIS_YEAR = regex.compile(r"từ đầu năm(?: đến nay)?|\d+ tháng đầu năm(?!\s*(?:nay\s+)?\d)", regex.I)
# The years an undated page writes as present or past ("Ngay trong năm 2005, …"), not as a
# goal ("đến năm 2010", "tới năm 2020").
_WRITTEN_YEAR = regex.compile(r"(?<!(?:đến|tới|vào|trước|sau|hết)\s)năm\s+((?:19|20)\d\d)(?!\d)", regex.I)
_YEAR = regex.compile(r"(?:năm|quý [IV]+/|tháng \d{1,2}/|/|\d-|\d\.)\s*((?:19|20)\d\d)(?!\d)", regex.I)
# a year written alone, after a name or in brackets: "Giải Búa liềm vàng 2017", "lần thứ nhất (2016)"
_BARE_YEAR = regex.compile(r"(?<![\p{L}\d.,/–-])(?<![-–]\s)((?:19|20)\d\d)(?![\d.,/]\d|\s*[-–%]|\p{L})")
_NOT_THE_PERIOD = regex.compile(r"(?:so với|sinh|SN|cùng kỳ)\s+(?:năm\s+)?$", regex.I)
_UNTIL_NOW = regex.compile(r"(?:đến|tới) nay", regex.I)
# A frame opens a clause and sets the period for what follows: "Năm 2017, …", ", trong năm
# 2016, …", "2017 là năm thứ hai …"
_FRAME_START = regex.compile(r"(?:năm|nhiệm kỳ|giai đoạn|quý|\d+ tháng|từ|(?:19|20)\d\d\s+là\s+năm)", regex.I)
# between a body's name and its term: "Đảng bộ TP.HCM khóa 10, nhiệm kỳ 2015 - 2020"
_NAME_TO_TERM = regex.compile(r"\s*(?:,?\s*khóa\s+[IVXLC\d]+)?\s*,?\s*", regex.I)
_LEAD = 400
_DATE = regex.compile(r"\d{1,2}[/-]\d{1,2}[/-](?:19|20)\d\d")   # a day's date: no reporting period


@dataclass(frozen=True)
class _Cues:
    """The year rule's word lists from rules/facts.yaml, compiled once per process."""

    standing: regex.Pattern      # a standing figure or an open past: no year
    undated: regex.Pattern       # a recent or coming event the sentence does not date: no year
    the_term: regex.Pattern      # "trong nhiệm kỳ", "nhiệm kỳ qua" with no years: the term last named
    frame: regex.Pattern         # what may precede a frame at the head of a clause
    personal: frozenset[str]     # the units of an age


@cache
def _cues() -> _Cues:
    data = rules.load("facts")
    no_years = r"(?!\s+(?:19|20)\d\d)"
    return _Cues(
        standing=regex.compile(r"(?<!\p{L})(?<!so với )(?:" + rules.alternation(data["standing_cues"]) + r")(?!\p{L})",
                               regex.I),
        undated=rules.whole_words(data["undated_cues"], regex.I),
        the_term=regex.compile(r"(?<!\p{L})(?:" + rules.alternation(data["term_references"]) + r")(?!\p{L})" + no_years,
                               regex.I),
        frame=regex.compile(r"(?:^|[.,;:!?]\s*|\n)(?:" + rules.alternation(data["frame_openers"]) + r")?\s*$", regex.I),
        personal=frozenset(data["personal_units"]),
    )


def _statements(text: str, published_year: int | None) -> list[tuple[int, str]]:
    """Every year or period stated in `text`, with its position, in order."""
    found: list[tuple[int, str]] = []
    periods = Spans()
    for pattern in (_PERIOD, _RANGE):
        for m in pattern.finditer(text):
            found.append((m.start(), f"{m.group(1)}-{m.group(2)}"))
            periods.add(*m.span())
    for m in _SINCE.finditer(text):
        start_year = int(m.group(1))
        value = f"{start_year}-{published_year}" if published_year and published_year > start_year else str(start_year)
        found.append((m.start(), value))
        periods.add(*m.span())
    if published_year:
        found += [(m.start(), str(published_year)) for m in _THIS_YEAR.finditer(text)]
    for m in _YEAR.finditer(text):
        inside = periods.overlaps(m.start(), m.start() + 1)
        if not inside and not _NOT_THE_PERIOD.search(text, max(0, m.start() - 12), m.start()):
            found.append((m.start(), m.group(1)))
            periods.add(*m.span())
    for m in _BARE_YEAR.finditer(text):
        inside = periods.overlaps(m.start(), m.start() + 1)
        if not inside and not counted_after(text, m.end()) \
                and not _NOT_THE_PERIOD.search(text, max(0, m.start() - 12), m.start()):
            found.append((m.start(), m.group(1)))
    return sorted(found)


def current_year(text: str) -> int | None:
    """The year an article with no date line was written in, as far as its text shows: the
    latest present or past year it names. Archives (VNTC) carry no dates; "6 tháng đầu năm"
    in them means the year the text is about."""
    years = [int(m.group(1)) for m in _WRITTEN_YEAR.finditer(text)]
    return max(years) if years else None


class Years:
    """The year statements of one article, found once, and the year rule over them."""

    def __init__(self, text: str, published_year: int | None, lead_start: int, body_ends: Iterable[int] = ()) -> None:
        """`published_year`: from the date line, else as the text shows it (`current_year`).
        `body_ends`: where the article's organisation names end. A term written right after
        one ("Ban Cán sự đảng Bộ Tài nguyên và Môi trường nhiệm kỳ 2011 - 2016") says which
        body is meant, not when a figure holds; it is still a term "trong nhiệm kỳ" can mean."""
        self.text = text
        stated = _statements(text, published_year or current_year(text))
        self.terms = [(pos, value) for pos, value in stated if _PERIOD.match(text, pos)]
        named = {_NAME_TO_TERM.match(text, end).end() for end in body_ends}
        self.statements = [(pos, value) for pos, value in stated if not (pos in named and _PERIOD.match(text, pos))]
        self.positions = [pos for pos, _ in self.statements]
        self._cues = cues = _cues()
        self.frames = [(pos, value) for pos, value in self.statements
                       if _FRAME_START.match(text, pos) and cues.frame.search(text, max(0, pos - 20), pos)]
        self.frame_positions = [pos for pos, _ in self.frames]
        self.term_positions = [pos for pos, _ in self.terms]
        lead_end = min(lead_start + _LEAD, (text.find("\n", lead_start) + 1 or len(text) + 1) - 1)
        lead = [value for pos, value in self.statements
                if lead_start <= pos < lead_end and not _DATE.search(text, max(0, pos - 6), pos + 5)]
        self.lead = lead[0] if lead else None

    def _between(self, start: int, end: int) -> list[str]:
        return [value for _, value in self.statements[bisect_left(self.positions, start):bisect_left(self.positions, end)]]

    def of(self, start: int, unit: str | None = None) -> str | None:
        """The year of the fact whose number begins at reference offset `start`; an age has none."""
        cues = self._cues
        if unit in cues.personal:
            return None
        paragraph = self.text.rfind("\n", 0, start) + 1
        sentence = sentence_start(self.text, start, paragraph)
        if cues.standing.search(self.text, sentence, start):
            return None
        if stated := self._between(sentence, start):
            return stated[-1]
        if cues.the_term.search(self.text, sentence, start):
            before = bisect_left(self.term_positions, start)   # the last term named before, else the last one
            return self.terms[before - 1][1] if before else self.terms[-1][1] if self.terms else None
        if _UNTIL_NOW.search(self.text, sentence, start) or cues.undated.search(self.text, sentence, start):
            return None
        last = bisect_left(self.frame_positions, sentence) - 1      # the nearest frame of the paragraph before
        if last >= 0 and self.frame_positions[last] >= paragraph:
            return self.frames[last][1]
        return self.lead
