"""One browser step: resolve the pod, port-forward to it, run the actions, tear it all down."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from kubernetes.client import ApiClient

from ..execute.deadline import Deadline
from .actions import Action, placeholders
from .portforward import PortForwarder, PortForwardError, close_api_client
from .target import TargetError, resolve_target_pod

T = TypeVar("T")
PNG_BUDGET = 300 * 1024  # bytes: figures of the book stay small
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class BrowserResult:
    png: bytes  # the screenshot, PNG: the viewport (1280×800 CSS px) or the cropped region
    url_path: str  # path and query of the page in the screenshot, e.g. "/index.php?route=/"
    checks: tuple[str, ...]  # each passed expectation with what was found
    seconds: float
    pod: str = ""  # the pod that served the page
    scale: int = 1  # device pixels per CSS pixel

    @property
    def width(self) -> int:
        """The PNG's width in pixels (from its IHDR chunk)."""
        return int.from_bytes(self.png[16:20], "big") if self.png[:8] == PNG_SIGNATURE else 0


class BrowserStepError(Exception):
    """The step failed.

    ``line`` is the 0-based content line of the failing action, or ``None`` when the step
    failed before any action ran (unknown target, pod never ready, Chromium did not start).
    ``png`` shows the page at the moment of failure, when there was one.
    """

    def __init__(self, message: str, line: int | None, png: bytes | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.png = png


def run_browser_step(
    api_client_factory: Callable[[], ApiClient],
    namespace: str,
    target: str,
    port: int,
    actions: Sequence[Action],
    timeout: float,
    progress: Callable[[str], None],
    *,
    locale: str | None = None,
    executable: str | None = None,
) -> BrowserResult:
    """Run ``actions`` against ``port`` of ``target`` (``deploy/pma``, ``statefulset/x``, a pod).

    Everything (waiting for the pod, the browser, every action) is bounded by ``timeout``
    seconds. The port-forward and the browser are gone when this returns or raises.
    ``executable`` defaults to Debian's ``/usr/bin/chromium``; ``locale`` (``ja-JP``) sets
    the browser's language, which pages like phpMyAdmin follow.
    """
    start = time.monotonic()
    left = placeholders(actions)
    if left:
        pod, snapshot = left[0]
        line = next(a.line for a in actions if f"{{{pod}@{snapshot}}}" in (a.value or ""))
        raise BrowserStepError(f"{{{pod}@{snapshot}}} was not substituted", line)
    if not 0 < port < 65536:
        raise BrowserStepError(f"port {port} is not a TCP port", None)
    missing = browser_unavailable(executable)
    if missing:
        raise BrowserStepError(missing, None)
    from . import driver  # here: replaying records must work without Playwright installed

    chromium = executable or driver.CHROMIUM
    deadline = Deadline(timeout, progress)

    api_client = api_client_factory()
    try:
        pod = resolve_target_pod(api_client, api_client_factory, namespace, target, deadline)
    except TargetError as exc:
        raise BrowserStepError(f"{target}: {exc}", None) from exc
    finally:
        close_api_client(api_client)

    forwarder = PortForwarder(api_client_factory, namespace, pod, port, progress)
    try:
        with forwarder:
            progress(f"browser: pod/{pod} port {port} forwarded to {forwarder.url}")
            shot = _off_event_loop(
                lambda: driver.run_actions(
                    forwarder.url,
                    actions,
                    deadline.end,
                    progress,
                    executable=chromium,
                    locale=locale,
                )
            )
    except PortForwardError as exc:
        raise BrowserStepError(str(exc), None) from exc
    except driver.ActionError as exc:
        raise BrowserStepError(
            _with_forward_errors(str(exc), forwarder), exc.line, exc.png
        ) from exc
    seconds = time.monotonic() - start
    if len(shot.png) > PNG_BUDGET:
        progress(f"browser: the screenshot is {len(shot.png) // 1024} KB, over the 300 KB budget")
    progress(
        f"browser: done in {seconds:.1f} s ({forwarder.connections} connection(s) to pod/{pod},"
        f" PNG {len(shot.png) // 1024} KB)"
    )
    return BrowserResult(shot.png, shot.url_path, shot.checks, seconds, pod, driver.SCALE)


def run_browser_on_forward(
    base_url: str,
    shown: str,
    actions: Sequence[Action],
    timeout: float,
    progress: Callable[[str], None],
    *,
    locale: str | None = None,
    executable: str | None = None,
) -> BrowserResult:
    """Run ``actions`` against a port the page's own ``port-forward`` serves (``base_url``
    is its real ``http://127.0.0.1:PORT``; ``shown`` the page's ``localhost:8080``)."""
    start = time.monotonic()
    left = placeholders(actions)
    if left:
        pod, snapshot = left[0]
        line = next(a.line for a in actions if f"{{{pod}@{snapshot}}}" in (a.value or ""))
        raise BrowserStepError(f"{{{pod}@{snapshot}}} was not substituted", line)
    missing = browser_unavailable(executable)
    if missing:
        raise BrowserStepError(missing, None)
    from . import driver

    deadline = Deadline(timeout, progress)
    try:
        shot = _off_event_loop(lambda: driver.run_actions(
            base_url, actions, deadline.end, progress, executable=executable or driver.CHROMIUM,
            locale=locale))
    except driver.ActionError as exc:
        raise BrowserStepError(str(exc), exc.line, exc.png) from exc
    return BrowserResult(shot.png, shot.url_path, shot.checks, time.monotonic() - start,
                         shown)


def browser_unavailable(executable: str | None = None) -> str | None:
    """Why a browser step cannot run here (no Playwright, no Chromium), or ``None``."""
    try:
        from . import driver
    except ImportError as exc:
        return (
            f"the browser step needs Playwright for Python ({exc}): "
            "pip install 'sphinx-podlab[browser]'"
        )
    chromium = executable or driver.CHROMIUM
    if not os.access(chromium, os.X_OK):
        return f"no Chromium at {chromium}: install Debian's (apt-get install -y chromium)"
    return None


def _with_forward_errors(message: str, forwarder: PortForwarder) -> str:
    # A page that did not load is usually explained by the port-forward's error channel
    # ("connection refused" when nothing listens on the port in the pod).
    if not forwarder.errors:
        return message
    return f"{message}; {'; '.join(forwarder.errors)}"


def _off_event_loop(function: Callable[[], T]) -> T:
    """Call ``function`` here, or in a thread when this thread runs an asyncio loop.

    Playwright's sync API refuses to run inside a running event loop (a Jupyter kernel,
    an async host); the driver bounds its own time, so the join needs no timeout.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(function())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="podlab browser", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
