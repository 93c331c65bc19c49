"""Commands that keep running: when they end, and the events of a server watch.

A reader stops ``kubectl get -w`` (or ``logs -f``, ``port-forward``) with Ctrl-C once
nothing changes any more. :class:`Until` is that reader: a foreground command ends once no
change came for ``quiet`` seconds; one in another terminal (a background job) keeps running
until it is asked to stop, and then ends once it is quiet too, so that what was on its way
(the last rows of a delete-and-replace) is shown, as a careful author would wait for it.

:class:`EventStream` reads one watch request on a thread of its own into a queue, so a
command can wait for the next event with a timeout and close the watch at any time.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar

from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from .deadline import Deadline
from .rest import Rest

DEFAULT_QUIET = 3.0  # seconds without a change after which a watch has settled
STOP_GRACE = 30.0  # seconds a background command may take to settle once asked to stop
_END = object()
T = TypeVar("T")


@dataclass
class Until:
    """When a long-running command ends, as the reader's Ctrl-C would."""

    quiet: float = DEFAULT_QUIET
    background: bool = False  # another terminal: runs until stop() is called
    _stop: threading.Event = field(default_factory=threading.Event)
    _started: threading.Event = field(default_factory=threading.Event)
    _stop_at: float = 0.0

    def stop(self) -> None:
        """Ask the command to end (once quiet): the page ended, or the author stops it."""
        self._stop_at = time.monotonic()
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return not self.background or self._stop.is_set()

    def ended(self, last_change: float) -> bool:
        """Whether the reader presses Ctrl-C now: asked to stop, and quiet since ``last_change``
        (a background command asked to stop ends within :data:`STOP_GRACE` in any case)."""
        if not self.stopping:
            return False
        now = time.monotonic()
        if self.background and now - self._stop_at >= STOP_GRACE:
            return True
        return now - last_change >= self.quiet

    def wait(self, seconds: float) -> None:
        """Sleep up to ``seconds``; a background command wakes when asked to stop."""
        if self.background and not self._stop.is_set():
            self._stop.wait(max(0.0, seconds))
        else:
            time.sleep(max(0.0, seconds))

    def started(self) -> None:
        """The command is running: its first output is printed, its listener open. A page's
        next block runs only after that (a watch must see the change that block makes)."""
        self._started.set()

    def wait_started(self, timeout: float) -> bool:
        return self._started.wait(timeout)


class ByteStream:
    """A streamed response (``logs -f``, a watch) read on a thread into a queue of chunks.

    :meth:`next` waits for the next chunk at most ``timeout`` seconds (None: none came);
    :attr:`ended` says the server closed the stream. :meth:`close` shuts the connection
    down, which ends the reading thread. Use it as a context manager.
    """

    def __init__(self, rest: Rest, path: str, query: Mapping[str, str | int], accept: str,
                 timeout: float) -> None:
        self._response: Any = rest.request("GET", path, query=query, accept=accept,
                                           timeout=timeout, stream=True)
        self._queue: queue.Queue[object] = queue.Queue()
        self._closed = threading.Event()
        self.ended = False
        self.error: Exception | None = None
        self._thread = threading.Thread(target=self._read, name=f"podlab stream {path}",
                                        daemon=True)
        self._thread.start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _read(self) -> None:
        try:
            for chunk in self._response.stream(amt=None, decode_content=True):
                if chunk:
                    self._queue.put(chunk)
        except Exception as exc:  # a connection shut down by close(), or lost
            if not self._closed.is_set():
                self.error = exc
        finally:
            self._queue.put(_END)

    def next_chunk(self, timeout: float) -> bytes | None:
        if self.ended:
            return None
        try:
            item = self._queue.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        if item is _END:
            self.ended = True
            return None
        assert isinstance(item, bytes)
        return item

    def close(self) -> None:
        """Shut the connection down and join the reading thread; safe to call twice."""
        self._closed.set()
        with contextlib.suppress(Exception):
            self._response.shutdown()
        with contextlib.suppress(Exception):
            self._response.release_conn()
        self._thread.join(5)

    @property
    def alive(self) -> bool:
        """Whether the reading thread still runs (a test checks that none is left)."""
        return self._thread.is_alive()


class EventStream(ByteStream):
    """The events of one watch request (``?watch=1``), one JSON object a line."""

    def __init__(self, rest: Rest, path: str, query: Mapping[str, str | int], accept: str,
                 timeout: float) -> None:
        super().__init__(rest, path, {**query, "watch": "1"}, accept, timeout)
        self._buffer = b""
        self._events: list[Obj] = []

    def next(self, timeout: float) -> Obj | None:
        end = time.monotonic() + timeout
        while not self._events:
            chunk = self.next_chunk(max(0.0, end - time.monotonic()))
            if chunk is None:
                return None
            self._buffer += chunk
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                if line.strip():
                    event = json.loads(line)
                    if isinstance(event, dict):
                        self._events.append(event)
        return self._events.pop(0)


POLL = 0.2  # seconds: how soon a waiting command notices it was asked to stop


def follow(until: Until, deadline: Deadline, stream: ByteStream,
           next_item: Callable[[float], T | None], on_item: Callable[[T], None]) -> None:
    """Hand every item (``stream.next`` or ``stream.next_chunk``) to ``on_item`` until the
    reader would press Ctrl-C, the step's deadline passes (the same Ctrl-C) or the server
    ends the stream. A stream whose connection was lost (an API server restart) is an
    error: the page would show a watch cut short, and repeating it would show its first
    rows twice."""
    last_change = time.monotonic()
    while not until.ended(last_change):
        remaining = deadline.remaining()
        if remaining <= 0:
            return
        item = next_item(min(POLL, remaining))
        if item is None:
            if stream.ended:
                if stream.error is not None:
                    raise PodlabExecutionError(
                        f"the connection to the API server was lost while the command was "
                        f"running ({type(stream.error).__name__}: {stream.error})")
                return
            continue
        on_item(item)
        last_change = time.monotonic()
