"""Benchmark vnie on the shared party corpus: speed for one and two workers, memory, and
underthesea's `ner` as the reference row — all measured in one run, so the ratios hold on
a noisy machine.

    .venv/bin/python bench/run.py                 # x1: 1 worker, 2 workers, underthesea ner
    .venv/bin/python bench/run.py --replicate 10  # the corpus x10 (new doc_ids): memory stays flat

Each vnie row is a `vnie run` in a process of its own, `--repeats` times, interleaved with
the other row; the median run is printed with the range of rates, and the peak memory of
all runs. Rates are the ones the run's summary prints: processing time only (workers
started and warm, inputs streamed, batches committed); start-up and the final database
build are printed apart. With one worker the run processes in its own process; with two,
two worker processes do and the run's process reads and hands out batches. Peak RSS is
sampled every 50 ms over the run's process tree (the run and its workers) and per process.
The speed-up is the median of the paired ratios: each two-worker run divided by the
one-worker run beside it (the two rows take turns going first). This machine's speed
drifts by up to half from one minute to the next; a pair runs within seconds, so the drift
cancels inside each ratio, while the two median rates may come from runs minutes apart.
The ratio of the median rates and each pair's ratio are printed beside it.
underthesea's `ner` is slow (seconds an article), so its row runs on the first
`--ner-articles` articles; its rate is comparable all the same.

    .venv/bin/python bench/run.py --hostile       # the hostile articles of issue 17

`--hostile` measures instead the articles built to be slow (bench/hostile.py, generated,
never stored): the seconds each takes to settle (read and processed, or rejected) in this
process, warm as a worker is, and the peak RSS of one `vnie run` over all of them with one
worker. Targets: each under 10 s, the run under 1 GiB.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from hostile import MAX_BYTES, SIZES, settle_times, warm_up, write_inputs   # bench/hostile.py, beside this script
from pipeline.evaluate.baseline import baseline_line
from pipeline.ingest import read_inputs
from pipeline.normalise import normalise
from pipeline.run import RunOptions

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "baomoi-party.jsonl"
MIB = 1024 * 1024
_SUMMARY = re.compile(r"written (?P<written>\d+).*?processed (?P<processed>\d+) in [\d.]+ s \((?P<rate>[\d.]+)/s\)", re.S)


class PeakRSS:
    """Samples the resident memory of this process's children (the run and its workers) until stopped.

    Memory is read every 50 ms, but the process tree is listed only every second: listing
    it reads every process of the machine (2.4 ms here), which took a share of a core from
    the two-worker row that the one-worker row, with a core to spare, did not pay.
    """

    def __init__(self) -> None:
        self.tree = 0
        self.single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        tree: list[psutil.Process] = []
        for tick in itertools.count():
            if self._stop.is_set():
                return
            if tick % 20 == 0 or not tree:
                tree = me.children(recursive=True)
            sizes = []
            for proc in tree:
                try:
                    sizes.append(proc.memory_info().rss)
                except psutil.Error:
                    continue
            self.tree = max(self.tree, sum(sizes))
            self.single = max(self.single, max(sizes, default=0))
            self._stop.wait(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _replicated(source: Path, times: int, folder: Path) -> Path:
    """The corpus `times` over, each copy with its own doc_ids, as one JSON Lines file."""
    target = folder / f"corpus-x{times}.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for copy in range(times):
            for line in source.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                record["id"] = f"{record['id']}-copy{copy}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def _vnie_row(corpus: Path, workers: int, kib: float, folder: Path, batch_size: int) -> dict[str, float]:
    """One `vnie run` as a user starts it, in a process of its own (so each row's memory is
    its own); its rate is the one the run's summary prints."""
    out = Path(tempfile.mkdtemp(prefix=f"out-{workers}-", dir=folder))
    command = [sys.executable, "-m", "pipeline.cli", "run", str(corpus), "-o", str(out), "--workers", str(workers),
               "--batch-size", str(batch_size), "--quiet"]
    started = time.perf_counter()
    with PeakRSS() as rss:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    total = time.perf_counter() - started
    found = _SUMMARY.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"vnie run failed ({done.returncode}):\n{done.stderr}")
    written, rate = int(found.group("written")), float(found.group("rate"))
    seconds = int(found.group("processed")) / rate
    return {"articles": written, "seconds": seconds, "rate": rate, "kib_rate": kib / seconds,
            "overhead": total - seconds, "rss_tree": rss.tree / MIB, "rss_single": rss.single / MIB}


def _median(found: list[dict[str, float]]) -> dict[str, float]:
    return sorted(found, key=lambda run: run["rate"])[len(found) // 2]


def _ner_row(corpus: Path, articles: int) -> dict[str, float]:
    docs = [doc for doc, _ in zip(read_inputs([str(corpus)]), range(articles))]
    normalised = [normalise(doc) for doc in docs]
    baseline_line(normalised[0])          # load underthesea's model outside the clock
    started = time.perf_counter()
    for article in normalised:
        baseline_line(article)
    seconds = time.perf_counter() - started
    kib = sum(len(doc.text.encode("utf-8")) for doc in docs) / 1024
    return {"articles": len(docs), "seconds": seconds, "rate": len(docs) / seconds, "kib_rate": kib / seconds}


def _hostile(page_bytes: int, folder: Path) -> None:
    """Seconds to settle each hostile article, and the peak RSS of a run over all of them."""
    inputs = write_inputs(folder, page_bytes)
    sizes = {**SIZES, "hostile_page": page_bytes}
    warm_up()
    print(f"{'hostile article':20}{'KiB':>8}{'seconds':>9}  settled")
    for doc_id, outcome, seconds in settle_times(inputs):
        print(f"{doc_id:20}{sizes.get(doc_id, 0) / 1024:>8.0f}{seconds:>9.1f}  {outcome}")
    command = [sys.executable, "-m", "pipeline.cli", "run", *map(str, inputs), "-o", str(folder / "out"),
               "--workers", "1", "--max-bytes", str(MAX_BYTES), "--quiet"]
    started = time.perf_counter()
    with PeakRSS() as rss:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"vnie run failed ({done.returncode}):\n{done.stderr}")
    print(f"one vnie run over all of them, 1 worker: {time.perf_counter() - started:.1f} s, "
          f"peak RSS {rss.tree / MIB:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--replicate", type=int, default=1, help="process the corpus this many times over")
    parser.add_argument("--batch-size", type=int, default=RunOptions().batch_size,
                        help="articles a batch commits (default: vnie run's own)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="runs of each vnie row, interleaved; the median run is shown, the range beside it")
    parser.add_argument("--ner-articles", type=int, default=10, help="articles for the underthesea row (0: skip)")
    parser.add_argument("--hostile", action="store_true", help="measure the hostile articles of issue 17 instead")
    parser.add_argument("--page-mb", type=float, default=20, help="--hostile: the size of the page (default: 20)")
    args = parser.parse_args()
    if args.hostile:
        with tempfile.TemporaryDirectory(prefix="vnie-hostile-") as tmp:
            _hostile(int(args.page_mb * 1_000_000), Path(tmp))
        return

    with tempfile.TemporaryDirectory(prefix="vnie-bench-") as tmp:
        folder = Path(tmp)
        corpus = _replicated(args.corpus, args.replicate, folder) if args.replicate > 1 else args.corpus
        kib = corpus.stat().st_size / 1024
        print(f"corpus: {args.corpus.name} x{args.replicate} ({kib:,.0f} KiB), cores: {psutil.cpu_count()}, "
              f"batch size: {args.batch_size}")
        runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for repeat in range(args.repeats):   # interleaved, so a noisy minute hits both rows alike,
            for workers in sorted(runs, reverse=repeat % 2 == 1):   # in turns first (1 2, 2 1, ...)
                runs[workers].append(_vnie_row(corpus, workers, kib, folder, args.batch_size))
        rows = {workers: _median(found) for workers, found in runs.items()}
        ner = _ner_row(args.corpus, args.ner_articles) if args.ner_articles else None

    print(f"{'':24}{'articles':>9}{'seconds':>9}{'art/s':>8}{'KiB/s':>8}{'peak RSS tree':>15}{'(1 process)':>13}"
          f"{'start+finish':>14}")
    for workers, row in rows.items():
        rates = sorted(run["rate"] for run in runs[workers])
        print(f"{f'vnie, {workers} worker(s)':24}{row['articles']:>9}{row['seconds']:>9.1f}{row['rate']:>8.1f}"
              f"{row['kib_rate']:>8.0f}{max(r['rss_tree'] for r in runs[workers]):>11.0f} MiB"
              f"{max(r['rss_single'] for r in runs[workers]):>9.0f} MiB{row['overhead']:>12.1f} s"
              f"   (art/s over {len(rates)} runs: {rates[0]:.1f}-{rates[-1]:.1f})")
    if ner:
        print(f"{'underthesea ner':24}{ner['articles']:>9}{ner['seconds']:>9.1f}{ner['rate']:>8.2f}{ner['kib_rate']:>8.1f}")
    pairs = [two["rate"] / one["rate"] for one, two in zip(runs[1], runs[2])]
    print(f"speed-up with 2 workers: {statistics.median(pairs):.2f}x median of the paired runs   "
          f"(ratio of the median rates: {rows[2]['rate'] / rows[1]['rate']:.2f}x; "
          f"pair by pair: {', '.join(f'{ratio:.2f}' for ratio in pairs)})")
    if ner:
        print(f"vnie (1 worker) vs underthesea ner: {rows[1]['rate'] / ner['rate']:.0f}x")


if __name__ == "__main__":
    main()
