"""Open a run's `vnie.duckdb` for reading, with errors an analyst can act on.

Every analyst entry point (CLI, reports, pages, the pandas API) goes through here, so a
missing database or a bad query always reads the same way: one line naming the problem.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.database import DATABASE


class AnalysisError(Exception):
    """A problem with the analyst's input (folder, SQL, name): shown as one line, no traceback."""


def open_run(out_dir: Path, allow_files: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the run's database; a query can never change a run. Without
    `allow_files` it cannot touch a file either: `COPY … TO`, `EXPORT` and the file readers
    (read_csv, read_parquet …) are refused, so no query can overwrite a committed part."""
    path = Path(out_dir) / DATABASE
    if not path.is_file():
        raise AnalysisError(f"no {DATABASE} in {out_dir}/ (is it the output folder of `vnie run -o {out_dir}`?)")
    try:
        con = duckdb.connect(str(path), read_only=True)
        if not allow_files:
            con.execute("SET enable_external_access = false")
        return con
    except duckdb.Error as exc:
        raise AnalysisError(f"cannot open {path}: {_first_line(exc)}") from exc


def run_query(out_dir: Path, sql: str, params: list[object] | None = None, allow_files: bool = False) -> pd.DataFrame:
    """The result of one SQL statement (with `?` parameters, if given) over the run's tables and views."""
    con = open_run(out_dir, allow_files)
    try:
        relation = con.sql(sql, params=params)
        if relation is None and allow_files:
            return pd.DataFrame()          # COPY … TO with --allow-files: done, nothing to show
        if relation is None:
            raise AnalysisError("the statement returns no rows to show (use SELECT, or a view)")
        return relation.df()
    except duckdb.Error as exc:
        raise AnalysisError(f"SQL error: {_first_line(exc)}") from exc
    finally:
        con.close()


def _first_line(exc: Exception) -> str:
    """DuckDB errors carry a caret diagram over several lines; the first line says it all."""
    return str(exc).strip().splitlines()[0]
