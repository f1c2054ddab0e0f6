"""SQL views over a run's tables that answer the analysts' standing questions."""

from __future__ import annotations

import duckdb


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create the analysts' views in a run's database (called when the database is built)."""
