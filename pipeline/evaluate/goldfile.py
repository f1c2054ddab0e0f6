"""Gold lines: typed, validated against the article texts, refused with a clear message.

A gold file follows gold-format.md §2: one JSON object per article. Attributes are
optional and scored only where gold gives them, so the models remember which fields a
line actually set (pydantic's `model_fields_set`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.ingest import read_inputs
from pipeline.models import EntitySpan, FactSpan, SourceDoc


class GoldLine(BaseModel):
    """One article of a gold (or prediction) file."""

    model_config = ConfigDict(extra="ignore")
    doc_id: str
    text_sha256: str
    province: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    source: str | None = None
    entities: list[EntitySpan]
    facts: list[FactSpan]


class GoldError(Exception):
    """A gold file that cannot be scored; the message names the file, article and item."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def gold_files(path: Path) -> list[Path]:
    """A gold file, or the *.jsonl files directly inside a gold folder."""
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise GoldError(f"{path}: no *.jsonl gold files in this folder")
        return files
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file or folder")
    return [path]


def parse_lines(path: Path) -> list[GoldLine]:
    """Parse a gold or prediction file into typed lines, or raise GoldError naming the line."""
    lines: list[GoldLine] = []
    seen: set[str] = set()
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read it ({exc.strerror if isinstance(exc, OSError) else exc})") from exc
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data: Any = json.loads(raw)
            line = GoldLine.model_validate(data)
        except (json.JSONDecodeError, ValidationError) as exc:
            doc = data.get("doc_id") if isinstance(locals().get("data"), dict) else None
            raise GoldError(f"{path}:{number} (doc {doc}): {describe(exc)}") from exc
        if line.doc_id in seen:
            raise GoldError(f"{path}:{number}: doc {line.doc_id} appears twice")
        seen.add(line.doc_id)
        lines.append(line)
    return lines


def describe(exc: Exception) -> str:
    """A validation error as one line per problem: where, what, and the value found."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']} (got {e.get('input')!r})"
                         for e in exc.errors())
    return str(exc)


def check_line(line: GoldLine, text: str | None) -> list[str]:
    """Every reason this gold line cannot be scored against `text` (empty when it is sound)."""
    doc = line.doc_id
    if text is None:
        return [f"doc {doc}: the article is not among the inputs given to the evaluator"]
    problems = []
    if sha256(text) != line.text_sha256:
        problems.append(f"doc {doc}: text_sha256 differs from the input's text: the article has drifted")
        return problems
    for label, items in (("entity", line.entities), ("fact", line.facts)):
        for index, item in enumerate(items):
            if not 0 <= item.start < item.end <= len(text):
                problems.append(f"doc {doc}: {label} {index} {item.text!r}: offsets {item.start}:{item.end} out of range")
            elif text[item.start : item.end] != item.text:
                problems.append(f"doc {doc}: {label} {index} {item.text!r}: text at {item.start}:{item.end} is "
                                f"{text[item.start:item.end]!r}")
    ordered = sorted(line.entities, key=lambda e: (e.start, e.end))
    for left, right in zip(ordered, ordered[1:]):
        if right.start < left.end:
            problems.append(f"doc {doc}: entities {left.text!r} [{left.start},{left.end}) and "
                            f"{right.text!r} [{right.start},{right.end}) overlap")
    return problems


def reference_texts(inputs: Iterable[str], wanted: set[str]) -> dict[str, SourceDoc]:
    """The ingested articles among `inputs` whose doc_id is wanted (ingest rejections ignored)."""
    found: dict[str, SourceDoc] = {}
    for item in read_inputs(inputs):
        if isinstance(item, SourceDoc) and item.doc_id in wanted:
            found[item.doc_id] = item
    return found


def load_gold(path: Path, inputs: Iterable[str]) -> tuple[list[GoldLine], dict[str, SourceDoc]]:
    """Load and validate every gold line under `path`; refuse the whole gold on any problem."""
    lines: list[GoldLine] = []
    for file in gold_files(path):
        lines.extend(parse_lines(file))
    ids = [g.doc_id for g in lines]
    if len(ids) != len(set(ids)):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise GoldError(f"{path}: docs labelled in more than one gold file: {', '.join(dup)}")
    docs = reference_texts(inputs, set(ids))
    problems = [p for g in lines for p in check_line(g, docs[g.doc_id].text if g.doc_id in docs else None)]
    if problems:
        raise GoldError(f"{path}: gold refused, {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return lines, docs
