"""Damaged output state, with real runs and real files: each committed part or manifest cut
short, emptied, deleted or garbled after its batch committed. `vnie verify` names the file
and changes nothing; the next run names it in one warning, processes that batch's articles
again, and ends with the final files of a clean run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from tests.conftest import general_articles

Damage = Callable[[Path], None]


@pytest.fixture(scope="module")
def articles(shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 real articles and, among the first five, two bad lines, so batch 0 has an errors part."""
    return general_articles(shared_corpus, 40, tmp_path_factory.mktemp("damage"), ("{not json", '{"id": "no-text"}'))


def _run(articles: Path, out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline.cli", "run", str(articles), "-o", str(out),
               "--workers", "1", "--batch-size", "5", "--quiet"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def clean(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One undamaged run: every case starts from a copy of it and must end equal to it."""
    out = tmp_path_factory.mktemp("clean") / "out"
    done = _run(articles, out)
    assert done.returncode == 0, done.stderr
    assert (out / "parts" / "000000.errors.jsonl").stat().st_size > 0
    return out


def _sorted_lines(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted((json.loads(line) for line in lines), key=lambda r: json.dumps(r, sort_keys=True))


def _articles(out: Path) -> int:
    with duckdb.connect(str(out / "vnie.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def _verify(out: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    """`vnie verify` through the command's own entry point (in this process: it is run many times)."""
    status = main(["verify", str(out)])
    return status, capsys.readouterr().out


def _cut(path: Path) -> None:
    """Cut short in the middle of a line."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 1])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _delete(path: Path) -> None:
    path.unlink()


def _garble(path: Path) -> None:
    """Bytes overwritten in the middle, the size unchanged."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8] = b"\x00garble\xff"
    path.write_bytes(bytes(data))


def _drop_line(path: Path) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:1] + lines[2:]))


def _garble_a_doc_id(path: Path) -> None:
    """A manifest still valid JSON, but a doc_id in it changed: only its checksum shows it."""
    text = path.read_text(encoding="utf-8")
    doc_id = json.loads(text)["keys"][0][0]
    path.write_text(text.replace(doc_id, "Z" * len(doc_id), 1), encoding="utf-8")


PART_CASES = [
    *((f"parts/000000.{stream}.jsonl", damage) for stream in ("records", "predictions", "errors")
      for damage in (_cut, _empty, _delete, _garble)),
    ("parts/000001.records.jsonl", _drop_line),
    ("tables/articles/part-000002.parquet", _delete),
    ("tables/facts/part-000003.parquet", _garble),
    ("tables/entities/part-000004.parquet", _cut),
    ("parts/000005.done.json", _cut),
    ("parts/000006.done.json", _empty),
    ("parts/000007.done.json", _garble_a_doc_id),
    ("parts/000001.done.json", _garble),
]


@pytest.mark.parametrize(("name", "damage"), PART_CASES, ids=[f"{n}-{d.__name__.strip('_')}" for n, d in PART_CASES])
def test_a_damaged_file_is_named_and_its_batch_processed_again(name: str, damage: Damage, articles: Path,
                                                               clean: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    damage(out / name)
    before = sorted(p.name for p in (out / "parts").iterdir())

    status, report = _verify(out, capsys)
    assert status == 1 and name in report and "is damaged" in report, report
    assert sorted(p.name for p in (out / "parts").iterdir()) == before, "verify changed the folder"

    done = _run(articles, out)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "is damaged" in line]
    assert len(warnings) == 1 and name in warnings[0] and "will be processed again" in warnings[0], done.stderr
    assert "Traceback" not in done.stderr
    for final in ("records.jsonl", "predictions.jsonl", "errors.jsonl"):
        assert _sorted_lines(out / final) == _sorted_lines(clean / final), final
    assert _articles(out) == _articles(clean) == 40
    assert _verify(out, capsys) == (0, f"{out}: OK, 9 committed batches intact; the final files agree with them\n")


def test_a_deleted_manifest_leaves_debris_that_the_next_run_redoes(articles: Path, clean: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture) -> None:
    """Without its manifest a batch was never committed (as after a kill): nothing to name but
    the final files, which then hold more than the committed parts."""
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    (out / "parts" / "000004.done.json").unlink()
    status, report = _verify(out, capsys)
    assert status == 1 and "records.jsonl holds 40 lines, the committed parts 35" in report, report
    done = _run(articles, out)
    assert done.returncode == 0 and "is damaged" not in done.stderr, done.stderr
    assert _sorted_lines(out / "records.jsonl") == _sorted_lines(clean / "records.jsonl")
    assert _verify(out, capsys)[0] == 0


def test_manifests_written_before_parts_were_described_are_trusted_after_a_structural_check(
        articles: Path, clean: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """An output folder of an older vnie: manifests without sizes, hashes or checksum. Intact,
    nothing is redone; a part cut short mid-line is still found."""
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    for manifest in (out / "parts").glob("*.done.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        old = {key: data[key] for key in ("seq", "keys", "problems", "written", "rejected")}
        manifest.write_text(json.dumps(old, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _verify(out, capsys) == (0, f"{out}: OK, 9 committed batches intact; the final files agree with them\n")
    _cut(out / "parts" / "000002.records.jsonl")
    status, report = _verify(out, capsys)
    assert status == 1 and "000002.records.jsonl is damaged (cut short: its last line has no end)" in report
    done = _run(articles, out)
    assert done.returncode == 0 and "skipped (done before) 37" in done.stderr, done.stderr
    assert _sorted_lines(out / "records.jsonl") == _sorted_lines(clean / "records.jsonl")


def test_a_batch_rewritten_for_a_changed_text_still_verifies(articles: Path, clean: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    """A changed text retires the article's record from its first batch, which is rewritten
    with its manifest: the new sizes and hashes are the ones recorded."""
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    lines = articles.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["text"] += " Thêm một câu."
    changed = tmp_path / "changed.jsonl"
    changed.write_text("\n".join([json.dumps(record, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    done = _run(changed, out)
    assert done.returncode == 0 and "written 1," in done.stderr, done.stderr
    assert _verify(out, capsys) == (0, f"{out}: OK, 10 committed batches intact; the final files agree with them\n")


def test_verify_refuses_a_folder_that_is_not_an_output(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "verify", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "not the output folder" in done.stderr
