"""A terminal session whose other end closes first: the command's output is the session's.

``kubectl run -it --rm NAME --image=debian -- getent hosts NAME``: the command is done
within milliseconds, the API server sends its output and closes the connection while
podlab still sends the terminal's size. Once a TLS write failed, every later write of
another length fails with ``[SSL: BAD_LENGTH]``, also the close frame websocket-client
sends back while reading (a CI run failed so). The session must still show the output.

A small TLS websocket server on loopback plays the API server's side, byte for byte; the
client is the ``kubernetes`` package's own ``WSClient``, as on the live path.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.execute.exec_session import run_session

kubernetes = pytest.importorskip("kubernetes")
from kubernetes.client import Configuration  # noqa: E402
from kubernetes.stream.ws_client import WSClient  # noqa: E402

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455's
UNUSED: Any = None  # the API client: run_session hands it to connect, which needs none
OUTPUT = b"10.244.0.7      mysql-0.mysql.book.svc.cluster.local\r\n"


def frame(opcode: int, payload: bytes) -> bytes:
    """A server's websocket frame (unmasked, short)."""
    assert len(payload) < 126
    return bytes([0x80 | opcode, len(payload)]) + payload


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    directory = tmp_path_factory.mktemp("tls")
    key, cert = directory / "server.key", directory / "server.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


class Server:
    """Accepts one websocket, sends ``frames`` (STDOUT's, then a close) and closes."""

    def __init__(self, certificate: tuple[Path, Path], frames: bytes) -> None:
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(*certificate)
        self._frames = frames
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.closed = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        raw, _ = self._listener.accept()
        with self._context.wrap_socket(raw, server_side=True) as conn:
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(4096)
            key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
                       if line.lower().startswith(b"sec-websocket-key:"))
            accept = base64.b64encode(hashlib.sha1(key + GUID.encode()).digest())
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                         b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept +
                         b"\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n")
            conn.sendall(self._frames)
        self.closed.set()

    def close(self) -> None:
        self._thread.join(10)
        self._listener.close()


@pytest.fixture
def serve(certificate: tuple[Path, Path]) -> Iterator[Callable[[bytes], Server]]:
    servers: list[Server] = []

    def start(frames: bytes) -> Server:
        servers.append(Server(certificate, frames))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def connector(server: Server) -> Callable[[Any], Any]:
    """Opens the websocket, then lets the server be done before podlab writes (the
    command ended at once)."""

    def connect(_api_client: Any) -> Any:
        configuration = Configuration()
        configuration.verify_ssl = False
        client = WSClient(configuration,  # type: ignore[no-untyped-call]
                          f"wss://127.0.0.1:{server.port}/attach", {}, capture_all=True,
                          binary=True)
        assert server.closed.wait(10)
        time.sleep(0.2)
        return client

    return connect


def test_the_output_of_a_command_done_before_the_first_write(
        serve: Callable[[bytes], Server]) -> None:
    server = serve(frame(0x2, b"\x01" + OUTPUT) + frame(0x8, b"\x03\xe8"))
    progress: list[str] = []
    outcome = run_session(connector(server), UNUSED, (), 10, progress.append)
    assert outcome.error is None
    assert outcome.transcript == OUTPUT.decode().replace("\r\n", "\n")
    assert progress == []


def test_a_typed_line_after_the_end_is_reported_not_an_error(
        serve: Callable[[bytes], Server]) -> None:
    server = serve(frame(0x2, b"\x01# ") + frame(0x8, b"\x03\xe8"))
    progress: list[str] = []
    outcome = run_session(connector(server), UNUSED, ("hostname", "exit"), 10, progress.append)
    assert outcome.error is None
    assert outcome.transcript == "#\n"  # the prompt it showed
    assert progress == ["the session ended before the typed line 'hostname'"]


def test_a_read_that_fails_without_a_failed_write_is_the_sessions_error(
        serve: Callable[[bytes], Server]) -> None:
    server = serve(frame(0x2, b"\x01" + OUTPUT) + frame(0x8, b"\x03\xe8"))

    def connect(api_client: Any) -> Any:
        client = connector(server)(api_client)
        client.write_channel = lambda channel, data: None  # nothing written, nothing failed

        def broken(timeout: float = 0) -> None:
            raise ssl.SSLError(1, "[SSL: DECRYPTION_FAILED_OR_BAD_RECORD_MAC]")

        client.update = broken
        return client

    outcome = run_session(connect, UNUSED, (), 10, lambda _line: None)
    assert isinstance(outcome.error, ssl.SSLError)
