"""One exec over the websocket of ``kubernetes.stream``, with our own deadline.

Every exec gets its own ApiClient (``stream()`` swaps the client's ``call_api`` while it
connects); stdout and stderr are read apart as bytes and decoded once at the end (multi-byte
characters can straddle frames); the exit status comes from channel 3, parsed here because
the client's ``returncode`` raises on anything but an exit code.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model.errors import PodlabExecutionError

if TYPE_CHECKING:  # the client and websocket are imported where an exec runs
    from kubernetes.client import ApiClient
    from kubernetes.client.exceptions import ApiException

STDOUT, STDERR, ERROR, RESIZE = 1, 2, 3, 4
TERMINAL_SIZE = {"Width": 80, "Height": 24}  # what the book's reader is assumed to have


@dataclass
class ExecOutcome:
    stdout: bytes = b""
    stderr: bytes = b""
    status: bytes = b""
    error: BaseException | None = None


class UpgradeError(Exception):
    """The API server refused the websocket upgrade; ``status`` is its Status, if it sent one."""

    def __init__(self, message: str, status: dict[str, Any] | None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body  # the refusal's text (the kubelet's, e.g. "container x not found ...")


def exit_status(status_bytes: bytes) -> tuple[int, str]:
    """kubectl's exit code and stderr text for the status sent on channel 3.

    Mirrors client-go's errorDecoderV4: no status or Success → 0; NonZeroExitCode →
    ``command terminated with exit code N`` and exit N; any other Failure → its message as
    an ``error: ...`` line and exit 1.
    """
    text = status_bytes.decode("utf-8", "replace").strip()
    if not text:
        return 0, ""
    try:
        status = json.loads(text)
    except ValueError:
        return 1, f'error: error stream protocol error: invalid character in "{text}"\n'
    if not isinstance(status, dict):
        return 1, "error: error stream protocol error: unknown error\n"
    if status.get("status") == "Success":
        return 0, ""
    if status.get("status") != "Failure":
        return 1, "error: error stream protocol error: unknown error\n"
    if status.get("reason") == "NonZeroExitCode":
        details = status.get("details")
        if not isinstance(details, dict):
            return 1, "error: error stream protocol error: details must be set\n"
        for cause in details.get("causes") or []:
            if cause.get("reason") != "ExitCode":
                continue
            message = str(cause.get("message"))
            if not message.isdigit() or int(message) > 255:
                return 1, (
                    f'error: error stream protocol error: invalid exit code value "{message}"\n'
                )
            code = int(message)
            return code, f"command terminated with exit code {code}\n"
        return 1, "error: error stream protocol error: no ExitCode cause given\n"
    message = str(status.get("message") or "")
    if not message.startswith("error: "):
        message = f"error: {message}"
    return 1, message + "\n"


def tty_text(data: bytes) -> str:
    """What a reader's terminal shows of tty output: CR LF line ends become LF."""
    return data.decode("utf-8", "replace").replace("\r\n", "\n")


_STATUS_IN_REASON = re.compile(r"(\{\"kind\":\"Status\".*\})")


def upgrade_error(exc: ApiException) -> UpgradeError:
    """The refusal of a websocket upgrade, with the Status the server sent in it."""
    reason = str(exc.reason or exc)
    match = _STATUS_IN_REASON.search(reason.replace("\\\"", '"'))
    status: dict[str, Any] | None = None
    if match:
        try:
            loaded = json.loads(match.group(1))
        except ValueError:
            loaded = None
        status = loaded if isinstance(loaded, dict) else None
    # websocket-client's "Handshake status 500 ... -+-+- HEADERS -+-+- BODY"
    body = reason.rpartition(" -+-+- ")[2].strip() if " -+-+- " in reason else ""
    return UpgradeError(reason.splitlines()[0] if reason else "exec failed", status,
                        "" if body == "None" else body)


def ended_by_other_end(exc: BaseException, write_failed: bool) -> bool:
    """Whether a read's exception means the other end closed the connection (the command
    ended), so that what arrived before is all there is: websocket-client's "closed" or,
    once one of our writes failed, any socket error. TLS then refuses every write of
    another length ("[SSL: BAD_LENGTH]"), also the pong or close frame websocket-client
    sends by itself while reading."""
    from websocket import WebSocketConnectionClosedException

    return isinstance(exc, WebSocketConnectionClosedException) or (
        write_failed and isinstance(exc, OSError))  # ssl.SSLError is an OSError


def run_exec(
    api_client: ApiClient,
    namespace: str,
    pod: str,
    container: str,
    command: tuple[str, ...],
    tty: bool,
    stdin: bool,
    timeout: float,
    input: bytes | None = None,
) -> ExecOutcome:
    """Run ``command`` in the container; raise PodlabExecutionError when ``timeout`` passes.

    ``input`` is written to the command's stdin at once (``kubectl cp`` sends a tar archive
    this way; the channel protocol cannot close stdin, so the command must stop reading by
    itself, as tar does at the archive's end)."""
    from kubernetes.client import CoreV1Api
    from kubernetes.client.exceptions import ApiException
    from kubernetes.stream import stream
    from websocket import WebSocketException

    outcome = ExecOutcome()
    stop = threading.Event()
    holder: dict[str, Any] = {}

    def work() -> None:
        out, err, status = bytearray(), bytearray(), bytearray()
        hung_up = False
        try:
            ws = stream(
                CoreV1Api(api_client).connect_get_namespaced_pod_exec,
                pod,
                namespace,
                command=list(command),
                container=container,
                stdin=stdin or input is not None,
                stdout=True,
                stderr=not tty,  # with a tty, stderr comes merged into stdout
                tty=tty,
                binary=True,
                _preload_content=False,
            )
        except ApiException as exc:
            outcome.error = upgrade_error(exc)
            return
        except Exception as exc:  # connection failures: reported by the caller
            outcome.error = exc
            return
        holder["ws"] = ws

        def drain() -> None:
            out.extend(ws.read_channel(STDOUT))
            err.extend(ws.read_channel(STDERR))
            status.extend(ws.read_channel(ERROR))

        try:
            if input is not None:
                ws.write_stdin(input)
            write_failed = False
            if tty:
                # Best effort: a command that is already done may have closed the stream;
                # what it printed is still read below.
                try:
                    ws.write_channel(RESIZE, json.dumps(TERMINAL_SIZE).encode())
                except (WebSocketException, OSError):
                    write_failed = True
            while ws.is_open() and not stop.is_set():
                try:
                    ws.update(timeout=0.5)
                except (WebSocketException, OSError) as exc:
                    if not ended_by_other_end(exc, write_failed):
                        raise
                    hung_up = True  # what arrived before is in the buffers
                    break
                drain()
            drain()
        except Exception as exc:  # a broken connection mid-stream
            outcome.error = exc
        finally:
            outcome.stdout, outcome.stderr, outcome.status = bytes(out), bytes(err), bytes(status)
            with contextlib.suppress(Exception):
                ws.close()
        if hung_up and outcome.error is None and not outcome.status:
            outcome.error = PodlabExecutionError(
                "the connection was lost before the command's exit status arrived")

    worker = threading.Thread(target=work, name=f"podlab-exec-{pod}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        stop.set()
        ws = holder.get("ws")
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close()
        worker.join(2)
        raise PodlabExecutionError(
            f"exec {' '.join(command)!r} in pod/{pod} did not finish within {timeout:.0f} s"
        )
    return outcome
