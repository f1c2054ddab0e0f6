"""Build a run's DuckDB file from its Parquet partitions, atomically.

The partitions (`tables/<table>/part-<batch>.parquet`) are the run's durable state; the
database is derived from them at the end of every run, written under a temporary name and
renamed, so `vnie.duckdb` is either the complete previous database or the complete new one.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import regex

from pipeline.analysis.views import create_views
from pipeline.duplicates import group
from pipeline.parts import OutputWriteError, table_folder
from pipeline.tables import SCHEMAS, TABLES

DATABASE = "vnie.duckdb"
MEMORY_LIMIT = "256MB"


# A DuckDB error is a failed write into the output folder when it says one of these; it names
# the file in quotes ('Could not write file "…/vnie.duckdb.wal": File too large')
_WRITE_REFUSED = ("No space left on device", "File too large", "Disk quota exceeded", "Read-only file system")
_QUOTED_PATH = regex.compile(r'"(?P<path>/[^"]+)"')


def build_database(out_dir: Path) -> Path:
    """Load every table's partitions into a fresh `vnie.duckdb` and create the views.

    A write DuckDB cannot make (a full disk, a file over the size limit) is an OutputWriteError
    naming the file, as any other write into the output folder is."""
    final = out_dir / DATABASE
    partial = out_dir / f"{DATABASE}.partial"
    for debris in (partial, partial.with_name(partial.name + ".wal")):   # of a build that failed
        debris.unlink(missing_ok=True)
    try:
        _build(out_dir, partial)
    except duckdb.Error as exc:
        reason = next((words for words in _WRITE_REFUSED if words in str(exc)), None)
        if reason is None:
            raise
        named = _QUOTED_PATH.search(str(exc))
        raise OutputWriteError(errno.EIO, reason, named.group("path") if named else str(partial)) from None
    os.replace(partial, final)
    return final


def _build(out_dir: Path, partial: Path) -> None:
    con = duckdb.connect(str(partial))
    try:
        # DuckDB would cache up to 80 % of the machine's memory; past this bound it spills to
        # disk, so the final build of a corpus of millions stays as small as the batches
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        for table in TABLES:
            parts = sorted(table_folder(out_dir, table).glob("part-*.parquet"))
            if parts:
                files = ", ".join(f"'{p.as_posix()}'" for p in parts)
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet([{files}], union_by_name = true)")
            else:
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM ({_empty(table)})")
        _mark_duplicates(con)
        create_views(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _mark_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Set `articles.duplicate_of` for republished copies (pipeline.duplicates), in run order.
    The signatures are read in chunks: a corpus of millions never sits in memory as lists."""
    found = group(_signatures(con.execute("SELECT doc_id, minhash FROM articles ORDER BY rowid")))
    if found:
        copies = pa.table({"doc_id": list(found), "duplicate_of": list(found.values())})
        con.register("copies", copies)
        con.execute("UPDATE articles SET duplicate_of = copies.duplicate_of FROM copies "
                    "WHERE articles.doc_id = copies.doc_id")
        con.unregister("copies")


def _signatures(cursor: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, list[int] | None]]:
    while rows := cursor.fetchmany(10_000):
        yield from rows


def _empty(table: str) -> str:
    """A typed empty SELECT for a table no batch has written yet."""
    types = {"string": "VARCHAR", "int64": "BIGINT", "double": "DOUBLE", "date32[day]": "DATE",
             "list<item: string>": "VARCHAR[]", "list<item: int64>": "BIGINT[]"}
    columns = ", ".join(f'CAST(NULL AS {types[str(f.type)]}) AS "{f.name}"' for f in SCHEMAS[table])
    return f"SELECT {columns} WHERE false"
