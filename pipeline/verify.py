"""`vnie verify`: check an output folder on demand, changing nothing.

It makes the check every run makes when it starts (pipeline.state): each committed batch's
manifest readable, each part of the size and sha256 its manifest records. When every batch
is intact and described, the final files are checked against the parts too: records.jsonl
and predictions.jsonl hold as many lines as the parts, vnie.duckdb as many articles. A
mismatch there means the last run did not get to rebuild them (it was stopped in its final
phase, or a batch was committed after it); running the same command again rebuilds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.database import DATABASE
from pipeline.parts import PARTS, Manifest, part_name, stream_path, table_path
from pipeline.state import check_batches
from pipeline.write import PREDICTIONS, RECORDS

REBUILD = "the same `vnie run` command rebuilds it"


class NotAnOutput(Exception):
    """The folder was not written by `vnie run`."""


@dataclass
class Verdict:
    """What `vnie verify` found: one line per damaged file, or a summary of what is intact."""

    batches: int
    problems: list[str]

    def lines(self, out_dir: Path) -> list[str]:
        if self.problems:
            return self.problems
        return [f"{out_dir}: OK, {self.batches} committed batches intact; the final files agree with them"]


def verify(out_dir: Path) -> Verdict:
    """Check every committed batch of `out_dir`, and the final files when the batches allow it."""
    if not (out_dir / PARTS).is_dir():
        raise NotAnOutput(f"{out_dir} is not the output folder of a vnie run (it has no {PARTS}/)")
    manifests, damaged = check_batches(out_dir)
    problems = [f"{damage}: the next run processes batch {damage.seq} again" for damage in damaged]
    if not damaged and all(m.files is not None for m in manifests):
        problems += _final_mismatches(out_dir, manifests)
    return Verdict(batches=len(manifests), problems=problems)


def _rows(out_dir: Path, manifests: list[Manifest], part: Callable[[int], Path]) -> int:
    """How many rows the parts named by `part(seq)` hold together, by their manifests."""
    return sum(m.files[part_name(out_dir, part(m.seq))].rows for m in manifests)


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _articles(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def _final_mismatches(out_dir: Path, manifests: list[Manifest]) -> list[str]:
    """The final files that do not hold what the committed parts do."""
    finals = [(out_dir / RECORDS, _lines, "lines", lambda seq: stream_path(out_dir, seq, "records")),
              (out_dir / PREDICTIONS, _lines, "lines", lambda seq: stream_path(out_dir, seq, "predictions")),
              (out_dir / DATABASE, _articles, "articles", lambda seq: table_path(out_dir, seq, "articles"))]
    found = []
    for path, count, unit, part in finals:
        if not path.is_file():
            found.append(f"{path} is missing (the last run did not finish): {REBUILD}")
            continue
        try:
            held = count(path)
        except duckdb.Error as exc:
            found.append(f"{path} is damaged ({str(exc).splitlines()[0]}): {REBUILD}")
            continue
        expected = _rows(out_dir, manifests, part)
        if held != expected:
            found.append(f"{path} holds {held} {unit}, the committed parts {expected}: {REBUILD}")
    return found
