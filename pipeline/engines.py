"""Where batches are processed: this process, local worker processes, or a Dask cluster.

Every engine runs the same `process_batch`; the parallel ones keep only a few batches in
flight (twice the number of workers), so memory stays flat however long the input stream
is. Each worker loads the rules and word lists once, when it starts (`warm_up`), not per
article. One local worker is this process itself: a second process would only add the
pickling of every batch and the memory of a second copy of the rules.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from pipeline.batch import Batch, BatchResult, process_batch
from pipeline.ingest import read_inputs
from pipeline.models import SourceDoc
from pipeline.rules import data_dir

OnResult = Callable[[BatchResult], None]
_PR_SET_PDEATHSIG = 1   # linux/prctl.h


def _seeds() -> list[SourceDoc]:
    """The bundled seed articles, read as any input is (which warms the reader's tables)."""
    return [doc for doc in read_inputs([str(data_dir("corpus"))]) if isinstance(doc, SourceDoc)]


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the process that started it dies (PR_SET_PDEATHSIG):
    a run killed with SIGKILL or by the OOM killer must not leave workers committing batches
    into a folder whose lock is gone. Elsewhere the pool's own pipe ends them less promptly."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:     # the parent died before the request took effect
        os._exit(1)


def _start_worker() -> None:
    """A worker's start: tied to its parent's life, then warmed up."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the run's to handle, not each worker's
    warm_up()


def warm_up() -> None:
    """Load every stage's rules, automata, word lists and the writers in this process, once.

    The bundled seed articles exercise every lazily built table (a one-line sample left
    the first real batch several times slower than the others).
    """
    seeds = _seeds()
    with tempfile.TemporaryDirectory(prefix="vnie-warm-up-") as folder:
        process_batch(Batch(0, seeds), folder)


class Engine(Protocol):
    """Starts its workers, processes a stream of batches into `out_dir`, and stops."""

    workers: int   # how many batches it processes at once (known once the engine has started)

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult) -> None: ...


class InProcessEngine:
    """One worker: the batches are processed here, one after the other, as they are read."""

    workers = 1

    def __enter__(self) -> InProcessEngine:
        warm_up()
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult) -> None:
        for batch in batches:
            on_result(process_batch(batch, out_dir))


class LocalEngine:
    """`workers` processes on this machine (spawned, so no state leaks from the parent)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: cf.ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start_worker)
        # start and warm every worker now, so start-up is not mistaken for processing time:
        # the pool spawns processes lazily, so ask until each one has answered
        asked = [self._pool.submit(_pid, n) for n in range(self.workers)]
        _seeds()   # meanwhile this process, which reads the input, warms its reader
        answered = {future.result() for future in asked}
        while len(answered) < self.workers:
            answered.update(self._pool.map(_pid, range(self.workers)))
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self._pool is None:
            return
        if kind is not None and issubclass(kind, (KeyboardInterrupt, SystemExit)):
            # stopping: abandon the batches in flight (uncommitted by construction) and end
            # the workers now instead of waiting for them
            processes = list((getattr(self._pool, "_processes", None) or {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(5)
            return
        self._pool.shutdown(cancel_futures=True)

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult) -> None:
        assert self._pool is not None, "use the engine in a with block"
        pending: set[cf.Future[BatchResult]] = set()
        for batch in batches:
            pending.add(self._pool.submit(process_batch, batch, out_dir))
            if len(pending) >= 2 * self.workers:
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    on_result(future.result())
        for future in cf.as_completed(pending):
            on_result(future.result())


def _pid(_: int) -> int:
    time.sleep(0.05)   # long enough that one worker cannot answer for all
    return os.getpid()


class DaskEngine:
    """A Dask distributed cluster: the one at `scheduler`, or a LocalCluster of `workers` processes.

    Workers write their batch parts straight into `out_dir`, which must therefore be on a
    file system every worker sees (the same machine, or a shared mount).
    """

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self._cluster = None
        self._client = None

    def __enter__(self) -> DaskEngine:
        from distributed import Client, LocalCluster  # imported here: the local engine needs no Dask

        if self.scheduler is None:
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = Client(self.scheduler)
            self.workers = max(1, len(self._client.scheduler_info()["workers"]))
        self._client.run(warm_up)
        _seeds()   # this process reads the input: warm its reader too
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult) -> None:
        from distributed import as_completed

        assert self._client is not None, "use the engine in a with block"
        pending = as_completed()
        for batch in batches:
            pending.add(self._client.submit(process_batch, batch, out_dir, pure=False))
            while pending.count() >= 2 * self.workers:
                on_result(next(pending).result())
        for future in pending:
            on_result(future.result())
