"""The durable state of a run: one set of part files per batch, committed by a manifest.

A batch writes its records, predictions and errors (`parts/<seq>.*.jsonl`) and its Parquet
partitions (`tables/<table>/part-<seq>.parquet`), each under a temporary name renamed into
place, and then its manifest (`parts/<seq>.done.json`) the same way. A batch exists only
once its manifest does: after a kill -9 or a power loss, files of a batch without a
manifest are debris and are removed when the run starts again. The manifest lists the
keys (doc_id, sha256 of the reference text) the batch settled, so a re-run skips them.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.models import Article, Prediction, Problem
from pipeline.tables import TABLES, to_arrow

PARTS = "parts"
TABLES_DIR = "tables"
STREAMS = ("records", "predictions", "errors")

Key = tuple[str, str]
ProblemKey = tuple[str, int | None, str | None, str]


def problem_key(problem: Problem) -> ProblemKey:
    """What identifies an input problem across runs: where it is and what is wrong."""
    return (problem.input, problem.line, problem.doc_id, problem.reason)


def _name(seq: int) -> str:
    return f"{seq:06d}"


def stream_path(out_dir: Path, seq: int, stream: str) -> Path:
    """The part file of one batch for records, predictions or errors."""
    return out_dir / PARTS / f"{_name(seq)}.{stream}.jsonl"


def table_folder(out_dir: Path, table: str) -> Path:
    """The Parquet dataset of one table: a partition per batch."""
    return out_dir / TABLES_DIR / table


def table_path(out_dir: Path, seq: int, table: str) -> Path:
    """The Parquet partition of one batch for one table."""
    return table_folder(out_dir, table) / f"part-{_name(seq)}.parquet"


def manifest_path(out_dir: Path, seq: int) -> Path:
    return out_dir / PARTS / f"{_name(seq)}.done.json"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _commit(tmp: Path, final: Path, sync_dir: bool) -> None:
    """Rename a fully written, fsynced temporary file into place (and make the rename durable)."""
    os.replace(tmp, final)
    if sync_dir:
        _fsync_dir(final.parent)


def _naming_the_file(write: Callable[..., None]) -> Callable[..., None]:
    """A failed write (a full disk) names the file being written: the OSError of a write() on
    an open file carries no name, and the run's one line must say where it could not write."""
    @functools.wraps(write)
    def named(final: Path, *args: Any, **kwargs: Any) -> None:
        try:
            write(final, *args, **kwargs)
        except OSError as exc:
            exc.filename = exc.filename or str(final)
            raise
    return named


@_naming_the_file
def write_lines(final: Path, lines: Iterable[str], sync_dir: bool = True) -> None:
    """Write text lines to `final` atomically (temporary name, fsync, rename).

    `sync_dir=False` leaves the directory's fsync to the caller, who renames several files
    into one directory and syncs it once.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(final.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    _commit(tmp, final, sync_dir)


@_naming_the_file
def write_table(final: Path, table: pa.Table, sync_dir: bool = True) -> None:
    """Write one Parquet partition atomically (`sync_dir` as for write_lines)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(final.name + ".tmp")
    pq.write_table(table, tmp)
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    _commit(tmp, final, sync_dir)


@dataclass
class Manifest:
    """What one committed batch settled."""

    seq: int
    keys: list[Key]
    problems: list[ProblemKey]
    written: int
    rejected: dict[str, int]

    def dump(self) -> str:
        return json.dumps({"seq": self.seq, "keys": self.keys, "problems": self.problems,
                           "written": self.written, "rejected": self.rejected}, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(seq=data["seq"], keys=[tuple(k) for k in data["keys"]],
                   problems=[tuple(p) for p in data["problems"]], written=data["written"], rejected=data["rejected"])


def commit_batch(out_dir: Path, seq: int, articles: list[Article], problems: list[Problem], manifest: Manifest) -> None:
    """Write every part of one batch, then its manifest: the batch is committed by the last rename.

    Each part is fsynced; each directory once, after all its parts are renamed into it and
    before the manifest is written.
    """
    write_lines(stream_path(out_dir, seq, "records"), (a.model_dump_json() for a in articles), sync_dir=False)
    write_lines(stream_path(out_dir, seq, "predictions"), (Prediction.of(a).model_dump_json() for a in articles),
                sync_dir=False)
    write_lines(stream_path(out_dir, seq, "errors"), (p.model_dump_json() for p in problems), sync_dir=False)
    for table, data in to_arrow(articles).items():
        write_table(table_path(out_dir, seq, table), data, sync_dir=False)
    for folder in [out_dir / PARTS, *(table_folder(out_dir, table) for table in TABLES)]:
        _fsync_dir(folder)
    write_lines(manifest_path(out_dir, seq), [manifest.dump()])


def _seq_of(path: Path) -> int | None:
    stem = path.name.removeprefix("part-").split(".", 1)[0]
    return int(stem) if stem.isdigit() else None


def _part_files(out_dir: Path) -> Iterator[Path]:
    yield from (out_dir / PARTS).glob("*")
    for table in TABLES:
        yield from table_folder(out_dir, table).glob("*")


@dataclass
class RunState:
    """What the output directory already holds: committed batches and what they settled."""

    manifests: list[Manifest] = field(default_factory=list)
    keys: set[Key] = field(default_factory=set)
    problems: set[ProblemKey] = field(default_factory=set)

    @property
    def next_seq(self) -> int:
        return max((m.seq for m in self.manifests), default=-1) + 1

    @classmethod
    def open(cls, out_dir: Path) -> RunState:
        """Read the committed manifests and remove the debris of batches that never committed."""
        (out_dir / PARTS).mkdir(parents=True, exist_ok=True)
        manifests = sorted((Manifest.load(p) for p in (out_dir / PARTS).glob("*.done.json")), key=lambda m: m.seq)
        committed = {m.seq for m in manifests}
        for path in _part_files(out_dir):
            if path.name.endswith(".tmp") or _seq_of(path) not in committed:
                path.unlink()
        state = cls(manifests=manifests)
        for manifest in manifests:
            state.keys.update(manifest.keys)
            state.problems.update(manifest.problems)
        return state
