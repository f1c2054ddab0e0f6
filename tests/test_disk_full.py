"""A write into the output folder that fails — a batch's commit, the final JSON Lines files, the
DuckDB build — ends the run with one line naming the file, and the same command run again
once the write can be made gives what a clean run gives.

No small file system can be mounted without root, so a full disk is simulated with
RLIMIT_FSIZE: the run is started under a limit on the size of any one file it writes (SIGXFSZ
ignored, as Python does), and a write past it fails with EFBIG ("File too large") where a
full disk fails with ENOSPC. Both are the same OSError to the run, raised at the same calls;
what this does not reach is a disk that fills between two files, or a rename that fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS

# Over the warm-up's parts (the five seed articles in one batch, ~300 KB of records), so workers start
LIMIT = 400_000
DRIVER = ("import os, resource, signal, sys; limit = int(sys.argv[1]); "
          "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)); signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
          "os.execv(sys.executable, [sys.executable, '-m', 'pipeline.cli', 'run', *sys.argv[2:]])")


def _run(args: list[str], limit: int | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", DRIVER, str(limit), *args] if limit else \
        [sys.executable, "-m", "pipeline.cli", "run", *args]
    return subprocess.run(command, capture_output=True, text=True)


def _records(out: Path) -> list[str]:
    return sorted((out / "records.jsonl").read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def party(shared_corpus: Path) -> list[dict]:
    return [json.loads(line) for line in (shared_corpus / "baomoi-party.jsonl").read_text(encoding="utf-8").splitlines()]


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _one_big_article(party: list[dict], folder: Path) -> list[str]:
    """One article of about 150 KB: its batch's records part is over the limit."""
    text = "\n\n".join(record["text"] for record in party[:30])
    return [str(_jsonl(folder / "big.jsonl", [{"id": "big", "text": text}])), "--workers", "2"]


def _many_small_batches(party: list[dict], folder: Path) -> list[str]:
    """40 articles in batches of 5: every part fits, the final records.jsonl does not."""
    return [str(_jsonl(folder / "forty.jsonl", party[:40])), "--workers", "1", "--batch-size", "5"]


def _the_seeds(_: list[dict], folder: Path) -> list[str]:
    """The five seeds: parts and final JSON Lines files fit, the DuckDB file (1.5 MB) does not."""
    return [str(CORPUS), "--workers", "1"]


@pytest.mark.parametrize(("inputs", "failing"), [
    (_one_big_article, "parts/000000.records.jsonl"),
    (_many_small_batches, "records.jsonl"),
    (_the_seeds, "vnie.duckdb.partial"),
], ids=["batch-commit", "final-jsonl", "duckdb-build"])
def test_a_write_that_fails_is_one_line_and_the_same_command_resumes(inputs, failing: str, party: list[dict],
                                                                     tmp_path: Path) -> None:
    args = inputs(party, tmp_path)
    clean = _run([*args, "-o", str(tmp_path / "clean"), "--quiet"])
    assert clean.returncode == 0, clean.stderr
    out = tmp_path / "out"
    full = _run([*args, "-o", str(out), "--quiet"], limit=LIMIT)
    assert full.returncode == 74, full.stderr
    (line,) = full.stderr.splitlines()
    assert line.startswith(f"vnie run: cannot write {out}{os.sep}{failing}") and "File too large" in line, line
    assert line.endswith("run the same command to go on"), line
    resumed = _run([*args, "-o", str(out), "--quiet"])
    assert resumed.returncode == 0, resumed.stderr
    assert _records(out) == _records(tmp_path / "clean")
    assert (out / "vnie.duckdb").is_file() and not list(out.glob("vnie.duckdb.partial*"))
