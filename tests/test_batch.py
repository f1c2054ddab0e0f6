"""Batch runs: interrupted and resumed, re-run, changed text, bad inputs, Dask, tables.

Real processes and real files: the command line in a subprocess killed with SIGKILL, a
real Dask LocalCluster, real Parquet files and a real DuckDB database.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.batch import Planner
from pipeline.cli import main
from pipeline.models import SourceDoc
from pipeline.run import RunOptions, run
from pipeline.state import RunState
from pipeline.tables import TABLES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "baomoi-party.jsonl"


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 real articles of the shared corpus as one JSON Lines input."""
    if not SHARED.is_file():
        pytest.fail(f"the shared corpus is missing: {SHARED}")
    path = tmp_path_factory.mktemp("input") / "party.jsonl"
    with SHARED.open(encoding="utf-8") as src:
        path.write_text("".join(line for _, line in zip(range(40), src)), encoding="utf-8")
    return path


def _records(out: Path) -> list[dict]:
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted((json.loads(line) for line in lines), key=lambda r: r["doc_id"])


def _options(**kw: object) -> RunOptions:
    return RunOptions(**{"workers": 1, "batch_size": 5, "progress": False, **kw})


@pytest.fixture(scope="module")
def reference(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted local run: what every other way of running must reproduce."""
    out = tmp_path_factory.mktemp("reference")
    summary = run([str(articles)], out, _options())
    assert summary.written == 40 and not summary.rejected
    return out


def test_a_killed_run_resumes_to_exactly_the_uninterrupted_records(articles: Path, reference: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.cli", "run", str(articles), "-o", str(out),
               "--workers", "1", "--batch-size", "5", "--quiet"]
    child = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list((out / "parts").glob("*.done.json"))) < 2:
        assert child.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline, "no batch committed in time"
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)       # the run and its worker processes, mid-batch
    child.wait()
    assert not (out / "records.jsonl").exists()   # no final file pretends to be complete
    committed = len(list((out / "parts").glob("*.done.json")))
    assert committed < 8

    summary = run([str(articles)], out, _options())
    assert summary.skipped == committed * 5
    assert summary.written == 40 - committed * 5
    assert _records(out) == _records(reference)
    assert not list(out.rglob("*.tmp")) and not list(out.rglob("*.partial"))


def test_a_finished_run_run_again_processes_nothing(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([str(articles)], out, _options())
    before = _records(out)
    again = run([str(articles)], out, _options())
    assert again.processed == 0 and again.skipped == 40
    assert _records(out) == before


def test_a_changed_text_is_processed_again_and_replaces_its_record(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([str(articles)], out, _options())
    lines = articles.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["text"] = first["text"] + "\nĐảng bộ xã có 123 đảng viên."
    changed = tmp_path / "changed.jsonl"
    changed.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    summary = run([str(changed)], out, _options())
    assert summary.written == 1 and summary.skipped == 39
    records = _records(out)
    assert len(records) == 40
    mine = next(r for r in records if r["doc_id"] == first["id"])
    assert any(f["value"] == 123 for f in mine["facts"])
    con = duckdb.connect(str(out / "vnie.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM articles WHERE doc_id = ?", [first["id"]]).fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (40,)


def test_bad_inputs_in_a_batch_are_reported_and_the_batch_goes_on(articles: Path, tmp_path: Path) -> None:
    lines = articles.read_text(encoding="utf-8").splitlines()[:6]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([lines[0], "{not json", lines[1], json.dumps({"id": "no-text"}), lines[2],
                                lines[0], *lines[3:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(mixed), str(tmp_path / "missing.jsonl"), "-o", str(out), "--workers", "2",
                 "--batch-size", "2", "--quiet"])
    assert code == 0
    assert len(_records(out)) == 6
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(e["reason"] for e in errors) == ["duplicate_id", "malformed_json", "missing_text", "not_found"]
    assert {e["line"] for e in errors if e["input"] == str(mixed)} == {2, 4, 6}
    # run again: the same problems are not reported twice
    main(["run", str(mixed), str(tmp_path / "missing.jsonl"), "-o", str(out), "--quiet"])
    assert len((out / "errors.jsonl").read_text(encoding="utf-8").splitlines()) == 4


def test_two_workers_write_the_same_records(articles: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([str(articles)], out, _options(workers=2))
    assert _records(out) == _records(reference)


def test_a_dask_local_cluster_writes_the_same_records(articles: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run([str(articles)], out, _options(engine="dask", workers=2))
    assert summary.written == 40
    assert _records(out) == _records(reference)
    for table in TABLES:
        dask_rows = pq.read_table(out / "tables" / table).num_rows
        assert dask_rows == pq.read_table(reference / "tables" / table).num_rows


def _docs(count: int) -> list[SourceDoc]:
    return [SourceDoc(doc_id=f"d{i}", input="x.jsonl", line=i, format="jsonl", text=f"bài {i}", decoding="json")
            for i in range(count)]


@pytest.mark.parametrize("count", [0, 3, 37, 165])
def test_the_last_batches_shrink_for_two_workers_and_stay_whole_for_one(count: int) -> None:
    docs = _docs(count)
    one = [len(b) for b in Planner(RunState(), 10, workers=1).batches(docs)]
    assert one == [10] * (count // 10) + ([count % 10] if count % 10 else [])
    two = list(Planner(RunState(), 10, workers=2).batches(docs))
    assert [d.doc_id for b in two for d in b.docs] == [d.doc_id for d in docs]   # each once, in order
    assert [b.seq for b in two] == list(range(len(two)))
    sizes = [len(b) for b in two]
    assert sizes == sorted(sizes, reverse=True) and all(2 <= n <= 10 for n in sizes[:-1])
    if count > 30:
        assert sizes[0] == 10 and sizes[-1] <= 10 // 4   # full batches first, a small one last


def test_split_halves_take_seqs_no_other_batch_has() -> None:
    planner = Planner(RunState(), 10, workers=1)
    stream = planner.batches(_docs(25))
    first = next(stream)
    halves = planner.split(first)
    rest = list(stream)
    seqs = [first.seq, *(h.seq for h in halves), *(b.seq for b in rest)]
    assert len(set(seqs)) == len(seqs)
    assert [d.doc_id for h in halves for d in h.docs] == [d.doc_id for d in first.docs]
    assert [len(h.docs) for h in planner.split(halves[1])] == [3, 2]


def test_the_planner_skips_what_an_earlier_run_settled() -> None:
    docs = _docs(25)
    state = RunState(keys={(d.doc_id, d.sha256()) for d in docs[:20]})
    planner = Planner(state, 10, workers=2)
    assert [d.doc_id for b in planner.batches(docs) for d in b.docs] == [d.doc_id for d in docs[20:]]
    assert planner.skipped == 20


def test_parquet_tables_and_the_database_hold_the_same_rows(reference: Path) -> None:
    records = _records(reference)
    con = duckdb.connect(str(reference / "vnie.duckdb"), read_only=True)
    expected = {"articles": len(records), "facts": sum(len(r["facts"]) for r in records),
                "entities": sum(len(r["entities"]) for r in records),
                "documents": sum(e["type"] == "DOC" for r in records for e in r["entities"]),
                "persons": sum(e["type"] == "PER" for r in records for e in r["entities"])}
    for table, rows in expected.items():
        assert pq.read_table(reference / "tables" / table).num_rows == rows
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (rows,)
    assert expected["facts"] > 100 and expected["documents"] > 10


def test_a_second_run_into_a_busy_output_directory_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # the whole shared corpus, so that the first run is still busy when the second starts
    command = [sys.executable, "-m", "pipeline.cli", "run", str(SHARED), "-o", str(out),
               "--workers", "1", "--batch-size", "5", "--quiet"]
    first = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list((out / "parts").glob("*.done.json")):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        second = subprocess.run(command, capture_output=True, text=True)
        assert second.returncode == 2 and "another vnie run is writing" in second.stderr
        assert first.poll() is None   # refused by a live run, not by one that had ended
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()


def _terminal_output(command: list[str]) -> str:
    """What a person at a terminal sees: the command run on a pseudo-terminal."""
    main_fd, child_fd = pty.openpty()
    child = subprocess.Popen(command, stdin=child_fd, stdout=child_fd, stderr=child_fd)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:   # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    child.wait()
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_shows_live_progress_and_a_pipe_or_quiet_only_the_summary(tmp_path: Path) -> None:
    seeds = str(Path(__file__).resolve().parents[1] / "corpus")
    run_cmd = [sys.executable, "-m", "pipeline.cli", "run", seeds, "--workers", "1"]
    shown = _terminal_output([*run_cmd, "-o", str(tmp_path / "tty")])
    assert "5/5 articles" in shown and "/s, 0 errors" in shown and "100%" in shown and "written 5" in shown
    assert shown.index("starting workers") < shown.index("5/5 articles")   # a line at once, before any batch
    quiet = _terminal_output([*run_cmd, "-o", str(tmp_path / "quiet"), "--quiet"])
    assert "errors" not in quiet.split("read 5")[0] and "written 5" in quiet
    piped = subprocess.run([*run_cmd, "-o", str(tmp_path / "piped")], capture_output=True, text=True, check=True)
    assert "/s, 0 errors" not in piped.stderr and "written 5" in piped.stderr
