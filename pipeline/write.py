"""Write a run's outputs: records.jsonl, predictions.jsonl and errors.jsonl.

Records are appended as they come (memory stays flat). Each file is written under a
`.partial` name and renamed when the run ends, so a file with the final name is complete.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from pipeline.models import Article, Prediction, Problem

RECORDS = "records.jsonl"
PREDICTIONS = "predictions.jsonl"
ERRORS = "errors.jsonl"


class RunWriter:
    """The three output files of one run, opened together and closed together."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self._names = (RECORDS, PREDICTIONS, ERRORS)
        self._files = {name: (out_dir / f"{name}.partial").open("w", encoding="utf-8") for name in self._names}

    def article(self, article: Article) -> None:
        """Append one processed article to records and predictions."""
        self._files[RECORDS].write(article.model_dump_json() + "\n")
        self._files[PREDICTIONS].write(Prediction.of(article).model_dump_json() + "\n")

    def problem(self, problem: Problem) -> None:
        """Append one rejection to errors.jsonl."""
        self._files[ERRORS].write(problem.model_dump_json() + "\n")

    def close(self, complete: bool) -> None:
        """Close the files; give them their final names only if the run completed."""
        for name, handle in self._files.items():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            if complete:
                os.replace(self.out_dir / f"{name}.partial", self.out_dir / name)

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close(complete=kind is None)
