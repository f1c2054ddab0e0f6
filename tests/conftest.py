"""Shared fixtures: where the bundled seeds and the shared corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def run_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a run over the bundled corpus, with its tables and vnie.duckdb.

    Until `vnie run` writes the tables itself (issue 6), they are written here the way the
    run will: the run's articles as one Parquet partition per table, then build_database.
    """
    import pyarrow.parquet as pq

    from pipeline.database import DATABASE, build_database, table_dir
    from pipeline.models import Article
    from pipeline.run import run
    from pipeline.tables import to_arrow

    out = tmp_path_factory.mktemp("run")
    run([str(CORPUS)], out)
    if not (out / DATABASE).is_file():
        with (out / "records.jsonl").open(encoding="utf-8") as records:
            articles = [Article.model_validate_json(line) for line in records]
        for name, table in to_arrow(articles).items():
            table_dir(out, name).mkdir(parents=True, exist_ok=True)
            pq.write_table(table, table_dir(out, name) / "part-00000.parquet")
        build_database(out)
    return out
