"""Finish a run: retire superseded records, then write the run's final files atomically.

Batches commit their own parts as they go (pipeline.parts). At the end of every run the
final `records.jsonl`, `predictions.jsonl`, `errors.jsonl` and `vnie.duckdb` are rebuilt
from the committed parts, each under a temporary name and renamed, so a file with a final
name is always complete. An article whose text changed since an earlier run was processed
again in a later batch; its older record is removed from the earlier batch first, so every
doc_id appears once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.database import build_database
from pipeline.parts import STREAMS, Manifest, manifest_path, stream_path, table_path, write_lines, write_parts
from pipeline.state import Damage, RunState
from pipeline.tables import TABLES

RECORDS = "records.jsonl"
PREDICTIONS = "predictions.jsonl"
ERRORS = "errors.jsonl"
FINAL = {"records": RECORDS, "predictions": PREDICTIONS, "errors": ERRORS}


def _superseded(manifests: list[Manifest]) -> dict[int, set[str]]:
    """doc_ids of each batch that a later batch processed again (their text changed)."""
    latest: dict[str, int] = {}
    for manifest in manifests:
        for doc_id, _ in manifest.keys:
            latest[doc_id] = manifest.seq
    stale: dict[int, set[str]] = defaultdict(set)
    for manifest in manifests:
        for doc_id, _ in manifest.keys:
            if latest[doc_id] != manifest.seq:
                stale[manifest.seq].add(doc_id)
    return stale


def _keeps(line: str, stale: set[str], stream: str) -> bool:
    data = json.loads(line)
    if stream == "errors":
        return data.get("stage") == "ingest" or data.get("doc_id") not in stale
    return data["doc_id"] not in stale


def _retire(out_dir: Path, manifest: Manifest, stale: set[str]) -> None:
    """Rewrite one batch without the records of `stale` doc_ids; its manifest last, with the
    new sizes and hashes of its parts."""
    streams = {stream: [line for line in stream_path(out_dir, manifest.seq, stream).read_text(encoding="utf-8")
                        .splitlines() if _keeps(line, stale, stream)] for stream in STREAMS}
    tables = {}
    for table in TABLES:
        data = pq.read_table(table_path(out_dir, manifest.seq, table))
        tables[table] = data.filter(pc.invert(pc.is_in(data["doc_id"], value_set=pa.array(sorted(stale)))))
    manifest.files = write_parts(out_dir, manifest.seq, streams, tables)
    manifest.keys = [key for key in manifest.keys if key[0] not in stale]
    write_lines(manifest_path(out_dir, manifest.seq), [manifest.dump()])


def _lines(out_dir: Path, manifests: list[Manifest], stream: str) -> Iterator[str]:
    seen: set[str] = set()
    for manifest in manifests:
        for line in stream_path(out_dir, manifest.seq, stream).read_text(encoding="utf-8").splitlines():
            if stream == "errors":
                if line in seen:
                    continue  # the same input problem found again by a later run
                seen.add(line)
            yield line


def finish(out_dir: Path) -> list[Damage]:
    """Write the final JSONL files and the DuckDB database from every intact committed batch.

    Returns the files found damaged now (pipeline.state): their batches are left out and set
    aside, and the next run processes them again.
    """
    state = RunState.open(out_dir)
    stale = _superseded(state.manifests)
    for manifest in state.manifests:
        if manifest.seq in stale:
            _retire(out_dir, manifest, stale[manifest.seq])
    for stream, name in FINAL.items():
        write_lines(out_dir / name, _lines(out_dir, state.manifests, stream))
    build_database(out_dir)
    return state.damaged
