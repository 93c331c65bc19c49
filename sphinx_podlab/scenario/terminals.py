"""Commands of a page that keep running while its later blocks run.

A block with ``:terminal: NAME`` is what the textbook calls "another terminal": its lines
run one after the other on a thread of their own; a line ending in ``&`` is a job of the
page's own terminal (``%1``, ``%2``... in page order); ``port-forward`` and ``proxy`` keep
running by their nature. Each is a :class:`Job`: it starts, and the page's next step runs
once the job's command is running (its first output printed, its listener open), so a
watch sees the change the next block makes. A job ends when the author stops it
(``:stop: NAME`` after a later block) or when the page ends, also after a failure: then its
commands end as the reader's Ctrl-C would, once their output settled (``Until``). Its
transcript is shown where its block stands.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ..execute.watch import STOP_GRACE, Until
from ..model.errors import PodlabExecutionError
from ..model.results import CommandResult

START_TIMEOUT = 60.0  # seconds for a job's command to be running before the page goes on
JOIN_MARGIN = 10.0  # seconds beyond STOP_GRACE for a stopped job's thread to end

RunLine = Callable[[Until], CommandResult]  # runs one of the job's lines with its Until


@dataclass
class Job:
    """One terminal's lines (or one ``&`` line) running on a thread."""

    name: str
    block_index: int  # where its transcript is shown
    lines: list[RunLine]
    until: Until
    results: list[CommandResult] = field(default_factory=list)
    error: BaseException | None = None
    _thread: threading.Thread | None = None
    _done: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        """Start the lines; return once one is running (or all ended), bounded."""
        self._thread = threading.Thread(target=self._work, name=f"podlab terminal {self.name}",
                                        daemon=True)
        self._thread.start()
        waited = 0.0
        while waited < START_TIMEOUT and not self._done.is_set():
            if self.until.wait_started(0.1):
                return
            waited += 0.1
        if not self._done.is_set():
            raise PodlabExecutionError(f"{self.name}: its command was not running within "
                                       f"{START_TIMEOUT:.0f} s")

    def _work(self) -> None:
        try:
            for run_line in self.lines:
                self.results.append(run_line(self.until))
        except BaseException as exc:  # reported where the job is stopped
            self.error = exc
        finally:
            self._done.set()

    def stop(self) -> None:
        """End the job as the reader's Ctrl-C (once quiet) and wait for its thread; safe to
        call twice. Raises RuntimeError when the thread would not end."""
        self.until.stop()
        if self._thread is not None:
            self._thread.join(STOP_GRACE + JOIN_MARGIN)
            if self._thread.is_alive():
                raise RuntimeError(f"{self.name} did not end within "
                                   f"{STOP_GRACE + JOIN_MARGIN:.0f} s")

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
