"""The five seed articles: metadata recovered from the page, furniture gone from the body."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest import read_inputs
from pipeline.normalise import normalise
from tests.conftest import CORPUS

ARTICLES = {a.doc_id: a for a in (normalise(d) for d in read_inputs([str(CORPUS)]))}

EXPECTED = {
    "000_e13414ce6d9128bf": {"author": "Lê Hiếu", "published": None},
    "001_3071c7396e23f874": {"title": "Bình Liêu: Lãnh đạo toàn diện, đổi mới",
                             "published": dt.date(2017, 10, 23), "author": "Trúc Linh"},
    "002_817ad7f92e42fc09": {"source": "baolangson.vn", "published": dt.date(2020, 7, 21)},
    "003_632b39550a00e155": {"author": "Thanh Lê", "source": "baonghean.vn"},
    "004_bdc711aa20a9d196": {"published": dt.date(2018, 5, 14), "author": "Thúy Hường"},
}


@pytest.mark.parametrize("doc_id,field,value", [(d, f, v) for d, fields in EXPECTED.items() for f, v in fields.items()])
def test_seed_metadata(doc_id: str, field: str, value: object) -> None:
    assert getattr(ARTICLES[doc_id], field) == value


FURNITURE = ["Tin liên quan", "Ý kiến của bạn", "Họ tên:", "Email:", "TAG:", "POWERED BY", "Tin tức Mới",
             "Nguồn: Baolangson", "(Baonghean.vn)", "Ảnh:", "GMT+7", "\n.\n", "\n;", "Trúc Linh", "Lê Hiếu"]


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_no_furniture_survives_in_the_normalised_body(doc_id: str) -> None:
    body = ARTICLES[doc_id].normalised_text
    for piece in FURNITURE:
        assert piece not in body, piece
    assert "\u00a0" not in body and "  " not in body


def test_titles_are_headlines_not_category_labels() -> None:
    assert ARTICLES["002_817ad7f92e42fc09"].title == "Đảng bộ Khối các cơ quan tỉnh: Một nhiệm kỳ nhiều dấu ấn"
    assert ARTICLES["004_bdc711aa20a9d196"].title.startswith("Trao đổi về mô hình")
    kinds = {b.kind for b in ARTICLES["004_bdc711aa20a9d196"].blocks}
    assert "category" in kinds


def test_captions_and_credits_are_kept_apart() -> None:
    article = ARTICLES["003_632b39550a00e155"]
    captions = [article.text[b.start:b.end] for b in article.blocks if b.kind == "caption"]
    assert any("GS Hoàng Chí Bảo" in c for c in captions)
    assert "Ảnh: Thanh Lê" in article.photo_credits
    assert "Thanh Lê" not in article.normalised_text


def test_old_style_tone_marks_are_gone_from_the_seeds() -> None:
    body = ARTICLES["000_e13414ce6d9128bf"].normalised_text
    assert "uỷ" not in body and "khoá" not in body and "Đảng ủy Khối" in body
