"""An interactive session in a container's terminal: ``kubectl exec -it POD -- sh`` and the
lines the reader types inside.

One websocket (exec or attach) with ``stdin`` and ``tty``; each typed line is sent, with
the Enter key's carriage return, once the container waits for it: its output has been
quiet for a moment and its cursor line shows a prompt. What comes back (the container's
own prompt, the echo of the typed line, the output) goes through a small terminal
emulator (``terminal.py``): the page shows what the reader's terminal shows. The session
ends when the container's command exits (the last typed line is ``exit``), bounded by
the step's timeout.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model.errors import PodlabExecutionError
from .exec_stream import (
    ERROR,
    RESIZE,
    STDERR,
    STDOUT,
    TERMINAL_SIZE,
    ended_by_other_end,
    upgrade_error,
)
from .terminal import Terminal

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

STDIN = 0
SETTLE = 0.4  # seconds of quiet output after which the container waits for input
PATIENCE = 5.0  # seconds of quiet after which a line is sent even without a prompt


@dataclass
class SessionOutcome:
    transcript: str = ""  # what the terminal shows
    status: bytes = b""  # channel 3: the exit status (exec), or nothing (attach)
    error: BaseException | None = None
    stderr: bytes = b""  # a session without a terminal (``run -i``): its own stream


def _prompt_shown(terminal: Terminal) -> bool:
    line = terminal.current_line().rstrip()
    return bool(line) and line[-1] in "#$>%:?"


def run_session(
    connect: Callable[[ApiClient], Any],
    api_client: ApiClient,
    typed: tuple[str, ...],
    timeout: float,
    progress: Callable[[str], None],
) -> SessionOutcome:
    """Connect (``connect(api_client)`` opens the websocket), type ``typed`` line by line,
    and collect the transcript until the session ends; PodlabExecutionError at ``timeout``."""
    from kubernetes.client.exceptions import ApiException
    from websocket import WebSocketException

    outcome = SessionOutcome()
    terminal = Terminal(TERMINAL_SIZE["Width"])
    received = bytearray()
    status = bytearray()
    stderr = bytearray()
    end = time.monotonic() + timeout
    try:
        ws = connect(api_client)
    except ApiException as exc:
        outcome.error = upgrade_error(exc)
        return outcome
    except Exception as exc:
        outcome.error = exc
        return outcome
    decoded = 0  # how much of ``received`` the terminal has seen (whole characters only)
    last_output = time.monotonic()
    write_failed = False

    def send(channel: int, data: bytes) -> bool:
        """Write to the session; False when the other end has closed the connection (the
        container's command ended): then nothing more can be sent."""
        nonlocal write_failed
        if write_failed:
            return False
        try:
            ws.write_channel(channel, data)
        except (WebSocketException, OSError):  # ssl.SSLError is an OSError
            write_failed = True
            return False
        return True

    def pump(wait: float) -> bool:
        """Read what arrived within ``wait`` seconds; False once the session ended."""
        nonlocal decoded, last_output
        closed = not ws.is_open()
        if not closed:
            try:
                ws.update(timeout=wait)
            except (WebSocketException, OSError) as exc:
                if not ended_by_other_end(exc, write_failed):
                    raise
                closed = True
        data = ws.read_channel(STDOUT)
        status.extend(ws.read_channel(ERROR))
        errors = ws.read_channel(STDERR)
        stderr.extend(errors if isinstance(errors, bytes) else errors.encode())
        if data:
            received.extend(data if isinstance(data, bytes) else data.encode())
            text = bytes(received[decoded:]).decode("utf-8", "ignore")
            # keep a character that straddles two frames for the next read
            complete = len(text.encode("utf-8"))
            decoded += complete
            terminal.feed(text)
            last_output = time.monotonic()
        return not closed and bool(ws.is_open())

    try:
        # as kubectl: one size larger, then the reader's, so that a shell that printed its
        # prompt before we attached draws it again (SIGWINCH)
        bigger = {"Width": TERMINAL_SIZE["Width"] + 1, "Height": TERMINAL_SIZE["Height"] + 1}
        for size in (bigger, TERMINAL_SIZE):
            send(RESIZE, json.dumps(size).encode())  # a failure: the reads find the end
        open_ = True
        for line in typed:
            while open_:
                quiet = time.monotonic() - last_output
                if quiet >= PATIENCE or (quiet >= SETTLE and _prompt_shown(terminal)):
                    break
                if time.monotonic() >= end:
                    raise PodlabExecutionError(
                        f"the session did not wait for the typed line {line!r} within "
                        f"{timeout:.0f} s")
                open_ = pump(0.1)
            if not open_ or not send(STDIN, (line + "\r").encode()):
                progress(f"the session ended before the typed line {line!r}")
                break
            last_output = time.monotonic()
        while open_:
            if time.monotonic() >= end:
                raise PodlabExecutionError(f"the session did not end within {timeout:.0f} s "
                                           "(its last typed line should be exit)")
            open_ = pump(0.2)
    except PodlabExecutionError:
        raise
    except Exception as exc:
        outcome.error = exc
    finally:
        with contextlib.suppress(Exception):
            ws.close()
    outcome.transcript = terminal.text()
    outcome.status = bytes(status)
    outcome.stderr = bytes(stderr)
    return outcome


def exec_connector(namespace: str, pod: str, container: str,
                   command: tuple[str, ...]) -> Callable[[ApiClient], Any]:
    """Opens ``exec`` with stdin and a tty (stderr comes merged into the tty's output)."""

    def connect(api_client: ApiClient) -> Any:
        from kubernetes.client import CoreV1Api
        from kubernetes.stream import stream

        return stream(CoreV1Api(api_client).connect_get_namespaced_pod_exec, pod, namespace,
                      command=list(command), container=container, stdin=True, stdout=True,
                      stderr=False, tty=True, binary=True, _preload_content=False)

    return connect


def attach_connector(namespace: str, pod: str, container: str,
                     tty: bool = True) -> Callable[[ApiClient], Any]:
    """Opens ``attach`` to the container's own terminal (``kubectl run -it``), or to its
    stdin, stdout and stderr when it has none (``run -i``)."""

    def connect(api_client: ApiClient) -> Any:
        from kubernetes.client import CoreV1Api
        from kubernetes.stream import stream

        return stream(CoreV1Api(api_client).connect_get_namespaced_pod_attach, pod, namespace,
                      container=container, stdin=True, stdout=True, stderr=not tty,
                      tty=tty, binary=True, _preload_content=False)

    return connect

