"""``kubectl port-forward POD LOCAL:PORT`` through the official client, on 127.0.0.1 only.

Each TCP connection accepted on the local listener gets one ``kubernetes.stream.portforward``
websocket of its own (a browser opens several connections per page), and a thread copies
bytes both ways. ``portforward()`` swaps the ``call_api`` of the ApiClient it is given while it
connects, so every connection gets a fresh ApiClient from the factory: nothing is shared
between threads.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from ..model.errors import cause

if TYPE_CHECKING:  # the client is loaded where a connection is forwarded
    from kubernetes.client import ApiClient

ACCEPT_POLL = 0.1  # seconds: how soon the accept loop notices close()
PUMP_POLL = 0.2  # seconds: how soon a connection's pump notices close()
JOIN_TIMEOUT = 5.0  # seconds to wait for all threads at teardown
CHUNK = 64 * 1024


class _ForwardSocket(Protocol):
    """The socket half that ``PortForward.socket(port)`` hands out (a wrapped socketpair)."""

    def fileno(self) -> int: ...
    def recv(self, size: int) -> bytes: ...
    def sendall(self, data: bytes) -> None: ...
    def settimeout(self, value: float | None) -> None: ...
    def close(self) -> None: ...


class PortForwardError(Exception):
    """The listener could not be set up, or forwarding failed."""


class PortForwarder:
    """A local listener forwarding every connection to ``PORT`` of one pod.

    Use it as a context manager: leaving the block (also by an exception) closes the
    listener, every open connection and websocket, and joins the threads.
    """

    def __init__(
        self,
        api_client_factory: Callable[[], ApiClient],
        namespace: str,
        pod: str,
        port: int,
        progress: Callable[[str], None],
        on_connection: Callable[[], None] | None = None,
    ) -> None:
        self.api_client_factory = api_client_factory
        self.on_connection = on_connection  # kubectl port-forward's "Handling connection"
        self.namespace = namespace
        self.pod = pod
        self.port = port
        self.progress = progress
        self.errors: list[str] = []  # what the API server said on the error channel
        self.connections = 0  # connections accepted so far
        self.leftovers: list[str] = []  # threads still alive after close() (should stay empty)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener: socket.socket | None = None
        self._accept_thread: threading.Thread | None = None
        self._threads: list[threading.Thread] = []
        self._sockets: set[Any] = set()  # open client sockets and forward sockets
        self._forwards: list[Any] = []  # kubernetes.stream.ws_client.PortForward objects

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> PortForwarder:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("127.0.0.1", 0))  # an ephemeral port on loopback only
            listener.listen(16)
            listener.settimeout(ACCEPT_POLL)
        except OSError as exc:
            listener.close()
            raise PortForwardError(f"cannot listen on 127.0.0.1: {exc}") from exc
        self._listener = listener
        self._accept_thread = threading.Thread(
            target=self._accept_loop,
            name=f"podlab port-forward {self.pod}:{self.port}",
            daemon=True,
        )
        self._accept_thread.start()

    @property
    def local_port(self) -> int:
        if self._listener is None:
            raise PortForwardError("the port-forward is not started")
        port: int = self._listener.getsockname()[1]
        return port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.local_port}"

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def close(self) -> None:
        """Stop accepting, drop every connection, join the threads; safe to call twice."""
        self._stop.set()
        deadline = time.monotonic() + JOIN_TIMEOUT
        if self._accept_thread is not None:
            self._accept_thread.join(max(0.0, deadline - time.monotonic()))
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            threads = list(self._threads)
        # Pumps notice the stop within PUMP_POLL; force the sockets shut only for stragglers
        # (a peer that does not read, a websocket handshake that hangs).
        soft = min(deadline, time.monotonic() + 2 * PUMP_POLL)
        for thread in threads:
            thread.join(max(0.0, soft - time.monotonic()))
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _close_quietly(sock)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        # The client's own proxy thread per websocket ends once its socket pair is closed.
        with self._lock:
            forwards = list(self._forwards)
        for forward in forwards:
            while forward.connected and time.monotonic() < deadline:
                time.sleep(0.02)
        self.leftovers = [t.name for t in [self._accept_thread, *threads] if t and t.is_alive()]
        self.leftovers += [
            f"websocket of connection {i + 1}" for i, f in enumerate(forwards) if f.connected
        ]
        if self.leftovers:
            self.progress(f"port-forward: still running after close: {', '.join(self.leftovers)}")

    # -- threads -----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None
        while not self._stop.is_set():
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listener was closed
            with self._lock:
                if self._stop.is_set():
                    client.close()
                    return
                self.connections += 1
                number = self.connections
                self._sockets.add(client)
                thread = threading.Thread(
                    target=self._serve,
                    args=(client, number),
                    daemon=True,
                    name=f"podlab port-forward {self.pod}:{self.port} #{number}",
                )
                self._threads.append(thread)
            if self.on_connection is not None:
                self.on_connection()
            thread.start()

    def _serve(self, client: socket.socket, number: int) -> None:
        from kubernetes.client import CoreV1Api
        from kubernetes.stream import portforward

        api_client: ApiClient | None = None
        forward: Any = None
        try:
            api_client = self.api_client_factory()
            try:
                forward = portforward(
                    CoreV1Api(api_client).connect_get_namespaced_pod_portforward,
                    self.pod,
                    self.namespace,
                    ports=str(self.port),
                )
            except Exception as exc:  # ApiException(status=0) wraps handshake failures
                self._error(f"cannot open a port-forward to pod {self.pod}: {cause(exc)}")
                return
            remote: _ForwardSocket = forward.socket(self.port)
            with self._lock:
                self._forwards.append(forward)
                self._sockets.add(remote)  # so that close() can force it shut
            if not self._stop.is_set():
                _pump(client, remote, self._stop, threading.current_thread().name)
        except Exception as exc:  # keep the thread's failure visible, never silent
            self._error(f"port-forward connection #{number}: {cause(exc)}")
        finally:
            _close_quietly(client)
            if forward is not None:
                forward.close()
                self._collect_error(forward)
            if api_client is not None:
                close_api_client(api_client)
            with self._lock:
                self._sockets.discard(client)
                if forward is not None:
                    self._sockets.discard(forward.socket(self.port))

    def _collect_error(self, forward: Any) -> None:
        # The error channel may arrive just after the data channel closed.
        end = time.monotonic() + 0.5
        while True:
            text = forward.error(self.port)
            if text or not forward.connected or time.monotonic() >= end:
                break
            time.sleep(0.02)
        if text:
            self._error(f"port-forward: {text.strip()}")

    def _error(self, message: str) -> None:
        with self._lock:
            if message in self.errors:
                return
            self.errors.append(message)
        self.progress(message)


def _pump(client: socket.socket, remote: _ForwardSocket, stop: threading.Event, name: str) -> None:
    """Copy bytes both ways until either side ends or ``stop`` is set.

    One thread per direction: a peer that is slow to read in one direction must not stop
    the other (a single thread blocked in ``sendall`` to the browser could not read the
    browser's next bytes).
    """
    done = threading.Event()
    up = threading.Thread(
        target=_copy, args=(client, remote, stop, done), name=f"{name} up", daemon=True
    )
    up.start()
    try:
        _copy(remote, client, stop, done)
    finally:
        up.join(JOIN_TIMEOUT)


def _copy(source: Any, target: Any, stop: threading.Event, done: threading.Event) -> None:
    """Copy ``source`` to ``target``; when done, shut both down so the other direction ends."""
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(source.fileno(), selectors.EVENT_READ)
            while not stop.is_set() and not done.is_set():
                if not selector.select(PUMP_POLL):
                    continue
                data = source.recv(CHUNK)
                if not data:
                    break  # that side ended: HTTP needs no half-closed connections
                target.sendall(data)
    except (OSError, ValueError):
        pass  # a socket shut down under us: the other direction ended first
    finally:
        done.set()
        _shutdown(source)
        _shutdown(target)


def _shutdown(sock: Any) -> None:
    # shutdown() wakes a thread blocked in recv/sendall on this socket; close() does not.
    with contextlib.suppress(OSError, ValueError):
        sock.shutdown(socket.SHUT_RDWR)


def close_api_client(api_client: Any) -> None:
    """``ApiClient.close()`` (typed ``Any``: the client's ``close`` has no annotations)."""
    api_client.close()


def _close_quietly(sock: Any) -> None:
    _shutdown(sock)
    with contextlib.suppress(OSError):
        sock.close()

