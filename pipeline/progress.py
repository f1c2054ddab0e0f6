"""The live progress line of a run: articles done (of how many, when the inputs are files),
articles/s, errors, and the time left.

Shown only on a terminal and without --quiet; logs and pipes get the final summary alone. The
line appears at once, before the workers are up ("starting workers"), so a run never looks
stuck while they start.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)


class RunProgress:
    """Counts committed batches; draws them when `live`."""

    def __init__(self, live: bool | None = None, total: int | None = None) -> None:
        self.live = sys.stderr.isatty() if live is None else live
        self.done = 0
        self.errors = 0
        self.total = total
        self._started = time.perf_counter()
        columns = [SpinnerColumn(), TextColumn("{task.description}")]
        if total is not None:         # files: done of total, percentage and time left
            columns += [BarColumn(), TaskProgressColumn(), TimeRemainingColumn()]
        self._bar = Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=False,
                             disable=not self.live)
        self._task = self._bar.add_task("starting workers …", total=total)

    def _describe(self) -> str:
        elapsed = max(time.perf_counter() - self._started, 1e-9)
        of = f"/{self.total}" if self.total is not None else ""
        return f"{self.done}{of} articles, {self.done / elapsed:.1f}/s, {self.errors} errors"

    def ready(self) -> None:
        """The workers are up: the rate counts from here, not from their start."""
        self._started = time.perf_counter()
        self._bar.update(self._task, description=self._describe())

    def advance(self, articles: int, errors: int) -> None:
        """Add one committed batch's counts."""
        self.done += articles
        self.errors += errors
        self._bar.update(self._task, description=self._describe(), completed=self.done)

    def __enter__(self) -> RunProgress:
        self._started = time.perf_counter()
        self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._bar.stop()
