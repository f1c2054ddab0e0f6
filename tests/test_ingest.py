"""Ingest: every encoding it promises to read, and every bad input accounted for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.ingest.decode import DecodeError, decode
from tests.conftest import CORPUS

VIETNAMESE = "Đảng bộ huyện Bình Liêu có 28 chi, đảng bộ cơ sở với 2.105 đảng viên. Thời gian qua, Đảng ủy đã triển khai nhiều giải pháp."


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software writes it: base letters with separate tone marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("data,decoding", [
    (VIETNAMESE.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), "utf-8"),
    (VIETNAMESE.encode("utf-16"), "utf-16"),
    (unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8"), "utf-8"),
    (_cp1258(VIETNAMESE), "cp1258"),
    (VIETNAMESE.encode("utf-8").decode("latin-1").encode("utf-8"), "utf-8+mojibake-repaired"),
])
def test_encodings_decode_to_the_same_text(data: bytes, decoding: str) -> None:
    decoded = decode(data)
    assert (decoded.text, decoded.decoding) == (VIETNAMESE, decoding)


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(0x80, 0x100)) * 4, "undecodable"),
    # Czech in Windows-1250 is not UTF-8, and no Vietnamese reading of it is convincing.
    ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl Šťastný.".encode("cp1250"), "undecodable"),
])
def test_untrustworthy_bytes_are_rejected(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert caught.value.reason == reason


def _jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


@pytest.fixture
def mixed_batch(tmp_path: Path) -> Path:
    """A folder of good articles with every kind of bad input mixed in."""
    src = tmp_path / "in"
    (src / "deep").mkdir(parents=True)
    shutil.copy(CORPUS / "001_3071c7396e23f874.txt", src / "good.txt")
    (src / "deep" / "cp1258.txt").write_bytes(_cp1258(VIETNAMESE))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (src / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (src / "huge.txt").write_text(VIETNAMESE * 200, encoding="utf-8")
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    (src / "articles.jsonl").write_text(_jsonl(
        {"id": "a-1", "source": "baomoi.com", "title": "Tin một", "text": VIETNAMESE},
        "{this is not json",
        {"id": "a-2", "title": "Không có nội dung"},
        {"id": "a-3", "text": "   "},
        {"title": "no id", "text": VIETNAMESE},
        {"id": "a-4", "text": VIETNAMESE + " Hết."},
        {"id": "a-1", "text": VIETNAMESE},
    ), encoding="utf-8")
    (src / "page.html").write_text(
        "<html><head><title>Hội nghị Đảng bộ tỉnh</title></head><body><nav>Trang chủ</nav>"
        f"<article><h1>Hội nghị Đảng bộ tỉnh</h1><p>{VIETNAMESE}</p><p>{VIETNAMESE}</p></article>"
        "<footer>Bản quyền</footer></body></html>", encoding="utf-8")
    return src


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_bad_inputs_land_in_errors_and_good_ones_are_written(mixed_batch: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["run", str(mixed_batch), "-o", str(out), "--max-bytes", "12000"]) == 0
    written = {r["doc_id"] for r in _read(out / "records.jsonl")}
    assert written == {"good", "cp1258", "a-1", "a-4", "page"}
    errors = _read(out / "errors.jsonl")
    by_reason = {(Path(e["input"]).name, e["line"], e["reason"]) for e in errors}
    assert by_reason == {
        ("empty.txt", None, "empty"),
        ("binary.txt", None, "binary"),
        ("undecodable.txt", None, "undecodable"),
        ("huge.txt", None, "too_large"),
        ("notes.pdf", None, "unsupported_format"),
        ("articles.jsonl", 2, "malformed_json"),
        ("articles.jsonl", 3, "missing_text"),
        ("articles.jsonl", 4, "missing_text"),
        ("articles.jsonl", 5, "missing_id"),
        ("articles.jsonl", 7, "duplicate_id"),
    }
    assert all(e["stage"] == "ingest" and e["detail"] for e in errors)
    summary = capsys.readouterr().err
    assert "read 15, written 5, rejected 10" in summary
    assert "rejected 3" not in summary and "rejected 2: missing_text" in summary
    assert not list(out.glob("*.partial"))


def test_html_page_gives_its_main_text_only(mixed_batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    main(["run", str(mixed_batch / "page.html"), "-o", str(out)])
    (record,) = _read(out / "records.jsonl")
    assert record["title"] == "Hội nghị Đảng bộ tỉnh"
    assert "2.105 đảng viên" in record["text"]
    assert "Trang chủ" not in record["text"] and "Bản quyền" not in record["text"]


def test_a_page_whose_text_is_far_shorter_than_what_it_shows_is_written_with_a_warning(tmp_path: Path) -> None:
    """Generated, never stored: a short story in a page of thousands of links (the issue's 20 MB
    page gave 189 characters, silently). An ordinary page gets no such warning."""
    from bench.hostile import html_page

    (tmp_path / "big.html").write_text(html_page(400_000), encoding="utf-8")
    (tmp_path / "plain.html").write_text(
        "<html><head><title>Tin</title></head><body><nav>Trang chủ</nav><article><h1>Đảng bộ xã họp</h1>"
        + f"<p>{VIETNAMESE}</p>" * 40 + "</article><footer>Bản quyền</footer></body></html>", encoding="utf-8")
    main(["run", str(tmp_path / "big.html"), str(tmp_path / "plain.html"), "-o", str(tmp_path / "out")])
    records = {r["doc_id"]: r for r in _read(tmp_path / "out" / "records.jsonl")}
    (short,) = [w for w in records["big"]["warnings"] if w.startswith("html_text_short:")]
    assert f"{len(records['big']['text']):,} characters" in short
    assert not any(w.startswith("html_text_short") for w in records["plain"]["warnings"])


def test_predictions_have_the_gold_line_shape(tmp_path: Path) -> None:
    out = tmp_path / "out"
    main(["run", "-o", str(out)])
    lines = _read(out / "predictions.jsonl")
    assert len(lines) == 5
    for line in lines:
        assert set(line) == {"doc_id", "text_sha256", "province", "title", "published", "author", "source",
                             "entities", "facts"}


def test_console_script_reads_stdin_and_globs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    records = _jsonl({"id": "s-1", "text": VIETNAMESE}, {"id": "s-2", "text": VIETNAMESE})
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "-", "-o", str(out)],
                          input=records.encode("utf-8"), capture_output=True, check=True)
    assert "written 2" in done.stderr.decode()
    assert [r["doc_id"] for r in _read(out / "records.jsonl")] == ["s-1", "s-2"]
    globbed = tmp_path / "globbed"
    main(["run", str(CORPUS / "00[12]_*.txt"), "-o", str(globbed)])
    assert len(_read(globbed / "records.jsonl")) == 2


def test_a_page_without_a_canonical_url_takes_its_site_from_og_site_name(tmp_path: Path) -> None:
    from pipeline.ingest.readers import _site
    assert _site({"hostname": None, "sitename": "baolangson.vn"}) == "baolangson.vn"
    assert _site({"hostname": "www.BaoNgheAn.vn", "sitename": "Báo Nghệ An"}) == "baonghean.vn"
    assert _site({"hostname": None, "sitename": "Báo Lạng Sơn"}) is None
    page = ("<html><head><title>Tin</title><meta property='og:site_name' content='baolangson.vn'></head><body>"
            f"<h1>Đảng bộ xã họp</h1><p>{VIETNAMESE}</p><p>{VIETNAMESE}</p></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    main(["run", str(tmp_path / "page.html"), "-o", str(tmp_path / "out")])
    (record,) = _read(tmp_path / "out" / "records.jsonl")
    assert record["source"] == "baolangson.vn"


def test_a_figure_caption_of_a_page_is_a_caption_block_with_its_credit(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{VIETNAMESE} Đoạn {n}.</p>" for n in range(6))
    page = ("<html><head><title>Đảng bộ xã họp</title></head><body><article><h1>Đảng bộ xã Đồng Văn tổng kết</h1>"
            + paragraphs[:len(paragraphs) // 2]
            + "<figure><img src='a.jpg'><figcaption>Đồng chí Mai Vũ Tuấn phát biểu. Ảnh: Thanh Lê</figcaption></figure>"
            + paragraphs[len(paragraphs) // 2:] + "</article></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    main(["run", str(tmp_path / "page.html"), "-o", str(tmp_path / "out")])
    (record,) = _read(tmp_path / "out" / "records.jsonl")
    blocks = {(b["kind"], record["text"][b["start"]:b["end"]]) for b in record["blocks"]}
    assert ("caption", "Đồng chí Mai Vũ Tuấn phát biểu.") in blocks and ("credit", "Ảnh: Thanh Lê") in blocks
    assert not any(kind == "caption" and "tổng kết" in text for kind, text in blocks)   # the headline is none
    assert any(e["type"] == "PER" and e["text"] == "Mai Vũ Tuấn" for e in record["entities"])


def test_html_on_standard_input_is_read_as_a_page(tmp_path: Path) -> None:
    page = ("<!DOCTYPE html><html><head><title>Đảng bộ xã họp</title></head><body><h1>Đảng bộ xã họp</h1>"
            f"<p>{VIETNAMESE}</p></body></html>")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "-", "-o", str(out)],
                   input=page.encode("utf-8"), capture_output=True, check=True)
    (record,) = _read(out / "records.jsonl")
    assert record["format"] == "html" and record["title"] == "Đảng bộ xã họp" and "<p>" not in record["text"]


def test_a_missing_input_is_named_in_the_summary_and_a_file_is_no_output_folder(tmp_path: Path, capsys) -> None:
    assert main(["run", str(tmp_path / "typo.txt"), str(CORPUS / "001_*.txt"), "-o", str(tmp_path / "out")]) == 0
    assert f"not found: {tmp_path / 'typo.txt'}" in capsys.readouterr().err
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    for target in (a_file, a_file / "below"):
        assert main(["run", str(CORPUS / "001_*.txt"), "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(target) in err and "Traceback" not in err


def test_one_bad_input_is_one_rejection_and_the_run_goes_on(tmp_path: Path) -> None:
    """Lone surrogates, an empty .jsonl, a FIFO, a dangling link and a link looping back each
    give their reason; the good record is written; a ** glob does not follow the loop."""
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    (inputs / "a.jsonl").write_text('{"id": "bad", "text": "Đảng bộ có \\ud800 đảng viên."}\n'
                                    + _jsonl({"id": "good", "text": VIETNAMESE}), encoding="utf-8")
    (inputs / "empty.jsonl").write_text("", encoding="utf-8")
    os.mkfifo(inputs / "pipe.txt")
    (inputs / "dangling.txt").symlink_to(inputs / "nowhere.txt")
    (inputs / "sub" / "loop").symlink_to(inputs)
    assert main(["run", str(inputs), "-o", str(tmp_path / "out")]) == 0
    reasons = {(Path(e["input"]).name, e["reason"]) for e in _read(tmp_path / "out" / "errors.jsonl")}
    assert reasons == {("a.jsonl", "undecodable"), ("empty.jsonl", "empty"), ("pipe.txt", "not_a_file"),
                       ("dangling.txt", "dangling_link")}
    assert [r["doc_id"] for r in _read(tmp_path / "out" / "records.jsonl")] == ["good"]
    assert main(["run", str(inputs / "**" / "*.jsonl"), "-o", str(tmp_path / "globbed")]) == 0
    assert [r["doc_id"] for r in _read(tmp_path / "globbed" / "records.jsonl")] == ["good"]   # read once
    # a glob that meets the dangling link names it as such: a failed read is no failed write
    assert main(["run", str(inputs / "*.txt"), "-o", str(tmp_path / "txt")]) == 1
    assert {(Path(e["input"]).name, e["reason"]) for e in _read(tmp_path / "txt" / "errors.jsonl")} == {
        ("pipe.txt", "not_a_file"), ("dangling.txt", "dangling_link")}


def test_nothing_processed_is_a_failure(tmp_path: Path) -> None:
    assert main(["run", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out")]) == 1
    (error,) = _read(tmp_path / "out" / "errors.jsonl")
    assert error["reason"] == "not_found"


def test_schema_is_exported(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert {"Article", "Prediction", "Problem"} <= set(schema)
    assert "offsets" not in schema["Article"]["properties"]
    assert schema["Article"]["$defs"]["Entity"]["properties"]["type"]["enum"] == ["ORG", "DOC", "PER", "LOC"]
