"""What an output folder holds that a run can build on: committed batches whose parts are intact.

A batch's parts can be damaged after it committed — a disk error, a cut copy, a file edited
or overwritten by hand. Read as they are, they would silently drop articles from the final
files or stop every later run with a traceback. So every run starts by checking each
committed batch against its manifest (pipeline.parts): every part there, of the recorded size
and sha256. A batch that fails is not committed: its manifest and parts are removed like the
debris of a batch cut short, its articles are processed again, and one line names the
damaged file. The hashes are checked, not only the sizes, because the final files are
rebuilt from every part anyway: hashing the ~60 MB of parts of 2,200 articles takes a
fraction of a second. `vnie verify` makes the same check without changing anything.

A manifest written before parts were described (no sizes, no hashes) is checked for what
can be seen without them: every part there, each JSONL part whole lines of JSON, each
Parquet partition's footer readable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.parts import (PARTS, Key, Manifest, ManifestError, PartFile, ProblemKey, batch_parts, part_name,
                            table_folder, writing)
from pipeline.tables import TABLES


@dataclass(frozen=True)
class Damage:
    """One damaged file of a committed batch, and what is wrong with it."""

    path: Path
    what: str
    seq: int

    def __str__(self) -> str:
        return f"{self.path} is damaged ({self.what})"


def _part_damage(path: Path, expected: PartFile | None) -> str | None:
    """What is wrong with one part of a batch whose manifest describes its parts, if anything."""
    if expected is None:
        return "not listed in its manifest"
    try:
        size = path.stat().st_size
        if size != expected.size:
            return f"size {size}, manifest says {expected.size}"
        if PartFile.of(path, expected.rows) != expected:
            return "its sha256 differs from the manifest's: garbled"
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    return None


def _undescribed_part_damage(path: Path) -> str | None:
    """What can be seen wrong with a part whose manifest has no size or hash for it."""
    if not path.is_file():
        return "missing"
    if path.suffix == ".parquet":
        try:
            pq.read_metadata(path)
        except (OSError, pa.ArrowException) as exc:
            return f"not a readable Parquet file: {exc}"
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if data and not data.endswith(b"\n"):
        return "cut short: its last line has no end"
    for number, line in enumerate(data.splitlines(), 1):
        try:
            json.loads(line)
        except ValueError:
            return f"line {number} is not JSON: garbled"
    return None


def _seq_of(path: Path) -> int | None:
    stem = path.name.removeprefix("part-").split(".", 1)[0]
    return int(stem) if stem.isdigit() else None


def _check_batch(out_dir: Path, path: Path) -> tuple[Manifest | None, list[Damage]]:
    """Read one manifest and check the parts it commits: the manifest, or what is damaged."""
    seq = _seq_of(path)
    try:
        manifest = Manifest.load(path)
    except ManifestError as exc:
        return None, [Damage(path, str(exc), seq)]
    if manifest.seq != seq:
        return None, [Damage(path, f"it names batch {manifest.seq}", seq)]
    damaged = []
    for part in batch_parts(out_dir, seq):
        what = (_undescribed_part_damage(part) if manifest.files is None
                else _part_damage(part, manifest.files.get(part_name(out_dir, part))))
        if what:
            damaged.append(Damage(part, what, seq))
    return (None if damaged else manifest), damaged


def check_batches(out_dir: Path) -> tuple[list[Manifest], list[Damage]]:
    """The intact committed batches of `out_dir` in order, and the damaged files of the others.
    Changes nothing."""
    manifests, damaged = [], []
    for path in sorted((out_dir / PARTS).glob("*.done.json")):
        if _seq_of(path) is None:
            continue                        # not a manifest's name: removed as debris
        manifest, found = _check_batch(out_dir, path)
        damaged += found
        if manifest:
            manifests.append(manifest)
    return manifests, damaged


def warnings(damaged: list[Damage]) -> list[str]:
    """One line per damaged batch, naming its (first) damaged file: what a run prints."""
    lines, seen = [], set()
    for damage in damaged:
        if damage.seq not in seen:
            seen.add(damage.seq)
            others = sum(1 for d in damaged if d.seq == damage.seq) - 1
            more = f" (and {others} more of its files)" if others else ""
            lines.append(f"vnie: {damage}{more}: batch {damage.seq} will be processed again")
    return lines


def _part_files(out_dir: Path) -> Iterator[Path]:
    yield from (out_dir / PARTS).glob("*")
    for table in TABLES:
        yield from table_folder(out_dir, table).glob("*")


@dataclass
class RunState:
    """What the output directory already holds: intact committed batches and what they settled."""

    manifests: list[Manifest] = field(default_factory=list)
    keys: set[Key] = field(default_factory=set)
    problems: set[ProblemKey] = field(default_factory=set)
    damaged: list[Damage] = field(default_factory=list)   # files of the batches set aside as not committed

    @property
    def next_seq(self) -> int:
        return max((m.seq for m in self.manifests), default=-1) + 1

    @classmethod
    def open(cls, out_dir: Path) -> RunState:
        """Check the committed batches and remove the debris of those that never committed or
        are damaged, so that their articles are processed again."""
        with writing(out_dir / PARTS):
            (out_dir / PARTS).mkdir(parents=True, exist_ok=True)
        manifests, damaged = check_batches(out_dir)
        committed = {m.seq for m in manifests}
        for path in _part_files(out_dir):
            if path.name.endswith(".tmp") or _seq_of(path) not in committed:
                with writing(path):
                    path.unlink()
        state = cls(manifests=manifests, damaged=damaged)
        for manifest in manifests:
            state.keys.update(manifest.keys)
            state.problems.update(manifest.problems)
        return state
