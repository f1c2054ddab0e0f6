"""Every rule file's examples and counter-examples, run as tests (the Duckling way).

A rule file without a runner here fails `test_every_rule_file_is_tested`, so adding a rule
file means adding its examples.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.entities.documents import catalogue_entry
from pipeline.entities.stage import extract_entities, find_entities
from pipeline.facts.numbers import parse
from pipeline.facts.stage import extract_facts
from pipeline.models import SourceDoc
from pipeline.normalise import normalise
from pipeline.ingest.decode import decode, repair_text
from pipeline.normalise import metadata
from pipeline.normalise.characters import fold
from pipeline.normalise.layout import Piece, first_match
from pipeline.rules import alternation, data_dir

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
    if "headline" in case:
        assert line[:found.start()] == case["headline"]


@pytest.mark.parametrize("case", _cases("layout", "counter_examples"), ids=_id)
def test_layout_counter_examples(case: dict) -> None:
    for section in case["not"]:
        if section == "byline_tail":
            assert first_match(section, case["line"]) is None, section
        else:
            assert _full(section, case["line"]) is None, section


# --- entities: text -> the spans of one type that the whole entities stage finds -----------

def _spans(text: str, etype: str) -> list:
    text = fold(text)
    return [c for c in find_entities(text) if c.type == etype], text


@pytest.mark.parametrize("case", _cases("organisations", "examples"), ids=_id)
def test_organisation_examples(case: dict) -> None:
    found, text = _spans(case["text"], "ORG")
    assert [[text[c.start:c.end], c.attrs["kind"]] for c in found] == [[fold(t), k] for t, k in case["orgs"]]


@pytest.mark.parametrize("case", _cases("documents", "examples"), ids=_id)
def test_document_examples(case: dict) -> None:
    found, text = _spans(case["text"], "DOC")
    got = [[text[c.start:c.end], c.attrs["doc_kind"], c.attrs["canonical"]] for c in found]
    assert got == [[fold(str(t)), k, c] for t, k, c in case["docs"]]


@pytest.mark.parametrize("case", _cases("places", "examples"), ids=_id)
def test_place_examples(case: dict) -> None:
    found, text = _spans(case["text"], "LOC")
    assert [text[c.start:c.end] for c in found] == case["spans"]


@pytest.mark.parametrize("case", _cases("persons", "examples"), ids=_id)
def test_person_examples(case: dict) -> None:
    found, text = _spans(case["text"], "PER")
    assert [(text[c.start:c.end], c.attrs["role"]) for c in found] == [(case["name"], case["role"])]


@pytest.mark.parametrize("name,etype", [("organisations", "ORG"), ("documents", "DOC"), ("places", "LOC"),
                                        ("persons", "PER")])
def test_entity_counter_examples(name: str, etype: str) -> None:
    for text in _cases(name, "counter_examples"):
        assert _spans(text, etype)[0] == [], text


def test_catalogue_examples() -> None:
    for case in _cases("document_catalogue", "examples"):
        entry = catalogue_entry(case["canonical"], case.get("year"))
        assert entry is not None and str(entry["date"]) == str(case["date"]), case
    for canonical in _cases("document_catalogue", "counter_examples"):
        assert catalogue_entry(canonical, 2017) is None


# --- numbers and facts ---------------------------------------------------------------------

@pytest.mark.parametrize("case", _cases("numbers", "examples"), ids=_id)
def test_number_examples(case: dict) -> None:
    assert parse(case["text"]) == case["value"]


@pytest.mark.parametrize("text", _cases("numbers", "counter_examples"))
def test_number_counter_examples(text: str) -> None:
    assert parse(text) is None


def facts_of(text: str) -> list:
    """The facts the whole pipeline finds in one sentence (as a JSON Lines article)."""
    article = normalise(SourceDoc(doc_id="t", input="test", format="jsonl", text=text, decoding="utf-8"))
    return extract_facts(extract_entities(article)).facts


@pytest.mark.parametrize("case", _cases("facts", "examples"), ids=_id)
def test_fact_examples(case: dict) -> None:
    got = [[f.text, f.kind, f.value, f.qualifier, f.unit, f.metric] for f in facts_of(case["text"])]
    assert got == [[str(t), k, v, q, u, m] for t, k, v, q, u, m in case["facts"]]


@pytest.mark.parametrize("case", _cases("facts", "context_examples"), ids=_id)
def test_fact_context_examples(case: dict) -> None:
    """Subject and year cues of rules/facts.yaml, each shown at work in a short article."""
    got = [[f.text, f.subject, f.year] for f in facts_of(case["text"])]
    assert got == [[str(t), subject, year] for t, subject, year in case["facts"]]


@pytest.mark.parametrize("text", _cases("facts", "counter_examples"))
def test_fact_counter_examples(text: str) -> None:
    assert facts_of(text) == []


RUNNERS: dict[str, Callable[..., None]] = {
    "numbers": test_number_examples,
    "facts": test_fact_examples,
    "organisations": test_organisation_examples,
    "documents": test_document_examples,
    "places": test_place_examples,
    "persons": test_person_examples,
    "document_catalogue": test_catalogue_examples,
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


_LETTERS = st.sampled_from(list("aAbBđĐ "))
_WORDS = st.lists(st.text(_LETTERS, min_size=1, max_size=4), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@example(words=["Aaaa", "A", "aa"], text="aa", ignore_case=True, follow="")   # one letter in two cases
@given(words=_WORDS, text=st.text(_LETTERS, max_size=30), ignore_case=st.booleans(),
       follow=st.sampled_from(["", "(?= )", "(?!a)", "b"]))
def test_grouped_alternation_matches_as_the_flat_list(words: list[str], text: str, ignore_case: bool,
                                                       follow: str) -> None:
    """The alternation grouped by first letter finds what the plain longest-first list finds,
    in either case mode and whatever must follow (so backtracking into it is covered)."""
    flags = regex.IGNORECASE if ignore_case else 0
    grouped = regex.compile("(?:" + alternation(words) + ")" + follow, flags)
    flat = regex.compile("(?:" + alternation(words, right_to_left=True) + ")" + follow, flags)
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)]
