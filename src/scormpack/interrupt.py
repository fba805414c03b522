"""Stopping a run on SIGTERM, SIGINT or SIGHUP: an exception in the main thread, so that every
`finally` runs (worker processes stopped, temporary files removed, the incremental state saved)
before the command line says so in one line.

Without this, SIGTERM killed the main process at once and left its worker processes orphaned, holding
the caller's pipes open; and a SIGINT met while the pool forked could be swallowed by a fork hook.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_received: int | None = None


class Interrupted(BaseException):
    """A stop signal came. A BaseException, as KeyboardInterrupt is: the `except Exception` that keeps
    one resource's failure from stopping the others must not take it for that resource's error."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        """128 + the signal's number, as a shell reports a command a signal ended."""
        return 128 + self.signum


def _raise(signum: int, _frame: object) -> None:
    global _received
    if _received is not None:
        # The first signal's clean-up is under way and short: a second one must not cut it halfway.
        return
    _received = signum
    raise Interrupted(signum)


@contextlib.contextmanager
def raise_on_signals() -> Iterator[None]:
    """Within the block, a stop signal raises Interrupted in the main thread. Elsewhere than in the
    main thread (where Python runs signal handlers) nothing changes."""
    global _received
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received = None
    previous = {signum: signal.signal(signum, _raise) for signum in STOP_SIGNALS}
    previous_hook = sys.unraisablehook

    def quiet(unraisable) -> None:
        # Where Python ignores exceptions (a weakref callback of the import system, a __del__) it
        # would print the Interrupted with its traceback; `check` raises it again at the next resource.
        if not isinstance(unraisable.exc_value, Interrupted):
            previous_hook(unraisable)

    sys.unraisablehook = quiet
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        # Told once: a later run in this process (a library caller, a test) starts afresh.
        _received = None


def check() -> None:
    """Raise Interrupted again if a stop signal came and its exception was swallowed where Python
    ignores exceptions (a `__del__`, a fork hook): called between two resources, it bounds the delay."""
    if _received is not None:
        raise Interrupted(_received)


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Stop signals wait until the end of the block (where the platform allows it): worker processes
    forked inside it start with them blocked, and nothing is interrupted halfway through a fork."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop_worker(signum: int, _frame: object) -> None:
    # The build unwinds first, so that its temporary file goes. Later SIGTERMs (the pool terminates
    # the other workers when one exits) must not cut that short; the main process kills a worker
    # that takes too long.
    signal.signal(signum, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def worker_signals() -> None:
    """In a worker process, at its start: SIGINT and SIGHUP reach the whole process group from a
    terminal, and the main process decides (it stops the workers); SIGTERM, which it sends them,
    ends the worker through SystemExit. Then the signals blocked during the fork are let through."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop_worker if signum == signal.SIGTERM else signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
