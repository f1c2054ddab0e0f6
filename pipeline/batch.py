"""Cut the stream of ingested articles into batches, and process one batch anywhere.

`process_batch` is the one function every engine runs — in this process, in a local worker
process or on a Dask worker — so all engines produce the same records. Batches are cut
lazily from the input stream (memory holds a few batches, never the corpus), skipping every
article an earlier run already settled under the same key (doc_id, text hash).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import StageFailure
from pipeline.models import Article, Problem, SourceDoc
from pipeline.parts import Key, Manifest, RunState, commit_batch, problem_key
from pipeline.stages import process


def text_key(doc: SourceDoc) -> Key:
    """An article's identity across runs: a changed text is a different key."""
    return (doc.doc_id, doc.sha256())


@dataclass
class Batch:
    """Articles (and the input problems met while reading them) committed together."""

    seq: int
    docs: list[SourceDoc] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.docs) + len(self.problems)


@dataclass
class BatchResult:
    """What one committed batch did, for the progress display and the summary."""

    written: int
    rejected: Counter


@dataclass
class Planner:
    """Cuts batches from the input stream and counts what it skips as already done."""

    state: RunState
    size: int
    skipped: int = 0

    def batches(self, items: Iterable[SourceDoc | Problem]) -> Iterator[Batch]:
        batch = Batch(self.state.next_seq)
        for item in items:
            if isinstance(item, Problem):
                if problem_key(item) in self.state.problems:
                    self.skipped += 1
                    continue
                batch.problems.append(item)
            elif text_key(item) in self.state.keys:
                self.skipped += 1
                continue
            else:
                batch.docs.append(item)
            if len(batch) >= self.size:
                yield batch
                batch = Batch(batch.seq + 1)
        if len(batch):
            yield batch


def _failure(doc: SourceDoc, failure: StageFailure) -> Problem:
    return Problem(input=doc.input, line=doc.line, doc_id=doc.doc_id, stage=failure.stage,
                   reason=failure.reason, detail=failure.detail)


def process_batch(batch: Batch, out_dir: str) -> BatchResult:
    """Process every article of a batch and commit its parts; one bad article never stops it."""
    articles: list[Article] = []
    problems = list(batch.problems)
    for doc in batch.docs:
        try:
            articles.append(process(doc))
        except StageFailure as failure:
            problems.append(_failure(doc, failure))
    rejected = Counter(p.reason for p in problems)
    manifest = Manifest(seq=batch.seq, keys=[text_key(d) for d in batch.docs],
                        problems=[problem_key(p) for p in batch.problems], written=len(articles),
                        rejected=dict(rejected))
    commit_batch(Path(out_dir), batch.seq, articles, problems, manifest)
    return BatchResult(written=len(articles), rejected=rejected)
