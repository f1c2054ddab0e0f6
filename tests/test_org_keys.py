"""One identity per organisation: the org_key over the gold seeds.

Which mentions name one body was read from the articles (and agrees with their gold ORG
spans): the Đảng bộ Khối of Lạng Sơn is written "Đảng bộ Khối các cơ quan tỉnh",
"Đảng ủy Khối" and "ĐBKCCQ tỉnh"; Bình Liêu's party is "Huyện ủy Bình Liêu" and "Đảng bộ huyện
Bình Liêu"; the bodies of the same name in Nghệ An and Vĩnh Phúc are other bodies.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from pipeline import rules
from pipeline.entities.org_keys import _scoped
from pipeline.models import Article, SourceDoc
from pipeline.stages import process
from tests.conftest import CORPUS, ROOT

GOLD = {line["doc_id"]: line for line in map(json.loads, (ROOT / "gold" / "party.jsonl").read_text(
    encoding="utf-8").splitlines())}


@cache
def _article(stem: str) -> Article:
    path = next(CORPUS.glob(f"{stem}_*.txt"))
    return process(SourceDoc(doc_id=path.stem, input=str(path), format="txt",
                             text=path.read_text(encoding="utf-8"), decoding="utf-8"))


def _keys(stem: str, written: str) -> set[str]:
    """The keys of the article's ORG mentions written so; each must also be a gold ORG span."""
    article = _article(stem)
    gold = {(e["start"], e["end"]) for e in GOLD[article.doc_id]["entities"] if e["type"] == "ORG"}
    mentions = [e for e in article.entities if e.type == "ORG" and e.text == written]
    assert mentions and all((e.start, e.end) in gold for e in mentions), written
    return {e.org_key for e in mentions}


@pytest.mark.parametrize("stem, names", [
    ("002", ["Đảng bộ Khối các cơ quan tỉnh", "Đảng ủy Khối", "ĐBKCCQ tỉnh"]),
    ("001", ["Huyện ủy Bình Liêu", "Đảng bộ huyện Bình Liêu"]),
    ("003", ["Đảng bộ Khối Các cơ quan tỉnh Nghệ An", "Đảng ủy Khối"]),
])
def test_mentions_of_one_body_share_one_key(stem: str, names: list[str]) -> None:
    keys = set().union(*(_keys(stem, name) for name in names))
    assert len(keys) == 1, keys


def test_bodies_of_one_name_in_two_provinces_have_two_keys() -> None:
    lang_son = _keys("002", "Đảng bộ Khối các cơ quan tỉnh")
    nghe_an = _keys("003", "Đảng bộ Khối Các cơ quan tỉnh Nghệ An")
    vinh_phuc = _keys("004", "Đảng bộ Khối Các cơ quan tỉnh")
    assert lang_son == {"đảng bộ khối các cơ quan tỉnh | Lạng Sơn"}
    assert nghe_an == {"đảng bộ khối các cơ quan tỉnh | Nghệ An"}
    assert vinh_phuc == {"đảng bộ khối các cơ quan tỉnh | Vĩnh Phúc"}


def test_a_fact_carries_its_subjects_key() -> None:
    article = _article("002")
    members = next(f for f in article.facts if f.text == "4.294")
    assert members.subject_key == "đảng bộ khối các cơ quan tỉnh | Lạng Sơn"


@pytest.mark.parametrize("name, province, key", rules.load("organisations")["key_examples"])
def test_org_key_examples_of_the_rules(name: str, province: str | None, key: str) -> None:
    assert _scoped(name, province) == key
