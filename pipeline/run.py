"""Run the pipeline over inputs and write the outputs; count everything that happens.

Every input is accounted for: an article is either written or rejected with a reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import StageFailure
from pipeline.ingest import IngestLimits, read_inputs
from pipeline.models import Problem
from pipeline.stages import process
from pipeline.write import RunWriter


@dataclass
class Summary:
    """What a run did: articles written, inputs rejected (by reason)."""

    written: int = 0
    rejected: Counter = field(default_factory=Counter)

    @property
    def read(self) -> int:
        return self.written + sum(self.rejected.values())

    def lines(self) -> list[str]:
        """The closing summary printed after every run."""
        out = [f"read {self.read}, written {self.written}, rejected {sum(self.rejected.values())}"]
        out += [f"  rejected {count}: {reason}" for reason, count in sorted(self.rejected.items())]
        return out


def run(inputs: Iterable[str], out_dir: Path, limits: IngestLimits = IngestLimits()) -> Summary:
    """Process every article of `inputs` into `out_dir`; one bad article never stops the run."""
    summary = Summary()
    with RunWriter(out_dir) as writer:
        for item in read_inputs(inputs, limits):
            if isinstance(item, Problem):
                writer.problem(item)
                summary.rejected[item.reason] += 1
                continue
            try:
                article = process(item)
            except StageFailure as failure:
                writer.problem(Problem(input=item.input, line=item.line, doc_id=item.doc_id,
                                       stage=failure.stage, reason=failure.reason, detail=failure.detail))
                summary.rejected[failure.reason] += 1
                continue
            writer.article(article)
            summary.written += 1
    return summary
