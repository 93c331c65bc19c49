"""One step's time budget, and bounded polling that reports progress while it waits."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from ..model.errors import PodlabExecutionError
from .interrupt import check as check_interrupt

T = TypeVar("T")

PROGRESS_EVERY = 5.0  # seconds between progress lines
POLL_INTERVAL = 0.2  # seconds between polls: kubectl watches, so podlab must notice as fast


class Deadline:
    """The end of a step; every wait and request inside the step is bounded by it."""

    def __init__(self, seconds: float, progress: Callable[[str], None]) -> None:
        self.start = time.monotonic()
        self.end = self.start + seconds
        self.seconds = seconds
        self.progress = progress
        self._last_report = self.start

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def bound(self, seconds: float) -> float:
        """``seconds``, cut to what is left (never 0: a request needs some time to fail)."""
        return max(0.1, min(seconds, self.remaining()))

    def report(self, what: str, state: str = "") -> None:
        """A progress line ``waiting for WHAT (N s): STATE``, at most every few seconds."""
        now = time.monotonic()
        if now - self._last_report < PROGRESS_EVERY:
            return
        self._last_report = now
        suffix = f": {state}" if state else ""
        self.progress(f"waiting for {what} ({self.elapsed():.0f} s){suffix}")

    def timeout_error(self, what: str, detail: str = "") -> PodlabExecutionError:
        suffix = f" ({detail})" if detail else ""
        return PodlabExecutionError(
            f"timed out after {self.elapsed():.0f} s waiting for {what}{suffix}"
        )


def poll(
    deadline: Deadline,
    what: str,
    probe: Callable[[], tuple[T | None, str]],
    interval: float = POLL_INTERVAL,
) -> T:
    """Call ``probe`` until it returns a value; raise a clear error when the deadline passes.

    ``probe`` returns ``(value, state)``: value ``None`` means "not yet", and ``state`` says
    why (shown in progress lines and in the timeout message).
    """
    while True:
        check_interrupt()  # Ctrl-C is noticed here even when a library swallowed it
        value, state = probe()
        if value is not None:
            return value
        now = time.monotonic()
        if now >= deadline.end:
            raise deadline.timeout_error(what, state)
        deadline.report(what, state)
        time.sleep(min(interval, max(0.0, deadline.end - now)))
