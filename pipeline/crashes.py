"""What becomes of a batch whose worker died (OOM kill, segfault, os._exit): retried, split, rejected.

A worker can die for a reason outside the batch (the OOM killer chose it, someone killed it)
or because of one article in it (a crash in C on that text). The batch is retried once; a
batch that kills a worker again is split in two, and each half that kills a worker is split
again (its batch has already shown it kills), until one article is left: that article is
rejected as `worker_crashed` and the rest of the batch is written. A batch exists only once
its manifest does: one whose worker died before that committed nothing, so processing it
again loses and duplicates nothing; one whose worker died just after (or whose result Dask
lost with its worker) is counted as it was committed, not processed again.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pipeline.batch import Batch, BatchResult, reject_batch
from pipeline.parts import Manifest, manifest_path

WORKER_CRASHED = "worker_crashed"


class Crashes:
    """Decides, for each batch whose worker died, what is processed instead of it."""

    def __init__(self, split: Callable[[Batch], list[Batch]], out_dir: str,
                 on_result: Callable[[BatchResult], None]) -> None:
        self._split = split
        self._out_dir = out_dir
        self._on_result = on_result
        self._suspect: set[int] = set()   # seqs of batches already retried, and of split halves

    def handle(self, batch: Batch, cause: str) -> list[Batch]:
        """The batches to process instead of `batch`, whose worker died of `cause`; one line on
        stderr says what happens.

        An empty list: the batch's one article was rejected and the batch committed here.
        """
        done = manifest_path(Path(self._out_dir), batch.seq)
        if done.exists():   # it died after committing the batch, before saying so
            manifest = Manifest.load(done)
            self._on_result(BatchResult(written=manifest.written, rejected=Counter(manifest.rejected)))
            return []
        if batch.seq not in self._suspect:
            self._suspect.add(batch.seq)
            _warn(f"{cause} in batch {batch.seq}; retrying it")
            return [batch]
        if len(batch.docs) > 1:
            halves = self._split(batch)
            self._suspect.update(half.seq for half in halves)
            _warn(f"{cause} in batch {batch.seq} again; splitting it into batches "
                  f"{' and '.join(str(half.seq) for half in halves)} to find the article")
            return halves
        names = ", ".join(f"{doc.input}: {doc.doc_id}" for doc in batch.docs) or "no article"
        _warn(f"{cause} in batch {batch.seq} again; rejecting {names} as {WORKER_CRASHED}")
        self._on_result(reject_batch(batch, self._out_dir, WORKER_CRASHED,
                                     f"{cause} each time it was processed"))
        return []


def _warn(line: str) -> None:
    print(f"vnie: {line}", file=sys.stderr, flush=True)
