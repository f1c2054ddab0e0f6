"""Cut the stream of ingested articles into batches, and process one batch anywhere.

`process_batch` is the one function every engine runs — in this process, in a local worker
process or on a Dask worker — so all engines produce the same records. Batches are cut
lazily from the input stream (memory holds a few batches, never the corpus), skipping every
article an earlier run already settled under the same key (doc_id, text hash).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from math import ceil
from pathlib import Path

from pipeline.errors import StageFailure
from pipeline.models import Article, Problem, SourceDoc
from pipeline.parts import Key, Manifest, commit_batch, problem_key
from pipeline.stages import ARTICLE_STAGES, Stages, process
from pipeline.state import RunState


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
    """Cuts batches from the input stream and counts what it skips as already done.

    With several workers the last batches shrink, so that the workers finish together: a
    worker that takes the last full batch while the others find the queue empty leaves them
    idle for a whole batch, which on a short run is several per cent of it. To see the end
    coming the planner holds `workers` batches' worth of articles back (from the moment each
    worker has its first batch, so none waits for the read-ahead); once the input is
    exhausted, what it holds goes out in batches of a `2 × workers`-th of what is left (guided
    scheduling), down to a quarter of the batch size, since every batch also costs a commit.
    One worker waits for no one and gets full batches to the end.
    """

    state: RunState
    size: int
    workers: int = 1
    skipped: int = 0
    _seq: int = field(init=False)

    def __post_init__(self) -> None:
        self._seq = self.state.next_seq

    def _next_seq(self) -> int:
        """A seq no batch of this output folder has had: batches and split halves alike draw from it."""
        self._seq += 1
        return self._seq - 1

    def batches(self, items: Iterable[SourceDoc | Problem]) -> Iterator[Batch]:
        held: deque[SourceDoc | Problem] = deque()
        cut = 0
        hold_back = self.size * self.workers if self.workers > 1 else 0
        for item in self._unsettled(items):
            held.append(item)
            # every worker's first batch goes out at once; holding back starts after them
            if len(held) >= self.size + (hold_back if cut >= self.workers else 0):
                yield _cut(self._next_seq(), held, self.size)
                cut += 1
        smallest = max(1, self.size // 4)
        while held:
            size = min(self.size, max(smallest, ceil(len(held) / (2 * self.workers)))) if hold_back else self.size
            yield _cut(self._next_seq(), held, size)

    def split(self, batch: Batch) -> list[Batch]:
        """The two halves of a batch's articles as new batches (the input problems go with the
        first): a batch that keeps killing its worker is bisected to find the article that does.
        The halves take new seqs, since the part files are named by seq alone."""
        middle = (len(batch.docs) + 1) // 2
        return [Batch(self._next_seq(), batch.docs[:middle], batch.problems),
                Batch(self._next_seq(), batch.docs[middle:])]

    def _unsettled(self, items: Iterable[SourceDoc | Problem]) -> Iterator[SourceDoc | Problem]:
        """The items an earlier run into the same directory has not settled; the others are counted as skipped."""
        for item in items:
            done = problem_key(item) in self.state.problems if isinstance(item, Problem) \
                else text_key(item) in self.state.keys
            if done:
                self.skipped += 1
            else:
                yield item


def _cut(seq: int, held: deque[SourceDoc | Problem], size: int) -> Batch:
    """The next `size` held items (fewer at the end) as batch `seq`."""
    batch = Batch(seq)
    for _ in range(min(size, len(held))):
        item = held.popleft()
        (batch.problems if isinstance(item, Problem) else batch.docs).append(item)
    return batch


def _problem(doc: SourceDoc, stage: str, reason: str, detail: str) -> Problem:
    return Problem(input=doc.input, line=doc.line, doc_id=doc.doc_id, stage=stage, reason=reason, detail=detail)


def process_batch(batch: Batch, out_dir: str, article_timeout: float = 0,
                  stages: Stages = ARTICLE_STAGES) -> BatchResult:
    """Process every article of a batch and commit its parts; one bad article never stops it.

    `article_timeout` is each article's time budget in seconds (0: none); `stages` the article
    stages, in order (a test adds one that really crashes or stalls a worker).
    """
    articles: list[Article] = []
    problems = list(batch.problems)
    for doc in batch.docs:
        try:
            articles.append(process(doc, stages, article_timeout))
        except StageFailure as failure:
            problems.append(_problem(doc, failure.stage, failure.reason, failure.detail))
    return _commit(batch, out_dir, articles, problems)


def reject_batch(batch: Batch, out_dir: str, reason: str, detail: str) -> BatchResult:
    """Commit a batch without processing it, each article rejected for `reason`: what is left
    of a batch whose article kills every worker that processes it. Settled like any rejection,
    so a re-run does not crash on it again."""
    return _commit(batch, out_dir, [], [*batch.problems, *(_problem(doc, "worker", reason, detail)
                                                           for doc in batch.docs)])


def _commit(batch: Batch, out_dir: str, articles: list[Article], problems: list[Problem]) -> BatchResult:
    rejected = Counter(p.reason for p in problems)
    manifest = Manifest(seq=batch.seq, keys=[text_key(d) for d in batch.docs],
                        problems=[problem_key(p) for p in batch.problems], written=len(articles),
                        rejected=dict(rejected))
    commit_batch(Path(out_dir), batch.seq, articles, problems, manifest)
    return BatchResult(written=len(articles), rejected=rejected)
