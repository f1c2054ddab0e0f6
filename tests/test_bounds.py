"""Bounded work per article: the structures that replaced scans over every earlier span or
mention answer exactly what the scans did, and a pattern tried at a position reads near it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench.hostile import MAX_BYTES, html_page, settle_times, warm_up, write_inputs
from pipeline import rules
from pipeline.entities.candidates import Candidate
from pipeline.entities.links import link_mentions
from pipeline.ingest import IngestLimits, read_inputs
from pipeline.spans import Spans

_SPAN = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda s: (s[0], s[0] + s[1]))


@settings(max_examples=400, deadline=None)
@given(added=st.lists(_SPAN, max_size=25), asked=st.lists(_SPAN, min_size=1, max_size=10))
@example(added=[(1, 3), (3, 5)], asked=[(3, 3), (2, 4)])     # touching spans are not one: 3 lies inside neither
@example(added=[(4, 4), (2, 6)], asked=[(4, 4), (3, 5), (4, 5)])   # an empty span is a point
def test_spans_answer_what_asking_every_span_answers(added: list[tuple[int, int]],
                                                     asked: list[tuple[int, int]]) -> None:
    spans = Spans()
    for done, (start, end) in enumerate(added):
        spans.add(start, end)
        for s, e in asked:
            assert spans.overlaps(s, e) == any(s < e2 and s2 < e for s2, e2 in added[:done + 1]), (s, e)


def _linked_by_comparing_all(cands: list[Candidate], text: str) -> list[str]:
    """The linking rule as first written: every mention compared with every earlier one."""
    ids: list[str] = []
    seen: list[tuple[str, str, str]] = []
    named: Counter[str] = Counter()
    for cand in cands:
        key = cand.attrs["canonical"].lower() if cand.type == "ORG" else text[cand.start:cand.end].lower()
        same = [i for t, k, i in seen if t == cand.type and k == key]
        fuller = [i for t, k, i in seen if t == cand.type and (
            (cand.type == "ORG" and k.startswith(key + " ")) or (cand.type == "PER" and k.endswith(" " + key)))]
        match = same[-1] if same else (max(reversed(fuller), key=named.__getitem__) if fuller else None)
        ident = match or f"{cand.type}-{sum(1 for t, _, _ in seen if t == cand.type) + 1}"
        seen.append((cand.type, key, ident))
        ids.append(ident)
        named[ident] += 1
    return ids


_WORDS = ["Đảng", "ủy", "Khối", "tỉnh", "Văn", "Tuấn", "Nguyễn"]
_NAME = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(mentions=st.lists(st.tuples(st.sampled_from(["ORG", "PER", "LOC"]), _NAME), max_size=30))
def test_mentions_link_as_comparing_each_with_every_earlier_one_did(mentions: list[tuple[str, str]]) -> None:
    text, cands = "", []
    for kind, name in mentions:
        cands.append(Candidate(kind, len(text), len(text) + len(name), {"canonical": name}))
        text += name + ". "
    assert link_mentions(cands, text) == _linked_by_comparing_all(cands, text)


def _span(found: regex.Match | None) -> tuple[int, int] | None:
    return found.span() if found else None


def test_a_local_pattern_matches_as_the_pattern_does_near_its_position() -> None:
    pattern = regex.compile(r"\s+này(?!\p{L})")
    local = rules.Local(pattern)
    text = "Sở Y tế tỉnh này " + "Đảng bộ xã " * 50_000 + "tỉnh này"
    for pos in (12, 13, 15, len(text) - 9, len(text) - 8):
        assert _span(local.match(text, pos)) == _span(pattern.match(text, pos))
    assert local.match(text, 12).span() == (12, 16)
    assert local.search(text, 20).span() == pattern.search(text, 20).span()   # other methods are the pattern's


def _peak_rss(command: list[str]) -> tuple[subprocess.CompletedProcess, int]:
    """Run `command`, sampling the resident memory of it and its children every 50 ms."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    me, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [me, *me.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = child.communicate()
    return subprocess.CompletedProcess(command, child.returncode, out, err), peak


def test_hostile_articles_settle_in_bounded_time_and_a_run_over_them_in_bounded_memory(tmp_path: Path) -> None:
    """The hostile articles of issue 17, generated (bench/hostile.py), at the sizes it reported;
    the page at 2 MB, the default --max-bytes (20 MB takes trafilatura about 95 s here, and is
    rejected as too_slow past its budget: see `bench/run.py --hostile`), given time enough to
    be written with its warning. Generous bounds, as this machine's speed swings: they took
    minutes and gigabytes while finders were quadratic; the targets (10 s, 1 GiB) are the
    benchmark's."""
    inputs = write_inputs(tmp_path / "in", page_bytes=2_000_000)
    warm_up()
    settled = {doc_id: (outcome, seconds) for doc_id, outcome, seconds in settle_times(inputs, page_seconds=60)}
    assert set(settled) == {"capitalised", "figures", "party_words", "hostile_page"}
    assert {doc_id: seconds for doc_id, (_, seconds) in settled.items() if seconds > 30} == {}
    out = tmp_path / "out"
    done, peak = _peak_rss([sys.executable, "-m", "pipeline.cli", "run", *map(str, inputs), "-o", str(out),
                            "--workers", "1", "--max-bytes", str(MAX_BYTES), "--article-timeout", "60", "--quiet"])
    assert done.returncode == 0, done.stderr
    assert peak < 1024 ** 3, f"peak RSS {peak / 1024 ** 2:.0f} MiB"
    records = {r["doc_id"]: r for r in map(json.loads, (out / "records.jsonl").read_text(encoding="utf-8").splitlines())}
    assert set(records) == set(settled)
    assert any(w.startswith("html_text_short") for w in records["hostile_page"]["warnings"])
    assert max(len(span["sentence"] or "") for r in records.values() for span in r["entities"] + r["facts"]) <= 700


def test_a_page_whose_main_text_takes_too_long_to_find_is_rejected_too_slow(tmp_path: Path) -> None:
    """trafilatura runs in the reading process, so a page of megabytes (95 s for 20 MB here)
    would stall the whole run: past its budget the page is rejected, and the run goes on."""
    page = tmp_path / "page.html"
    page.write_text(html_page(2_000_000), encoding="utf-8")
    started = time.perf_counter()
    items = list(read_inputs([str(page)], IngestLimits(max_bytes=MAX_BYTES, page_seconds=0.5)))
    assert [(item.stage, item.reason) for item in items] == [("ingest", "too_slow")]
    assert time.perf_counter() - started < 30
