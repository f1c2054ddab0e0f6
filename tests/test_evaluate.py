"""The scorer on small hand-made cases, and the gold validator refusing what it must."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate.annotations import compile_annotation, locate
from pipeline.evaluate.goldfile import GoldError, GoldLine, check_line
from pipeline.evaluate.score import same_subject, score

TEXT = "Đảng bộ huyện Bình Liêu có 2.105 đảng viên. Huyện ủy Bình Liêu thực hiện Chỉ thị 05-CT/TW."
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


def _span(text: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def ent(type_: str, text: str, **attrs) -> dict:
    start, end = _span(text)
    return {"type": type_, "start": start, "end": end, "text": text, **attrs}


def fact(text: str, value: float, **attrs) -> dict:
    start, end = _span(text)
    return {"start": start, "end": end, "text": text, "kind": attrs.pop("kind", "count"), "value": value, **attrs}


def line(entities: list[dict] = (), facts: list[dict] = (), **fields) -> GoldLine:
    return GoldLine.model_validate({"doc_id": "d", "text_sha256": SHA, "entities": list(entities),
                                   "facts": list(facts), **fields})


GOLD = line(
    [ent("ORG", "Đảng bộ huyện Bình Liêu", kind="party"), ent("ORG", "Huyện ủy Bình Liêu", kind="party"),
     ent("DOC", "Chỉ thị 05-CT/TW", doc_kind="chi_thi", canonical="05-CT/TW")],
    [fact("2.105", 2105, unit="đảng viên", metric="party_members", qualifier="exact",
          subject="Đảng bộ huyện Bình Liêu", year=None)],
    province="Quảng Ninh", author=None,
)


def test_exact_match_scores_one() -> None:
    result = score([GOLD], [GOLD]).as_json()
    assert result["entities"]["strict"]["f1"] == 1.0
    assert result["facts"]["f1"] == 1.0
    assert result["entity_attributes"] == {"canonical": 1.0, "doc_kind": 1.0, "kind": 1.0}
    assert set(result["facts"]["attributes"].values()) == {1.0}
    assert result["documents"] == {"author": 1.0, "province": 1.0}


def test_boundary_error_is_partial_but_not_strict() -> None:
    pred = line([ent("ORG", "Đảng bộ huyện", kind="party")])
    result = score([GOLD], [pred]).as_json()["entities"]["by_type"]["ORG"]
    assert result["strict"]["tp"] == 0 and result["strict"]["fp"] == 1
    assert result["partial"]["tp"] == 1 and result["partial"]["fn"] == 1


def test_wrong_type_matches_neither_way() -> None:
    pred = line([ent("LOC", "Huyện ủy Bình Liêu")])
    result = score([GOLD], [pred]).as_json()["entities"]
    assert result["strict"]["tp"] == 0 and result["partial"]["tp"] == 0
    assert result["by_type"]["LOC"]["strict"]["fp"] == 1


def test_wrong_attribute_value_counts_against_accuracy_only() -> None:
    pred = line([ent("DOC", "Chỉ thị 05-CT/TW", doc_kind="chi_thi", canonical="05-CT/TU")])
    result = score([GOLD], [pred]).as_json()
    assert result["entities"]["by_type"]["DOC"]["strict"]["tp"] == 1
    assert result["entity_attributes"]["canonical"] == 0.0


def test_fact_with_wrong_value_is_no_match() -> None:
    pred = line(facts=[fact("2.105", 2.105)])
    assert score([GOLD], [pred]).as_json()["facts"]["tp"] == 0


def test_fact_with_right_value_but_wrong_unit_matches_with_wrong_unit() -> None:
    pred = line(facts=[fact("2.105", 2105, unit="chi bộ", metric="party_members", qualifier="exact",
                             subject="Huyện ủy Bình Liêu", year=None)])
    result = score([GOLD], [pred]).as_json()["facts"]
    assert result["f1"] == 1.0
    assert result["attributes"]["unit"] == 0.0
    assert result["attributes"]["subject"] == 1.0  # "Huyện ủy X" is read as "Đảng bộ huyện X"


def test_duplicate_predictions_count_once() -> None:
    twice = line([ent("ORG", "Huyện ủy Bình Liêu")] * 2, [fact("2.105", 2105)] * 2)
    result = score([GOLD], [twice]).as_json()
    assert result["entities"]["strict"]["fp"] == 0 and result["entities"]["strict"]["tp"] == 1
    assert result["facts"]["fp"] == 0 and result["facts"]["tp"] == 1


def test_articles_not_predicted_are_not_scored() -> None:
    other = GoldLine.model_validate({**GOLD.model_dump(), "doc_id": "e"})
    assert score([GOLD, other], [GOLD]).as_json()["articles"] == 1


@pytest.mark.parametrize("gold,pred,same", [
    ("Đảng bộ Khối các cơ quan tỉnh Lạng Sơn", "Đảng ủy Khối các cơ quan tỉnh", True),
    ("Đảng bộ thành phố Đà Nẵng", "Thành ủy Đà Nẵng", True),
    ("Doanh nghiệp tư nhân (DNTN) Hòa Bình", "Doanh nghiệp tư nhân Hòa Bình", True),
    ("Đảng bộ huyện Bình Liêu", "Đảng bộ huyện Tiên Yên", False),
    (None, None, True),
    (None, "Huyện ủy Bình Liêu", False),
])
def test_subjects_compare_as_organisations(gold, pred, same) -> None:
    assert same_subject(gold, pred) is same


def test_drifted_text_is_refused() -> None:
    assert check_line(GOLD, TEXT) == []
    problems = check_line(GOLD, TEXT.replace("2.105", "2.106"))
    assert problems and "drifted" in problems[0] and "doc d" in problems[0]


def test_span_text_mismatch_and_overlap_are_refused() -> None:
    bad = line([ent("ORG", "Đảng bộ huyện Bình Liêu"), ent("LOC", "Bình Liêu")])
    bad.entities[0].text = "Đảng bộ"
    problems = check_line(bad, TEXT)
    assert any("text at" in p for p in problems) and any("overlap" in p for p in problems)


def test_unknown_enum_values_are_refused(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"doc_id": "d", "text_sha256": SHA, "entities": [
        {**ent("ORG", "Huyện ủy Bình Liêu"), "kind": "partisan"}], "facts": []}) + "\n", encoding="utf-8")
    assert main(["gold", "check", str(gold), "--inputs", str(tmp_path)]) == 2


def test_annotations_locate_spans_without_counting() -> None:
    assert locate(TEXT, {"text": "Bình Liêu", "ctx": "Huyện ủy Bình Liêu thực"}) == _span("Bình Liêu", 2)
    assert locate(TEXT, {"text": "Bình Liêu", "nth": 1}) == _span("Bình Liêu", 1)
    with pytest.raises(ValueError, match="occurs 2 times"):
        locate(TEXT, {"text": "Bình Liêu"})
    with pytest.raises(ValueError, match="not inside"):
        locate(TEXT, {"text": "Tiên Yên", "ctx": "Huyện ủy Bình Liêu thực"})


def test_annotation_compiles_to_a_valid_gold_line() -> None:
    data = {"doc_id": "d", "province": "Quảng Ninh", "title": None, "published": None, "author": None,
            "source": None, "entities": [{"type": "ORG", "text": "Huyện ủy Bình Liêu", "kind": "party"}],
            "facts": [{"text": "2.105", "kind": "count", "value": 2105, "year": 2017}]}
    gold = compile_annotation(data, TEXT, "test.yaml")
    assert (gold.entities[0].start, gold.facts[0].year) == (_span("Huyện ủy Bình Liêu")[0], "2017")
    with pytest.raises(GoldError, match="doc d"):
        compile_annotation({**data, "facts": [{"text": "9.999", "kind": "count", "value": 1}]}, TEXT, "test.yaml")


def test_eval_command_writes_reports(tmp_path: Path, capsys) -> None:
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD.model_dump()) + "\n", encoding="utf-8")
    code = main(["eval", "--gold", str(gold), "--pred", str(gold), "--inputs", str(tmp_path / "d.txt"),
                 "--report", str(tmp_path / "rep"), "--no-baseline"])
    assert code == 0
    assert "1.000" in capsys.readouterr().out
    scores = json.loads((tmp_path / "rep" / "scores.json").read_text(encoding="utf-8"))
    assert scores["entities"]["strict"]["f1"] == 1.0 and scores["articles"] == 1
    page = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert page.count("<mark") == 2 * 4  # gold and predicted side by side: 3 entities + 1 fact each
    assert "Huyện ủy Bình Liêu" in page


def test_misses_are_listed_with_their_sentence(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(GOLD.model_dump()) + "\n", encoding="utf-8")
    pred.write_text(json.dumps(line([ent("LOC", "Bình Liêu")]).model_dump()) + "\n", encoding="utf-8")
    main(["eval", "--gold", str(gold), "--pred", str(pred), "--inputs", str(tmp_path / "d.txt"),
          "--report", str(tmp_path / "rep"), "--no-baseline"])
    page = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert "<tr class='FP'><td>FP</td><td>entity</td><td>LOC</td><td>Bình Liêu</td>" in page
    assert "Đảng bộ huyện Bình Liêu có 2.105 đảng viên." in page


def test_underthesea_baseline_maps_its_spans_to_reference_offsets() -> None:
    from pipeline.evaluate.baseline import baseline_line
    from pipeline.models import SourceDoc
    from pipeline.normalise import normalise

    text = "Đồng chí Mai Vũ Tuấn,\u00a0Bí thư Huyện uỷ, phát biểu tại Hà Nội."
    article = normalise(SourceDoc(doc_id="b", input="t", format="jsonl", text=text, decoding="utf-8"))
    predicted = baseline_line(article)
    assert any(e.type == "PER" and e.text == "Mai Vũ Tuấn" for e in predicted.entities)
    assert all(text[e.start:e.end] == e.text for e in predicted.entities)


def test_project_gold_is_valid(shared_corpus: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    assert main(["gold", "check", str(root / "gold"), "--inputs", str(root / "corpus"), str(shared_corpus)]) == 0


def test_eval_scores_each_source_apart(tmp_path: Path, capsys) -> None:
    """Two JSON Lines collections, one predicted right and one wrong: the total hides it, the
    per-source rows must not."""
    records = [{"id": f"{src}-1", "source": f"{src}.vn", "text": TEXT} for src in ("alpha", "beta")]
    inputs = tmp_path / "articles.jsonl"
    inputs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    gold_lines = [line(GOLD.model_dump()["entities"], **{"province": "Quảng Ninh"}).model_copy(update={"doc_id": r["id"]})
                  for r in records]
    pred_lines = [gold_lines[0], line([ent("LOC", "Bình Liêu")]).model_copy(update={"doc_id": "beta-1"})]
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(g.model_dump()) + "\n" for g in gold_lines), encoding="utf-8")
    pred.write_text("".join(json.dumps(p.model_dump()) + "\n" for p in pred_lines), encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--pred", str(pred), "--inputs", str(inputs),
                 "--report", str(tmp_path / "rep"), "--no-baseline"]) == 0
    out = capsys.readouterr().out
    rows = {row.split()[0]: row.split() for row in out.splitlines() if row.strip().startswith(("alpha", "beta"))}
    assert rows["alpha"][1:3] == ["1", "1.000"] and rows["beta"][1:3] == ["1", "0.000"]
    by_source = json.loads((tmp_path / "rep" / "scores.json").read_text(encoding="utf-8"))["by_source"]
    assert by_source["alpha"]["entities"]["strict"]["f1"] == 1.0
    assert by_source["beta"]["entities"]["strict"]["f1"] == 0.0


def test_eval_rough_edges(tmp_path: Path, capsys) -> None:
    """No facts on either side: "—", not 0.000; gold articles without a prediction are named;
    the page carries every system's table; a missing --pred is one line and exit 2."""
    records = [{"id": f"a-{n}", "text": TEXT} for n in (1, 2)]
    inputs = tmp_path / "articles.jsonl"
    inputs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    no_facts = line(GOLD.model_dump()["entities"])
    gold_lines = [no_facts.model_copy(update={"doc_id": r["id"]}) for r in records]
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(g.model_dump()) + "\n" for g in gold_lines), encoding="utf-8")
    pred.write_text(json.dumps(gold_lines[0].model_dump()) + "\n", encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--pred", str(pred), "--inputs", str(inputs),
                 "--report", str(tmp_path / "rep")]) == 0
    err = capsys.readouterr().err
    assert "1 gold article(s) have no prediction and are left out: a-2" in err
    page = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    row = next(r for r in page.splitlines() if r.startswith("<tr><td><a href='#a-1'>"))
    assert row.count("<td>—</td>") == 3 and row.count("<td>1.000</td>") == 3
    assert "underthesea ner (baseline)" in page
    assert main(["eval", "--gold", str(gold), "--pred", str(tmp_path / "none.jsonl"), "--inputs", str(inputs),
                 "--no-baseline"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "none.jsonl" in err and "Traceback" not in err
