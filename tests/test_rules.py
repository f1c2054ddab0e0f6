"""Every rule file's examples and counter-examples, run as tests (the Duckling way).

A rule file without a runner here fails `test_every_rule_file_is_tested`, so adding a rule
file means adding its examples.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipeline.ingest.decode import decode, repair_text
from pipeline.normalise import metadata
from pipeline.normalise.characters import fold
from pipeline.normalise.layout import Piece, first_match
from pipeline.rules import data_dir

RULES = data_dir("rules")


def _load(name: str) -> dict:
    return yaml.safe_load((RULES / f"{name}.yaml").read_text(encoding="utf-8"))


def _cases(name: str, key: str) -> list:
    return _load(name).get(key) or []


def _id(case: object) -> str:
    return str(case)[:60]


# --- tone_marks and characters: input -> folded output ------------------------------------

@pytest.mark.parametrize("name", ["tone_marks", "characters"])
def test_fold_examples(name: str) -> None:
    for case in _cases(name, "examples"):
        assert fold(case["input"]) == case["output"], case


@pytest.mark.parametrize("name", ["tone_marks", "characters"])
def test_fold_counter_examples(name: str) -> None:
    for text in _cases(name, "counter_examples"):
        assert fold(text) == text, text


# --- legacy encodings: detected and converted, from text and from bytes --------------------

@pytest.mark.parametrize("case", _cases("legacy_encodings", "examples"), ids=_id)
def test_legacy_text_is_detected_and_converted(case: dict) -> None:
    repaired = repair_text(case["input"], "utf-8")
    assert repaired.text == case["output"]
    assert repaired.decoding.endswith(case["encoding"])


@pytest.mark.parametrize("case", _cases("legacy_encodings", "examples"), ids=_id)
def test_legacy_bytes_are_detected_and_converted(case: dict) -> None:
    codec = "latin-1" if case["encoding"] == "tcvn3" else "cp1252"
    decoded = decode(case["input"].encode(codec))
    assert (decoded.text, decoded.decoding) == (case["output"], case["encoding"])


@pytest.mark.parametrize("case", _cases("legacy_encodings", "counter_examples"), ids=_id)
def test_unicode_text_is_not_converted(case: dict) -> None:
    assert repair_text(case["input"], "utf-8").text == case["input"]


# --- layout: what a line is ---------------------------------------------------------------

def _full(section: str, line: str):
    found = first_match(section, line)
    return found if found and found.span() == (0, len(line)) else None


@pytest.mark.parametrize("case", _cases("layout", "examples"), ids=_id)
def test_layout_examples(case: dict) -> None:
    line, section = case["line"], case["is"]
    if section in ("furniture", "date_line", "source_line", "byline_line"):
        found = _full(section, line)
    else:  # source_prefix opens a line; photo_credit and byline_tail close one
        found = first_match(section, line)
    assert found is not None, f"{line!r} should be {section}"
    if "published" in case:
        piece = Piece("dateline", 0, len(line), found)
        assert str(metadata.published([piece])[0]) == case["published"]
    if "author" in case:
        kind = "dateline" if section == "date_line" else "byline"
        assert metadata.author([Piece(kind, 0, len(line), found)]) == case["author"]
    if "source" in case:
        assert metadata.source([Piece("source", 0, len(line), found)]) == case["source"]
    if "credit" in case:
        assert line[found.start():].strip() == case["credit"]


@pytest.mark.parametrize("case", _cases("layout", "counter_examples"), ids=_id)
def test_layout_counter_examples(case: dict) -> None:
    for section in case["not"]:
        if section == "byline_tail":
            assert first_match(section, case["line"]) is None, section
        else:
            assert _full(section, case["line"]) is None, section


RUNNERS: dict[str, Callable[..., None]] = {
    "tone_marks": test_fold_examples,
    "characters": test_fold_examples,
    "legacy_encodings": test_legacy_text_is_detected_and_converted,
    "layout": test_layout_examples,
}


def test_every_rule_file_is_tested() -> None:
    files = {p.stem for p in Path(RULES).glob("*.yaml")}
    assert files == set(RUNNERS), "each rules/*.yaml needs a runner in tests/test_rules.py"
    for name in files:
        assert _cases(name, "examples"), f"rules/{name}.yaml has no examples"
        assert _cases(name, "counter_examples"), f"rules/{name}.yaml has no counter_examples"
