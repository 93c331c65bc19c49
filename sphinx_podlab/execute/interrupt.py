"""Stopping a live run on Ctrl-C (SIGINT) or SIGTERM: the scenario is cleaned up, the record
is left alone, and the build exits non-zero with one line saying so.

Signals are delivered to the main thread, which is where Sphinx runs its event handlers
(also in a ``-j`` worker process, which inherits the handlers). The first signal raises
:class:`BuildInterrupted` there, a ``KeyboardInterrupt``: no ``except Exception`` stops it,
the runner's ``finally`` cleans up, and Sphinx ends the build ("Interrupted!", exit 2). A
library that turns a ``KeyboardInterrupt`` into an error of its own (the kubernetes client's
websocket handshake does) cannot lose the request either: :func:`check` raises again at the
next step or poll. A second Ctrl-C interrupts the cleanup and stops at once (a third kills
the process); a SIGTERM during the cleanup is ignored — a ``-j`` parent terminating its
workers sends one right after the user's Ctrl-C reached them. A worker whose parent build
died stops too.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class BuildInterrupted(KeyboardInterrupt):
    """The build was asked to stop (by a signal, or because its parent process died)."""

    def __init__(self, reason: str, at_once: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at_once = at_once


class _State:
    def __init__(self) -> None:
        self.reason: str | None = None  # what asked to stop, once something did
        self.signals = 0
        self.cleaning = 0  # inside cleanup: waits go on although a stop was requested


_state = _State()


def requested() -> str | None:
    """Why the build must stop (``SIGINT``, ``SIGTERM``...), or None."""
    if _state.reason is None:
        parent = multiprocessing.parent_process()
        if parent is not None and not parent.is_alive():
            _state.reason = "the parent build process ended"
    return _state.reason


def check() -> None:
    """Raise BuildInterrupted when a stop was requested: call it where waiting is safe.
    (Not during cleanup, which must run to its end.)"""
    reason = requested()
    if reason is not None and not _state.cleaning:
        raise BuildInterrupted(reason)


@contextmanager
def cleaning() -> Iterator[None]:
    """Cleanup inside: its waits are not cut short by a stop already requested."""
    _state.cleaning += 1
    try:
        yield
    finally:
        _state.cleaning -= 1


def _handler(number: int, _frame: FrameType | None) -> None:
    name = signal.Signals(number).name
    _state.signals += 1
    if _state.reason is None:
        _state.reason = name
        raise BuildInterrupted(name)
    if number == signal.SIGINT:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a third Ctrl-C kills the process
        raise BuildInterrupted(name, at_once=True)
    # a SIGTERM while already stopping: let the cleanup finish


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM stop it as described above.

    Only the main thread can set signal handlers; elsewhere (a build run from a thread)
    the block runs with the handlers it has.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _state.reason = None  # a new run (a build may run several, one after another)
    _state.signals = 0
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number in STOP_SIGNALS:
        signal.signal(number, _handler)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def say(line: str) -> None:
    """One line on stderr now: Sphinx holds back warnings while it reads, and a ``-j``
    worker's log is lost when the worker is interrupted."""
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()
