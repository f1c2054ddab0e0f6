"""The live progress line of a run: articles done, articles/s, errors.

Shown only on a terminal and without --quiet; logs and pipes get the final summary alone.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class RunProgress:
    """Counts committed batches; draws them when `live`."""

    def __init__(self, live: bool | None = None) -> None:
        self.live = sys.stderr.isatty() if live is None else live
        self.done = 0
        self.errors = 0
        self._started = time.perf_counter()
        self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                             console=Console(stderr=True), transient=False, disable=not self.live)
        self._task = self._bar.add_task(self._describe(), total=None)

    def _describe(self) -> str:
        elapsed = max(time.perf_counter() - self._started, 1e-9)
        return f"{self.done} articles, {self.done / elapsed:.1f}/s, {self.errors} errors"

    def advance(self, articles: int, errors: int) -> None:
        """Add one committed batch's counts."""
        self.done += articles
        self.errors += errors
        self._bar.update(self._task, description=self._describe())

    def __enter__(self) -> RunProgress:
        self._started = time.perf_counter()
        self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._bar.stop()
