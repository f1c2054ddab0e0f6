"""Normalisation: one spelling whatever the input style, and offsets that always map back."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import read_inputs
from pipeline.models import SourceDoc
from pipeline.normalise import normalise
from pipeline.normalise.characters import clean

OLD_STYLE = "Đảng uỷ Khối thực hiện Nghị quyết Trung ương 4 khoá XII, tự chuyển hoá, hoà bình, Thuý"
NEW_STYLE = "Đảng ủy Khối thực hiện Nghị quyết Trung ương 4 khóa XII, tự chuyển hóa, hòa bình, Thúy"


def _doc(text: str, fmt: str = "txt") -> SourceDoc:
    text = unicodedata.normalize("NFC", text)
    return SourceDoc(doc_id="t", input="test", format=fmt, text=text, decoding="utf-8")


def test_old_new_and_decomposed_styles_normalise_alike() -> None:
    decomposed = unicodedata.normalize("NFD", OLD_STYLE)
    assert decomposed != OLD_STYLE
    texts = {normalise(_doc(body, "jsonl")).normalised_text for body in (OLD_STYLE, NEW_STYLE, decomposed)}
    assert texts == {NEW_STYLE}


def skeleton(text: str) -> tuple[str, Counter]:
    """Letters in order and the multiset of their marks, with spacing ignored.

    "Same characters up to normalisation": a tone mark may move to the next letter
    ("uỷ" -> "ủy"), spaces may collapse, invisible characters may go.
    """
    decomposed = unicodedata.normalize("NFD", clean(text)[0])
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and not ch.isspace())
    return letters, Counter(ch for ch in decomposed if unicodedata.combining(ch))


def _seed_articles() -> list:
    root = Path(__file__).resolve().parent.parent / "corpus"
    return [normalise(doc) for doc in read_inputs([str(root)])]


SEEDS = _seed_articles()


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_spans_of_the_seeds_map_back_to_the_same_characters(data: st.DataObject) -> None:
    article = data.draw(st.sampled_from(SEEDS))
    block = data.draw(st.sampled_from([b for b in article.blocks if b.norm_start is not None]))
    i = data.draw(st.integers(block.norm_start, block.norm_end - 1))
    j = data.draw(st.integers(i + 1, block.norm_end))
    i, j = article.offsets.snap(i, j)
    a, b = article.offsets.to_ref(i, j)
    assert block.start <= a < b <= block.end
    assert skeleton(article.text[a:b]) == skeleton(article.normalised_text[i:j])


# Text built from the pieces normalisation rewrites, mixed with ordinary letters.
PIECES = st.sampled_from([
    "uỷ", "Uỷ", "oá", "hoà", "khoẻ", "quỷ", "hoàn", "a", "Đ", "ư", "ơ", " ", "  ", "\u00a0", "\t",
    "\u200b", "\ufeff", "\n", "\r\n", "\u0300", "u\u0309y", ".", "2.500", "99,26%", "x",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=40).map("".join), st.data())
def test_clean_maps_every_span_back(raw: str, data: st.DataObject) -> None:
    ref = unicodedata.normalize("NFC", raw)
    cleaned, omap = clean(ref)
    assert len(omap) == len(cleaned)
    if not cleaned:
        return
    i = data.draw(st.integers(0, len(cleaned) - 1))
    j = data.draw(st.integers(i + 1, len(cleaned)))
    i, j = omap.snap(i, j)
    a, b = omap.to_ref(i, j)
    assert skeleton(ref[a:b]) == skeleton(cleaned[i:j])


def test_whole_text_maps_onto_its_reference_span() -> None:
    ref = "Đảng\u00a0\u00a0uỷ\u200b Khối khoá XII"
    cleaned, omap = clean(ref)
    assert cleaned == "Đảng ủy Khối khóa XII"
    assert omap.to_ref(0, len(cleaned)) == (0, len(ref))
    start = cleaned.index("ủy")
    assert ref[slice(*omap.to_ref(start, start + 2))] == "uỷ"


@pytest.mark.parametrize("bad", [(-1, 2), (3, 2), (0, 10_000)])
def test_out_of_range_spans_are_refused(bad: tuple[int, int]) -> None:
    _, omap = clean("Đảng bộ")
    with pytest.raises(IndexError):
        omap.to_ref(*bad)


@pytest.mark.parametrize("text, title, body", [
    ("Không mang quà (NLĐ)- Ban Bí thư vừa có công điện.\nĐoạn hai.", "Không mang quà",
     ["Ban Bí thư vừa có công điện.", "Đoạn hai."]),
    ("Tin ngắn (NLĐ)-", "Tin ngắn", []),
    ("Khai mạc đại hội\nTin tham khảo cũ(15/06/2004)\nXem tiếp", "Khai mạc đại hội", []),
])
def test_a_record_without_title_reads_its_headline_from_the_first_line(text: str, title: str, body: list) -> None:
    article = normalise(SourceDoc(doc_id="v", input="t", format="jsonl", text=text, decoding="utf-8"))
    assert article.title == title
    assert [text[b.start:b.end] for b in article.blocks if b.kind == "body"] == body
