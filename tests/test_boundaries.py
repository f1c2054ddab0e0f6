"""Sentence and clause boundaries: numbers and abbreviations with dots go on, "…" and ";" end."""

from __future__ import annotations

from pipeline.boundaries import clause_start, sentence_end, sentence_start
from pipeline.sentences import sentence

TEXT = "Năm 2016, Đảng bộ có 4.294 đảng viên; kết nạp 30.11.2016 thêm 6. TP.HCM có nhiều… Hết"


def test_dots_inside_numbers_and_names_end_nothing() -> None:
    at = TEXT.index("4.294")
    assert sentence_start(TEXT, at) == 0
    assert TEXT[:sentence_end(TEXT, at)].endswith("thêm 6.")
    assert sentence(TEXT, TEXT.index("TP.HCM"), TEXT.index("TP.HCM") + 6) == "TP.HCM có nhiều…"


def test_a_semicolon_ends_a_clause_not_a_sentence() -> None:
    at = TEXT.index("30.11")
    assert TEXT[clause_start(TEXT, at):].startswith(" kết nạp")
    assert sentence_start(TEXT, at) == 0


def test_the_search_stays_above_its_floor() -> None:
    assert sentence_start(TEXT, TEXT.index("Hết"), floor=70) == TEXT.index("… Hết") + 1
    assert clause_start(TEXT, 5, floor=3) == 3
