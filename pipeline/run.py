"""Run the pipeline over inputs into an output directory; count everything that happens.

Every input is accounted for: an article is written, rejected with a reason, or skipped
because an earlier run into the same directory already settled it (same doc_id, same
text). The run streams: inputs are read lazily, batches are committed as they finish,
and the final files are built from the committed batches at the end.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from pipeline.batch import BatchResult, Planner, process_batch
from pipeline.engines import DaskEngine, Engine, InProcessEngine, LocalEngine
from pipeline.ingest import IngestLimits, count_articles, read_inputs
from pipeline.models import Problem, SourceDoc
from pipeline.parts import OutputWriteError
from pipeline.progress import RunProgress
from pipeline.stages import ARTICLE_STAGES, Stages
from pipeline.state import Damage, RunState, warnings
from pipeline.write import finish


@dataclass
class Summary:
    """What a run did: articles written, inputs rejected (by reason), inputs skipped as done."""

    written: int = 0
    rejected: Counter = field(default_factory=Counter)
    skipped: int = 0
    missing: list[str] = field(default_factory=list)   # inputs named on the command line that are not there
    seconds: float = 0.0   # processing time, from the workers being ready to the last batch committed

    @property
    def processed(self) -> int:
        return self.written + sum(self.rejected.values())

    def add(self, result: BatchResult) -> None:
        self.written += result.written
        self.rejected.update(result.rejected)

    def lines(self) -> list[str]:
        """The closing summary printed after every run."""
        out = [f"read {self.processed + self.skipped}, written {self.written}, "
               f"rejected {sum(self.rejected.values())}, skipped (done before) {self.skipped}"]
        if self.processed:
            out.append(f"  processed {self.processed} in {self.seconds:.1f} s ({self.processed / max(self.seconds, 1e-9):.1f}/s)")
        out += [f"  rejected {count}: {reason}" for reason, count in sorted(self.rejected.items())]
        if self.missing:
            out.append(f"  not found: {', '.join(self.missing)}")
        return out


@dataclass(frozen=True)
class RunOptions:
    """How to run: how many workers, which engine, how many articles a batch commits, how long
    an article, or the reading of its web page, may take (seconds; 0: no limit; it sets
    `limits.page_seconds`), and the article stages (module-level functions,
    so that they reach worker processes; a test adds one that really crashes or stalls)."""

    workers: int = os.cpu_count() or 1
    engine: str = "local"
    scheduler: str | None = None
    batch_size: int = 20
    limits: IngestLimits = IngestLimits()
    progress: bool | None = None  # None: only on a terminal
    article_timeout: float = 5.0
    stages: Stages = ARTICLE_STAGES


def engine_for(options: RunOptions) -> Engine:
    task = partial(process_batch, article_timeout=options.article_timeout, stages=options.stages)
    if options.engine == "dask":
        return DaskEngine(options.workers, options.scheduler, task)
    return InProcessEngine(task) if options.workers == 1 else LocalEngine(options.workers, task)


class OutputBusy(Exception):
    """Another run is writing to the same output directory, or the directory cannot be one."""


@contextmanager
def _only_run(out_dir: Path) -> Iterator[None]:
    """Hold the output directory for this run: a second run there would delete the first
    one's uncommitted batches as debris. The lock goes with the process, however it ends."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock = (out_dir / ".lock").open("w")
    except OSError as exc:     # -o names a file, a path under a file, or a folder we may not write
        raise OutputBusy(f"cannot use {out_dir} as the output folder: {exc.strerror or exc}") from None
    with lock as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"another vnie run is writing to {out_dir}") from None
        yield


# what a write refused for want of space or permission fails with, named or not
class OutputUnwritable(Exception):
    """A write into the output folder failed (disk full, a file over the size limit, a folder
    made read-only): the batches committed are kept, the rest resumes once it can be written."""

    def __init__(self, summary: Summary, path: str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.summary = summary


class RunStopped(Exception):
    """The run was stopped (SIGTERM, Ctrl-C): what it had settled is kept, the rest resumes."""

    def __init__(self, summary: Summary, signal_name: str) -> None:
        super().__init__(f"stopped by {signal_name}")
        self.summary = summary
        self.signal_name = signal_name


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)   # unwinds the run like Ctrl-C does, from wherever it is


def run(inputs: Iterable[str], out_dir: Path, options: RunOptions = RunOptions()) -> Summary:
    """Process every article of `inputs` not already settled in `out_dir`, then write the final files.

    SIGTERM and Ctrl-C stop it cleanly: batches in flight are abandoned, committed ones are
    kept, the workers end, and RunStopped says how much was settled.
    """
    summary = Summary()
    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    try:
        with _only_run(out_dir):
            return _run(inputs, out_dir, options, summary)
    except OutputWriteError as exc:   # only writes into OUT raise it; reads fail one input at a time
        raise OutputUnwritable(summary, exc.filename or f"into {out_dir}", exc.strerror or str(exc)) from None
    except KeyboardInterrupt:
        raise RunStopped(summary, "Ctrl-C") from None
    except SystemExit as exc:
        if exc.code != 128 + signal.SIGTERM:
            raise
        raise RunStopped(summary, "SIGTERM") from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _noting_missing(items: Iterable[SourceDoc | Problem], summary: Summary) -> Iterator[SourceDoc | Problem]:
    """Pass the reader's items on, writing down the inputs that are not there for the summary
    (a typo in a path must not hide in errors.jsonl)."""
    for item in items:
        if isinstance(item, Problem) and item.reason == "not_found":
            summary.missing.append(item.input)
        yield item


def _warn(damaged: list[Damage]) -> None:
    """One line per damaged batch set aside: the operator learns what was redone and why."""
    for line in warnings(damaged):
        print(line, file=sys.stderr)


def _run(inputs: Iterable[str], out_dir: Path, options: RunOptions, summary: Summary) -> Summary:
    inputs = list(inputs)
    live = options.progress if options.progress is not None else sys.stderr.isatty()
    # the line comes first, then the workers start under it; counting only when it is shown
    with RunProgress(live, count_articles(inputs) if live else None) as progress, engine_for(options) as engine:
        progress.ready()
        state = RunState.open(out_dir)
        _warn(state.damaged)
        planner = Planner(state, options.batch_size, engine.workers)
        # the article's budget bounds its page's reading too (trafilatura runs in this process)
        limits = replace(options.limits, page_seconds=options.article_timeout)
        batches = planner.batches(_noting_missing(read_inputs(inputs, limits), summary))
        def on_result(result: BatchResult) -> None:
            summary.add(result)
            progress.advance(result.written + sum(result.rejected.values()), sum(result.rejected.values()))
        started = time.perf_counter()
        engine.run(batches, str(out_dir), on_result, planner.split)
        summary.seconds = time.perf_counter() - started
    summary.skipped = planner.skipped
    _warn(finish(out_dir))
    return summary
