"""Compile the human authoring format (YAML, spans quoted with context) into gold lines.

A person labels without counting characters: each span is its `text`, located by a short
`ctx` string that occurs once in the article (the span is the first occurrence of `text`
inside it), or by `nth` (the n-th occurrence in the article), or by being unique. The
compiler turns that into offsets, and refuses anything ambiguous with a message naming the
article and the item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from pydantic import ValidationError

from pipeline.evaluate.goldfile import GoldError, GoldLine, check_line, describe, sha256

ARTICLE_FIELDS = ("province", "title", "published", "author", "source")
LOCATORS = ("ctx", "nth")
ITEM = {"entities": "entity", "facts": "fact"}


def locate(text: str, item: dict[str, Any]) -> tuple[int, int]:
    """Offsets of an annotated span in `text`; ValueError says why it cannot be placed."""
    span = item.get("text")
    if not isinstance(span, str) or not span:
        raise ValueError("no span text")
    if "ctx" in item:
        ctx = item["ctx"]
        count = text.count(ctx)
        if count != 1:
            raise ValueError(f"ctx {ctx!r} occurs {count} times in the article (must be once)")
        inside = ctx.find(span)
        if inside < 0:
            raise ValueError(f"{span!r} is not inside its ctx {ctx!r}")
        start = text.index(ctx) + inside
        return start, start + len(span)
    if "nth" in item:
        start = -1
        for _ in range(int(item["nth"])):
            start = text.find(span, start + 1)
            if start < 0:
                raise ValueError(f"{span!r} occurs fewer than {item['nth']} times")
        return start, start + len(span)
    count = text.count(span)
    if count != 1:
        raise ValueError(f"{span!r} occurs {count} times: give ctx or nth")
    start = text.index(span)
    return start, start + len(span)


def compile_annotation(data: dict[str, Any], text: str, where: str) -> GoldLine:
    """One YAML annotation -> one validated gold line (offsets sorted in reading order)."""
    doc = data.get("doc_id")
    problems: list[str] = []
    missing = [f for f in ("doc_id", *ARTICLE_FIELDS) if f not in data]
    if missing:
        problems.append(f"missing article field(s): {', '.join(missing)}")
    spans: dict[str, list[dict[str, Any]]] = {"entities": [], "facts": []}
    for section in spans:
        for index, item in enumerate(data.get(section) or []):
            try:
                start, end = locate(text, item)
            except ValueError as exc:
                problems.append(f"{ITEM[section]} {index} {item.get('text')!r}: {exc}")
                continue
            fields = {k: v for k, v in item.items() if k not in LOCATORS}
            spans[section].append({**fields, "start": start, "end": end})
    if problems:
        raise GoldError(f"{where} (doc {doc}):\n  " + "\n  ".join(problems))
    line = {
        "doc_id": doc,
        "text_sha256": sha256(text),
        **{f: (str(data[f]) if data[f] is not None else None) for f in ARTICLE_FIELDS},
        "entities": sorted(spans["entities"], key=lambda e: (e["start"], e["end"])),
        "facts": sorted(spans["facts"], key=lambda f: (f["start"], f["end"])),
    }
    try:
        gold = GoldLine.model_validate(line)
    except ValidationError as exc:
        raise GoldError(f"{where} (doc {doc}): {describe(exc)}") from exc
    problems = check_line(gold, text)
    if problems:
        raise GoldError(f"{where}:\n  " + "\n  ".join(problems))
    return gold


def read_annotation(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "doc_id" not in data:
        raise GoldError(f"{path}: not an annotation (a YAML mapping with doc_id)")
    return data


def dump_line(line: GoldLine) -> str:
    """A gold line as JSON, with only the attributes the annotator gave."""
    out = line.model_dump(exclude={"entities", "facts"})
    out["entities"] = [e.model_dump(include=e.model_fields_set) for e in line.entities]
    out["facts"] = [f.model_dump(include=f.model_fields_set) for f in line.facts]
    return json.dumps(out, ensure_ascii=False)
