"""`from pipeline import extract`: the library call gives what `vnie run` gives for the same article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import extract
from pipeline import rules
from pipeline.cli import main
from pipeline.extraction import ExtractionError

TEXT = ("Năm 2017, Đảng bộ Khối các cơ quan tỉnh Lạng Sơn có gần 2.500 đảng viên, kết nạp 57 đảng viên mới. "
        "Đồng chí Mai Vũ Tuấn, Bí thư Đảng ủy Khối, dự.")


def test_extract_gives_the_records_of_a_run(tmp_path: Path) -> None:
    record = {"id": "a1", "title": "Đảng bộ Khối các cơ quan tỉnh", "text": TEXT, "published": "2018-01-05"}
    (tmp_path / "in.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out")]) == 0
    written = json.loads((tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])

    article = extract(TEXT, title=record["title"], published="2018-01-05", doc_id="a1")

    assert [(e.type, e.text, e.start) for e in article.entities] == \
        [(e["type"], e["text"], e["start"]) for e in written["entities"]]
    assert [(f.text, f.value, f.metric, f.subject, f.year) for f in article.facts] == \
        [(f["text"], f["value"], f["metric"], f["subject"], f["year"]) for f in written["facts"]]
    assert article.facts[0].subject == "Đảng bộ Khối các cơ quan tỉnh Lạng Sơn"
    assert all(TEXT[e.start:e.end] == e.text for e in article.entities)   # spans point into the text given


def test_extract_reuses_the_loaded_rules() -> None:
    extract(TEXT)
    loads = rules.load.cache_info().misses
    extract(TEXT.replace("57", "58"))
    assert rules.load.cache_info().misses == loads


def test_the_same_text_gets_the_same_id_and_a_bad_one_a_clear_error() -> None:
    assert extract(TEXT).doc_id == extract(TEXT).doc_id
    with pytest.raises(ExtractionError) as failure:
        extract("   ")
    assert failure.value.stage == "normalise"
    with pytest.raises(ValueError):
        extract(TEXT, published="05/01/2018")
