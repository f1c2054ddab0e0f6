"""The Python API for notebooks: a run's tables and views as pandas DataFrames.

    from pipeline.analysis.api import load_tables, query
    tables = load_tables("out")               # {"articles": DataFrame, "facts": ..., ...}
    query("out", "SELECT * FROM member_counts")
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.analysis.rundb import open_run, run_query
from pipeline.analysis.views import VIEWS
from pipeline.tables import TABLES


def load_tables(out_dir: str | Path, include_views: bool = False) -> dict[str, pd.DataFrame]:
    """Every table of a run (articles, entities, documents, persons, facts), and its views if asked."""
    names = list(TABLES) + ([view.name for view in VIEWS] if include_views else [])
    con = open_run(Path(out_dir))
    try:
        return {name: con.table(name).df() for name in names}
    finally:
        con.close()


def query(out_dir: str | Path, sql: str) -> pd.DataFrame:
    """Any SQL over the run's tables and views, as a DataFrame."""
    return run_query(Path(out_dir), sql)
