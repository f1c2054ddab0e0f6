"""Run the pipeline over inputs into an output directory; count everything that happens.

Every input is accounted for: an article is written, rejected with a reason, or skipped
because an earlier run into the same directory already settled it (same doc_id, same
text). The run streams: inputs are read lazily, batches are committed as they finish,
and the final files are built from the committed batches at the end.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch import BatchResult, Planner
from pipeline.engines import DaskEngine, Engine, LocalEngine
from pipeline.ingest import IngestLimits, read_inputs
from pipeline.parts import RunState
from pipeline.progress import RunProgress
from pipeline.write import finish


@dataclass
class Summary:
    """What a run did: articles written, inputs rejected (by reason), inputs skipped as done."""

    written: int = 0
    rejected: Counter = field(default_factory=Counter)
    skipped: int = 0

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
        out += [f"  rejected {count}: {reason}" for reason, count in sorted(self.rejected.items())]
        return out


@dataclass(frozen=True)
class RunOptions:
    """How to run: how many workers, which engine, how many articles a batch commits."""

    workers: int = os.cpu_count() or 1
    engine: str = "local"
    scheduler: str | None = None
    batch_size: int = 50
    limits: IngestLimits = IngestLimits()
    progress: bool | None = None  # None: only on a terminal


def engine_for(options: RunOptions) -> Engine:
    if options.engine == "dask":
        return DaskEngine(options.workers, options.scheduler)
    return LocalEngine(options.workers)


def run(inputs: Iterable[str], out_dir: Path, options: RunOptions = RunOptions()) -> Summary:
    """Process every article of `inputs` not already settled in `out_dir`, then write the final files."""
    summary = Summary()
    planner = Planner(RunState.open(out_dir), options.batch_size)
    batches = planner.batches(read_inputs(inputs, options.limits))
    with engine_for(options) as engine, RunProgress(options.progress) as progress:
        def on_result(result: BatchResult) -> None:
            summary.add(result)
            progress.advance(result.written + sum(result.rejected.values()), sum(result.rejected.values()))
        engine.run(batches, str(out_dir), on_result)
    summary.skipped = planner.skipped
    finish(out_dir)
    return summary
