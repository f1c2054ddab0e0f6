"""Shared fixtures: where the bundled seeds and the shared corpus live, and a run over the seeds."""

from __future__ import annotations

import subprocess
import sys
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


def general_articles(shared_corpus: Path, count: int, folder: Path, bad_lines: tuple[str, ...] = ()) -> Path:
    """The first `count` articles of the shared baomoi-general.jsonl as an input file in `folder`,
    with `bad_lines` after the second article (so the first batch meets them)."""
    lines = (shared_corpus / "baomoi-general.jsonl").read_text(encoding="utf-8").splitlines()[:count]
    lines[2:2] = bad_lines
    path = folder / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def run_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a real `vnie run` over the bundled corpus (records, tables, vnie.duckdb)."""
    out = tmp_path_factory.mktemp("run") / "out"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(CORPUS), "-o", str(out), "--quiet"],
                   check=True, capture_output=True, cwd=ROOT)
    return out
