"""Faults with real processes and files: a run killed or stopped leaves no worker behind and
resumes to what an uninterrupted run writes; a worker killed, or killed by an article, is
replaced and the run completes; an article that takes too long is rejected, not waited for."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipeline.batch import Batch, BatchResult, Planner, process_batch
from pipeline.crashes import Crashes
from pipeline.ingest import read_inputs
from pipeline.state import RunState
from pipeline.run import RunOptions, run
from pipeline.stages import ARTICLE_STAGES
from tests.fault_stages import POISON, STALL, die_on_poison, stall_on_marker
from tests.conftest import general_articles


@pytest.fixture(scope="module")
def articles(shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 real articles: long enough a run to be stopped in the middle."""
    return general_articles(shared_corpus, 300, tmp_path_factory.mktemp("faults"))


@pytest.fixture(scope="module")
def clean(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted run over the articles: what every run that met a fault must write."""
    out = tmp_path_factory.mktemp("clean") / "out"
    done = _start(articles, out)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    return out


def _start(articles: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "pipeline.cli", "run", str(articles), "-o", str(out),
               "--workers", "2", "--batch-size", "5", "--quiet"]
    return subprocess.Popen(command, stderr=subprocess.PIPE, text=True)


def _wait_for_commits(child: subprocess.Popen, out: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while len(list((out / "parts").glob("*.done.json"))) < count:
        assert child.poll() is None, "the run finished before it could be stopped"
        assert time.monotonic() < deadline, "no batch committed in time"
        time.sleep(0.05)


def _workers(parent: int) -> list[psutil.Process]:
    try:
        return psutil.Process(parent).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _records(out: Path) -> list[dict]:
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted((json.loads(line) for line in lines), key=lambda r: r["doc_id"])


def test_a_parent_killed_alone_leaves_no_worker(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    child = _start(articles, out)
    _wait_for_commits(child, out, 2)
    workers = _workers(child.pid)
    assert workers, "the run has worker processes"
    child.kill()                              # SIGKILL to the parent alone, as the OOM killer does
    child.wait()
    gone, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive, f"workers left behind: {[p.pid for p in alive]}"


def test_sigterm_stops_cleanly_and_the_same_command_resumes(articles: Path, clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    child = _start(articles, out)
    _wait_for_commits(child, out, 2)
    workers = _workers(child.pid)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 143
    assert "stopped by SIGTERM" in err and "run the same command to go on" in err and "Traceback" not in err
    _, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive
    resumed = _start(articles, out)
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert _records(out) == _records(clean)


def _processes_of(run_pid: int) -> list[psutil.Process]:
    """The run's worker processes (spawned children; its resource tracker is a child too)."""
    return [p for p in _workers(run_pid) if "--multiprocessing-fork" in p.cmdline()]


def test_a_killed_worker_is_replaced_and_the_run_completes(articles: Path, clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    child = _start(articles, out)
    _wait_for_commits(child, out, 2)
    victim = _processes_of(child.pid)[0]
    victim.kill()                             # SIGKILL, as the OOM killer does
    _, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert "vnie: a worker died (signal 9) in batch" in err and "retrying it" in err and "Traceback" not in err
    assert _records(out) == _records(clean)


def _with_marker(articles: Path, tmp_path: Path, count: int, marked: int, marker: str) -> tuple[Path, str]:
    """The first `count` articles, the `marked`-th with `marker` added to its text; and its doc_id."""
    lines = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()[:count]]
    lines[marked]["text"] += f"\n{marker}"
    path = tmp_path / "marked.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path, lines[marked]["id"]


def _records_of(out: Path, ids: set[str]) -> list[dict]:
    """The records of `ids`, without the input path (the marked copy lies elsewhere)."""
    return [{k: v for k, v in r.items() if k != "input"} for r in _records(out) if r["doc_id"] in ids]


def _errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("engine,death", [("local", "a worker died (exit status 1)"), ("dask", "a Dask worker died")])
def test_an_article_that_kills_its_worker_every_time_is_rejected_and_the_rest_written(
        articles: Path, clean: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str], engine: str, death: str) -> None:
    marked, poison = _with_marker(articles, tmp_path, 30, 12, POISON)
    out = tmp_path / "out"
    options = RunOptions(workers=2, engine=engine, batch_size=5, progress=False,
                         stages=(*ARTICLE_STAGES, ("poison", die_on_poison)))
    summary = run([str(marked)], out, options)
    assert summary.rejected["worker_crashed"] == 1
    crashed = [e for e in _errors(out) if e["reason"] == "worker_crashed"]
    assert [e["doc_id"] for e in crashed] == [poison] and crashed[0]["detail"] == f"{death} each time it was processed"
    kept = {line["id"] for line in map(json.loads, marked.read_text(encoding="utf-8").splitlines())} - {poison}
    assert {r["doc_id"] for r in _records(out)} == kept
    assert _records_of(out, kept) == _records_of(clean, kept)
    err = capfd.readouterr().err
    assert "retrying it" in err and "splitting it" in err and f"rejecting {marked}: {poison} as worker_crashed" in err
    again = run([str(marked)], out, options)   # settled: a re-run does not crash on it again
    assert again.processed == 0


@pytest.mark.parametrize("engine,workers", [("local", 1), ("local", 2), ("dask", 2)])
def test_an_article_over_its_time_budget_is_rejected_and_its_worker_goes_on(
        articles: Path, clean: Path, tmp_path: Path, engine: str, workers: int,
        capfd: pytest.CaptureFixture[str]) -> None:
    marked, slow = _with_marker(articles, tmp_path, 10, 3, STALL)
    out = tmp_path / "out"
    options = RunOptions(workers=workers, engine=engine, batch_size=5, progress=False, article_timeout=1,
                         stages=(*ARTICLE_STAGES, ("stall", stall_on_marker)))
    started = time.monotonic()
    summary = run([str(marked)], out, options)
    assert time.monotonic() - started < 50       # the stalled article alone would take 60 s
    assert summary.rejected == {"too_slow": 1} and summary.written == 9
    (error,) = _errors(out)
    assert error["doc_id"] == slow and error["stage"] == "stall" and "1 s" in error["detail"]
    assert "died" not in capfd.readouterr().err     # the worker went on with the next article
    kept = {r["doc_id"] for r in _records(out)}
    assert slow not in kept and _records_of(out, kept) == _records_of(clean, kept)


def test_a_query_cannot_overwrite_a_committed_part(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(articles), "-o", str(out), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    part = sorted((out / "parts").glob("*.records.jsonl"))[0]
    before = part.read_bytes()
    copy = subprocess.run([sys.executable, "-m", "pipeline.cli", "query", str(out),
                           f"COPY (SELECT doc_id FROM articles) TO '{part}'"], capture_output=True, text=True)
    assert copy.returncode == 2 and part.read_bytes() == before
    assert os.path.getsize(part) > 0


def test_hostile_pages_settle_in_bounded_time_and_store_short_sentences() -> None:
    """Generated here, never stored: 100 KB of capitalised words with no punctuation, and 115 KB
    of figures in one "sentence". Generous bounds (this machine's speed swings); they took
    minutes before the finders were bounded."""
    from pipeline import extract

    words = ["Hà", "Nội", "Sơn", "Lâm", "Bình", "Minh", "Tuấn", "Văn", "Đức", "Hải", "Phòng", "Nam", "Long", "An"]
    capitalised = " ".join(words[(i * 7) % len(words)] for i in range(25_000))
    figures = "123.456 đảng viên, 45,67% chi bộ " * 3500
    for text in (capitalised, figures):
        started = time.perf_counter()
        article = extract(text, title="t")
        assert time.perf_counter() - started < 90
        assert all(len(span.sentence or "") <= 700 for span in [*article.entities, *article.facts])


def test_a_batch_committed_before_its_worker_died_is_not_processed_again(articles: Path, tmp_path: Path) -> None:
    """A worker can die between its batch's commit and its answer (Dask can also lose an answer
    with its worker): the batch counts as committed, and no half of it is written twice."""
    out = tmp_path / "out"
    planner = Planner(RunState.open(out), 3)
    batch = next(planner.batches(read_inputs([str(articles)])))
    committed = process_batch(batch, str(out))
    results: list[BatchResult] = []
    crashes = Crashes(planner.split, str(out), results.append)
    assert crashes.handle(batch, "a worker died (signal 9)") == []
    assert results == [committed] and len(list((out / "parts").glob("*.done.json"))) == 1
    uncommitted = Batch(batch.seq + 1, batch.docs)
    assert crashes.handle(uncommitted, "a worker died (signal 9)") == [uncommitted]   # retried
