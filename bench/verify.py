"""What the check of committed batches costs: the time every `vnie run` spends at its start
(and again before it rebuilds the final files) checking each part's size and sha256.

    .venv/bin/python bench/verify.py                       # all of ../shared/corpus/*.jsonl
    .venv/bin/python bench/verify.py --out OUT             # an output folder you already have

Without --out it runs `vnie run` (one worker) over the corpus into a temporary folder first.
The check is then timed `--repeats` times; the files are in the page cache after the first,
so the first figure is the nearest to a cold start this benchmark can give without root.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.parts import PARTS, TABLES_DIR
from pipeline.state import check_batches

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MIB = 1024 * 1024


def _checked(out: Path, repeats: int) -> None:
    size = sum(p.stat().st_size for folder in (PARTS, TABLES_DIR) for p in (out / folder).rglob("*") if p.is_file())
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        manifests, damaged = check_batches(out)
        seconds.append(time.perf_counter() - started)
    if damaged:
        raise SystemExit(f"{len(damaged)} damaged files in {out}: {damaged[0]}")
    articles = sum(m.written for m in manifests)
    print(f"{len(manifests)} batches, {articles} articles, {size / MIB:.0f} MiB of parts and manifests")
    print(f"check: first {seconds[0]:.3f} s, then {', '.join(f'{s:.3f}' for s in seconds[1:])} s "
          f"({size / MIB / min(seconds):.0f} MiB/s at best); a run checks twice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="an existing output folder (default: run the corpus first)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.out:
        _checked(args.out, args.repeats)
        return
    with tempfile.TemporaryDirectory(prefix="vnie-verify-") as tmp:
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "pipeline.cli", "run", *map(str, sorted(CORPUS.glob("*.jsonl"))),
                   "-o", str(out), "--workers", "1", "--quiet"]
        subprocess.run(command, check=True, capture_output=True)
        _checked(out, args.repeats)


if __name__ == "__main__":
    main()
