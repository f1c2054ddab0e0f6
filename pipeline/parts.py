"""The durable state of a run: one set of part files per batch, committed by a manifest.

A batch writes its records, predictions and errors (`parts/<seq>.*.jsonl`) and its Parquet
partitions (`tables/<table>/part-<seq>.parquet`), each under a temporary name renamed into
place, and then its manifest (`parts/<seq>.done.json`) the same way. A batch exists only
once its manifest does: after a kill -9 or a power loss, files of a batch without a
manifest are debris and are removed when the run starts again. The manifest lists the
keys (doc_id, sha256 of the reference text) the batch settled, so a re-run skips them, and
the size, sha256 and row count of each of its parts, so that a part damaged after the
commit is found (pipeline.state) instead of silently losing articles from the final files.
The manifest carries a sha256 of its own content too: a garbled doc_id in it would
otherwise make a re-run write that article twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
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


@dataclass(frozen=True)
class PartFile:
    """What a committed part must still be: its size and sha256, and its rows (lines of a
    JSONL part, rows of a Parquet partition) to check the final files against."""

    size: int
    sha256: str
    rows: int

    @classmethod
    def of(cls, path: Path, rows: int) -> PartFile:
        """What the file at `path` is now; its rows come from whoever knows them without parsing it."""
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return cls(size=path.stat().st_size, sha256=digest, rows=rows)


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


class OutputWriteError(OSError):
    """A write into the output folder failed (a full disk, a file over its size limit, a folder
    made read-only), naming the file: the run ends on it with one line and resumes later. Only
    writes raise it, so no failed read (a broken link among the inputs) is taken for one."""


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Raise any OSError of the body as an OutputWriteError naming `path` (the OSError of a
    write() on an open file carries no name, and the run's one line must say where)."""
    try:
        yield
    except OutputWriteError:
        raise
    except OSError as exc:
        raise OutputWriteError(exc.errno, exc.strerror or str(exc), exc.filename or str(path)) from exc


def _naming_the_file(write: Callable[..., PartFile]) -> Callable[..., PartFile]:
    """A writer whose failures are OutputWriteErrors naming the file it writes."""
    @functools.wraps(write)
    def named(final: Path, *args: Any, **kwargs: Any) -> PartFile:
        with writing(final):
            return write(final, *args, **kwargs)
    return named


@_naming_the_file
def write_lines(final: Path, lines: Iterable[str], sync_dir: bool = True) -> PartFile:
    """Write text lines to `final` atomically (temporary name, fsync, rename); say what was written.

    `sync_dir=False` leaves the directory's fsync to the caller, who renames several files
    into one directory and syncs it once.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(final.name + ".tmp")
    digest, size, rows = hashlib.sha256(), 0, 0
    with tmp.open("wb") as handle:
        for line in lines:
            data = (line + "\n").encode("utf-8")
            digest.update(data)   # hashed as written: a final file of gigabytes is not read again
            handle.write(data)
            size += len(data)
            rows += 1
        handle.flush()
        os.fsync(handle.fileno())
    _commit(tmp, final, sync_dir)
    return PartFile(size=size, sha256=digest.hexdigest(), rows=rows)


@_naming_the_file
def write_table(final: Path, table: pa.Table, sync_dir: bool = True) -> PartFile:
    """Write one Parquet partition atomically (`sync_dir` as for write_lines); say what was written."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(final.name + ".tmp")
    pq.write_table(table, tmp)
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    written = PartFile.of(tmp, table.num_rows)
    _commit(tmp, final, sync_dir)
    return written


def batch_parts(out_dir: Path, seq: int) -> list[Path]:
    """Every part file a committed batch has: its three JSONL parts and a partition per table."""
    return [*(stream_path(out_dir, seq, stream) for stream in STREAMS),
            *(table_path(out_dir, seq, table) for table in TABLES)]


def part_name(out_dir: Path, path: Path) -> str:
    """How a manifest names a part: its path under the output folder, which may be moved."""
    return path.relative_to(out_dir).as_posix()


class ManifestError(Exception):
    """A manifest that cannot be read as one (empty, cut short, garbled): its batch is not committed."""


def _checksum(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class Manifest:
    """What one committed batch settled, and what its part files are.

    `files` is None in a manifest written before parts were described: such a batch is
    trusted after the structural check pipeline.state can make without sizes and hashes.
    """

    seq: int
    keys: list[Key]
    problems: list[ProblemKey]
    written: int
    rejected: dict[str, int]
    files: dict[str, PartFile] | None = None

    def dump(self) -> str:
        data = {"seq": self.seq, "keys": self.keys, "problems": self.problems, "written": self.written,
                "rejected": self.rejected, "files": {name: asdict(f) for name, f in (self.files or {}).items()}}
        return json.dumps({**data, "check": _checksum(data)}, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read a manifest; ManifestError says what is wrong with one that cannot be trusted."""
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ManifestError("not UTF-8 text (garbled)") from None
        except OSError as exc:
            raise ManifestError(f"unreadable: {exc.strerror or exc}") from None
        if not text.strip():
            raise ManifestError("empty")
        try:
            data = json.loads(text)
            check = data.pop("check", None)
            if check is not None and check != _checksum(data):
                raise ManifestError("its content does not match its checksum (garbled)")
            return cls(seq=data["seq"], keys=[tuple(k) for k in data["keys"]],
                       problems=[tuple(p) for p in data["problems"]], written=data["written"],
                       rejected=data["rejected"],
                       files={name: PartFile(**f) for name, f in data["files"].items()} if check else None)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"not valid JSON at character {exc.pos} of {len(text)}: cut short or garbled") from None
        except (AttributeError, KeyError, TypeError) as exc:
            raise ManifestError(f"not a manifest ({type(exc).__name__}: {exc})") from None


def write_parts(out_dir: Path, seq: int, streams: dict[str, Iterable[str]],
                tables: dict[str, pa.Table]) -> dict[str, PartFile]:
    """Write a batch's JSONL parts and Parquet partitions; say what each is, for its manifest.

    Each part is fsynced; each directory once, after all its parts are renamed into it, so
    that the manifest written next never commits a part a power loss could still undo.
    """
    files: dict[str, PartFile] = {}
    for stream, lines in streams.items():
        path = stream_path(out_dir, seq, stream)
        files[part_name(out_dir, path)] = write_lines(path, lines, sync_dir=False)
    for table, data in tables.items():
        path = table_path(out_dir, seq, table)
        files[part_name(out_dir, path)] = write_table(path, data, sync_dir=False)
    for folder in {path.parent for path in batch_parts(out_dir, seq)}:
        _fsync_dir(folder)
    return files


def commit_batch(out_dir: Path, seq: int, articles: list[Article], problems: list[Problem], manifest: Manifest) -> None:
    """Write every part of one batch, then its manifest: the batch is committed by the last rename."""
    files = write_parts(out_dir, seq, {"records": (a.model_dump_json() for a in articles),
                                       "predictions": (Prediction.of(a).model_dump_json() for a in articles),
                                       "errors": (p.model_dump_json() for p in problems)}, to_arrow(articles))
    write_lines(manifest_path(out_dir, seq), [replace(manifest, files=files).dump()])
