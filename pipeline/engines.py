"""Where batches are processed: this process, local worker processes, or a Dask cluster.

Every engine runs the same `process_batch` (its task); the parallel ones keep only a few
batches in flight, so memory stays flat however long the input stream is. Each worker loads
the rules and word lists once, when it starts (`warm_up`), not per article. One local worker
is this process itself: a second process would only add the pickling of every batch and the
memory of a second copy of the rules (so with one worker, an article that crashes the
process ends the run). A worker process that dies is replaced and its batch goes to
`Crashes`, which retries it, splits it, or rejects the article that kills it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Protocol

from pipeline.batch import Batch, BatchResult, process_batch
from pipeline.crashes import Crashes
from pipeline.ingest import read_inputs
from pipeline.models import SourceDoc
from pipeline.rules import data_dir

OnResult = Callable[[BatchResult], None]
Split = Callable[[Batch], list[Batch]]
BatchTask = Callable[[Batch, str], BatchResult]   # process one batch into an output folder
_PR_SET_PDEATHSIG = 1   # linux/prctl.h


def _seeds() -> list[SourceDoc]:
    """The bundled seed articles, read as any input is (which warms the reader's tables)."""
    return [doc for doc in read_inputs([str(data_dir("corpus"))]) if isinstance(doc, SourceDoc)]


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the process that started it dies (PR_SET_PDEATHSIG):
    a run killed with SIGKILL or by the OOM killer must not leave workers committing batches
    into a folder whose lock is gone. Elsewhere its pipe ends it, once its batch is done."""
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


class WorkersFailed(Exception):
    """Worker processes cannot start (they die while loading): no batch could be processed."""


class Engine(Protocol):
    """Starts its workers, processes a stream of batches into `out_dir`, and stops.

    `split` cuts a batch in two under new seqs, for a batch that keeps killing its workers.
    """

    workers: int   # how many batches it processes at once (known once the engine has started)

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult, split: Split) -> None: ...


class InProcessEngine:
    """One worker: the batches are processed here, one after the other, as they are read.

    `task` processes one batch (`process_batch` with the run's settings). An article that
    crashes this process ends the run (resumable); no worker is there to replace.
    """

    workers = 1

    def __init__(self, task: BatchTask = process_batch) -> None:
        self.task = task

    def __enter__(self) -> InProcessEngine:
        warm_up()
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult, split: Split) -> None:
        for batch in batches:
            on_result(self.task(batch, out_dir))


def _serve(conn: Connection, task: BatchTask) -> None:
    """A worker process's life: start, say it is ready, then process each batch it is sent and
    send back its result (or the exception it raised) until the run closes the pipe."""
    _start_worker()
    conn.send(None)
    while True:
        try:
            batch, out_dir = conn.recv()
        except EOFError:
            return
        try:
            reply: BatchResult | Exception = task(batch, out_dir)
        except Exception as exc:  # noqa: BLE001 - raised again in the run's process
            reply = exc
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - an exception that does not pickle still ends the run
            conn.send(RuntimeError(f"{type(exc).__name__}: {exc}"))


class _Worker:
    """One worker process, the pipe its batches go through, and the batch it holds."""

    def __init__(self, task: BatchTask) -> None:
        context = multiprocessing.get_context("spawn")   # no state leaks from the parent
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, task), name="vnie-worker", daemon=True)
        self.process.start()
        child.close()   # the worker holds the only other end: its death reads as end of file here
        self.ready = False
        self.batch: Batch | None = None

    def give(self, batch: Batch, out_dir: str) -> None:
        self.batch = batch
        try:
            self.conn.send((batch, out_dir))
        except OSError:   # it has just died: the pipe reads as closed next, and the batch goes to Crashes
            pass

    def death(self) -> str:
        """How the process ended, once its pipe is closed: "a worker died (signal 9)"."""
        self.process.join(5)
        if self.process.is_alive():   # closed its pipe but lingers: it is no worker any more
            self.process.kill()
            self.process.join()
        code = self.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return f"a worker died ({how})"

    def stop(self, now: bool) -> None:
        """End the worker: by closing its pipe (it ends after its batch), or `now`, by SIGTERM."""
        self.conn.close()
        if now:
            self.process.terminate()


class _Queue:
    """The batches still to process: the ones to process again come before the input stream."""

    def __init__(self, batches: Iterable[Batch]) -> None:
        self._stream: Iterator[Batch] = iter(batches)
        self._again: deque[Batch] = deque()
        self.exhausted = False

    def again(self, batches: list[Batch]) -> None:
        self._again.extendleft(reversed(batches))
        self.exhausted = False

    def next(self) -> Batch | None:
        if self._again:
            return self._again.popleft()
        batch = next(self._stream, None)
        self.exhausted = batch is None
        return batch


class LocalEngine:
    """`workers` processes on this machine, each sent one batch at a time through its own pipe.

    Knowing which batch each process holds is what lets a dead worker's batch alone be
    retried, while the other workers go on: a replacement process starts in the dead one's
    place. `task` processes one batch (`process_batch` with the run's settings; a test may
    give a module-level function of its own, which must pickle).
    """

    def __init__(self, workers: int, task: BatchTask = process_batch) -> None:
        self.workers = workers
        self.task = task
        self._running: list[_Worker] = []

    def __enter__(self) -> LocalEngine:
        # start and warm every worker now, so start-up is not mistaken for processing time
        self._running = [_Worker(self.task) for _ in range(self.workers)]
        _seeds()   # meanwhile this process, which reads the input, warms its reader
        for worker in self._running:
            self._started(worker)
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        # after a failure or a stop the batches in flight are abandoned (uncommitted by
        # construction) and the workers end now instead of finishing them
        for worker in self._running:
            worker.stop(now=kind is not None or not worker.ready)
        for worker in self._running:
            worker.process.join(5)
        self._running = []

    def _started(self, worker: _Worker) -> None:
        """Take a worker's first message, which says it has started and warmed up."""
        try:
            worker.conn.recv()
        except (EOFError, OSError):
            raise WorkersFailed(f"{worker.death()} while starting; no batch can be processed") from None
        worker.ready = True

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult, split: Split) -> None:
        assert self._running, "use the engine in a with block"
        crashes = Crashes(split, out_dir, on_result)
        queue = _Queue(batches)
        while True:
            for worker in self._running:
                if worker.ready and worker.batch is None and (batch := queue.next()) is not None:
                    worker.give(batch, out_dir)
            if queue.exhausted and all(worker.batch is None for worker in self._running):
                return
            readable = wait([worker.conn for worker in self._running])
            for worker in [w for w in self._running if w.conn in readable]:
                self._hear(worker, on_result, crashes, queue)

    def _hear(self, worker: _Worker, on_result: OnResult, crashes: Crashes, queue: _Queue) -> None:
        """Take what a worker says: it has started, a batch's result, a batch's exception, or its death."""
        if not worker.ready:
            self._started(worker)
            return
        try:
            reply = worker.conn.recv()
        except (EOFError, OSError):
            cause = worker.death()
            worker.conn.close()
            self._running[self._running.index(worker)] = _Worker(self.task)
            if worker.batch is not None:
                queue.again(crashes.handle(worker.batch, cause))
            return
        worker.batch = None
        if isinstance(reply, Exception):
            raise reply
        on_result(reply)


def _warm_up_plugin() -> object:
    """A Dask worker plugin by which every worker warms up when it starts, the ones that
    replace a dead worker too (a cold worker's first articles could overrun their budget)."""
    from distributed import WorkerPlugin

    class WarmUp(WorkerPlugin):
        name = "vnie-warm-up"

        def setup(self, worker: object) -> None:
            warm_up()

    return WarmUp()


class DaskEngine:
    """A Dask distributed cluster: the one at `scheduler`, or a LocalCluster of `workers` processes.

    Workers write their batch parts straight into `out_dir`, which must therefore be on a
    file system every worker sees (the same machine, or a shared mount). A worker that dies
    is restarted by its nanny; a task that has killed more workers than the scheduler's
    `allowed-failures` (none for the LocalCluster started here, 3 by default elsewhere) fails
    with KilledWorker, and its batch goes to `Crashes`: retried, split, its article rejected
    as worker_crashed. Elsewhere Dask also blames the tasks queued on a dead worker, which
    `Crashes` then retries or splits in vain (work lost, no record). Tasks run in threads
    there, so the article time budget cannot use a signal (see pipeline.budget).
    """

    def __init__(self, workers: int, scheduler: str | None = None, task: BatchTask = process_batch) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.task = task
        self._cluster = None
        self._client = None

    def __enter__(self) -> DaskEngine:
        import dask  # imported here: the local engine needs no Dask
        from distributed import Client, LocalCluster

        if self.scheduler is None:
            # a task fails at its worker's first death and goes to Crashes, as locally; each worker
            # holds only the task it runs, so a death blames no task queued behind it
            with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                                  "distributed.scheduler.worker-saturation": 1.0}):
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = Client(self.scheduler)
            self.workers = max(1, len(self._client.scheduler_info()["workers"]))
        self._client.register_plugin(_warm_up_plugin())
        _seeds()   # this process reads the input: warm its reader too
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, batches: Iterable[Batch], out_dir: str, on_result: OnResult, split: Split) -> None:
        from distributed import Future, KilledWorker, as_completed

        assert self._client is not None, "use the engine in a with block"
        crashes = Crashes(split, out_dir, on_result)
        held: dict[str, Batch] = {}
        pending = as_completed()

        def submit(batch: Batch) -> None:
            future = self._client.submit(self.task, batch, out_dir, pure=False)
            held[future.key] = batch
            pending.add(future)

        def settle(future: Future) -> None:
            batch = held.pop(future.key)
            try:
                result = future.result()
            except KilledWorker:
                for again in crashes.handle(batch, "a Dask worker died"):
                    submit(again)
                return
            on_result(result)

        for batch in batches:
            submit(batch)
            while pending.count() >= 2 * self.workers:
                settle(next(pending))
        for future in pending:
            settle(future)
