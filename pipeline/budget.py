"""A time budget for one article: past it, the article's processing is interrupted.

A hostile text can keep a finder busy for minutes; a run must not hang on it, and its
worker must go on with the next article. In a thread that is the main thread of its
process (the local workers, the in-process engine) the budget is a SIGALRM timer whose
handler raises `OverBudget`: Python code stops at once, and so does a long match in the
`regex` module (and `re`), which check for signals while they run in C (measured: a
backtracking `(a|aa)+$` stops after the 0.5 s budget). Signals reach only the main thread, so
elsewhere (a Dask worker runs its tasks in a thread) a timer thread raises `OverBudget` in
the article's thread with `PyThreadState_SetAsyncExc`: Python code stops at once, but a
single long call in C (one regex match) is only interrupted when it returns (measured: 6.8
s for the match above), so there the budget bounds Python work, not each C call.

`OverBudget` is a BaseException so that no `except Exception` inside a stage swallows it.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class OverBudget(BaseException):
    """The article's processing took longer than its budget (raised as a bare class: Python
    3.11 raises only classes asynchronously; whoever set the budget knows its seconds)."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the body once it has run `seconds` (0: no budget)."""
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _async_exception(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def expire(_signum: int, _frame: object) -> None:
        # a signal that arrives as the body ends runs its handler later: it must not raise then
        if armed:
            raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_exception(seconds: float) -> Iterator[None]:
    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(OverBudget))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["armed"] = False
            if state["fired"]:   # raised already, or still pending: then it must not surface later
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)
