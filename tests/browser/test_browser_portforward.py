"""The port-forward listener against a fake API server speaking the portforward websocket.

The fake answers the websocket handshake, sends the two initial port frames as the kubelet
does, then upper-cases what it receives on the data channel (or, for pod ``refused-0``,
reports an error on the error channel as the API server does when nothing listens).
"""

from __future__ import annotations

import base64
import hashlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from kubernetes.client import ApiClient, Configuration

from sphinx_podlab.browser.actions import parse_actions
from sphinx_podlab.browser.portforward import PortForwarder
from sphinx_podlab.browser.step import BrowserStepError, run_browser_step
from sphinx_podlab.browser.target import TargetError, parse_target

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
REFUSED = (
    "error forwarding port 80 to pod refused-0, uid : failed to execute portforward in network"
    " namespace: failed to connect to localhost:80 inside namespace: connection refused"
)


def _frame(payload: bytes, opcode: int = 2) -> bytes:
    header = bytes([0x80 | opcode])
    if len(payload) < 126:
        header += bytes([len(payload)])
    elif len(payload) < 65536:
        header += bytes([126]) + struct.pack(">H", len(payload))
    else:
        header += bytes([127]) + struct.pack(">Q", len(payload))
    return header + payload


def _read_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _read_frame(sock: socket.socket) -> tuple[int, bytes]:
    first, second = _read_exact(sock, 2)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack(">H", _read_exact(sock, 2))[0]
    elif size == 127:
        size = struct.unpack(">Q", _read_exact(sock, 8))[0]
    mask = _read_exact(sock, 4) if second & 0x80 else b"\0\0\0\0"
    data = bytes(b ^ mask[i % 4] for i, b in enumerate(_read_exact(sock, size)))
    return first & 0x0F, data


class FakeApiServer:
    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.paths: list[str] = []
        self.closed = 0  # websockets the client closed
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(4096)
            lines = request.decode().split("\r\n")
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"]
            accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
            conn.sendall(
                (
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n"
                    "Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n"
                ).encode()
            )
            path = lines[0].split()[1]
            with self.lock:
                self.paths.append(path)
            conn.sendall(_frame(b"\x00\x50\x00") + _frame(b"\x01\x50\x00"))  # port 80
            if "/pods/refused-0/" in path:
                conn.sendall(_frame(b"\x01" + REFUSED.encode()))
            try:
                while True:
                    opcode, data = _read_frame(conn)
                    if opcode == 8:  # close
                        break
                    if opcode == 2 and data[:1] == b"\x00":
                        conn.sendall(_frame(b"\x00" + data[1:].upper()))
            except (ConnectionError, OSError, ValueError):
                pass
            with self.lock:
                self.closed += 1

    def factory(self) -> Callable[[], ApiClient]:
        configuration = Configuration(host=f"http://127.0.0.1:{self.port}")
        return lambda: ApiClient(configuration)

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def fake() -> Iterator[FakeApiServer]:
    server = FakeApiServer()
    yield server
    server.close()


def _threads() -> list[str]:
    return [
        t.name
        for t in threading.enumerate()
        if t.name.startswith(("podlab port-forward", "Kubernetes port forward proxy"))
    ]


def _exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(data)
        return _read_exact(conn, len(data))


def test_copies_bytes_both_ways_one_websocket_per_connection(fake: FakeApiServer) -> None:
    progress: list[str] = []
    with PortForwarder(fake.factory(), "ns1", "web-0", 80, progress.append) as forwarder:
        assert forwarder.url.startswith("http://127.0.0.1:")
        assert _exchange(forwarder.local_port, b"hello") == b"HELLO"
        big = bytes(range(97, 123)) * 40_000  # ~1 MB: several frames and partial sends
        assert _exchange(forwarder.local_port, big) == big.upper()
        # A connection still open at close() (a browser's keep-alive) must not hold it up.
        idle = socket.create_connection(("127.0.0.1", forwarder.local_port), timeout=5)
        idle.sendall(b"x")
        assert idle.recv(1) == b"X"
        start = time.monotonic()
    assert time.monotonic() - start < 3
    assert idle.recv(1) == b""  # closed by the forwarder
    idle.close()
    assert forwarder.connections == 3
    assert forwarder.errors == []
    assert forwarder.leftovers == []
    assert fake.paths[0] == "/api/v1/namespaces/ns1/pods/web-0/portforward?ports=80"
    assert not forwarder.listening
    time.sleep(0.2)
    assert _threads() == []
    assert fake.closed == 3


def test_error_channel_is_reported(fake: FakeApiServer) -> None:
    progress: list[str] = []
    with PortForwarder(fake.factory(), "ns1", "refused-0", 80, progress.append) as forwarder:
        with socket.create_connection(("127.0.0.1", forwarder.local_port), timeout=5) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\n\r\n")
            assert conn.recv(10) == b""
        deadline = time.monotonic() + 5
        while not forwarder.errors and time.monotonic() < deadline:
            time.sleep(0.02)
    assert forwarder.errors == [f"port-forward: {REFUSED}"]
    assert f"port-forward: {REFUSED}" in progress


def test_unreachable_api_server_and_teardown_on_exception() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    configuration = Configuration(host=f"http://127.0.0.1:{dead}")
    progress: list[str] = []
    f = PortForwarder(lambda: ApiClient(configuration), "ns", "p", 80, progress.append)
    with pytest.raises(RuntimeError, match="boom"), f:
        port = f.local_port
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            assert conn.recv(10) == b""  # no websocket: the connection is dropped
        raise RuntimeError("boom")
    assert len(f.errors) == 1
    assert f.errors[0].startswith("cannot open a port-forward to pod p: ")
    assert "refused" in f.errors[0].lower()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # the listener is closed
    assert _threads() == []


@pytest.mark.parametrize(
    ("target", "kind", "name"),
    [
        ("mysql-0", "Pod", "mysql-0"),
        ("pod/mysql-0", "Pod", "mysql-0"),
        ("deploy/pma", "Deployment", "pma"),
        ("deployment.apps/pma", "Deployment", "pma"),
        ("statefulset/mysql", "StatefulSet", "mysql"),
        ("sts/mysql", "StatefulSet", "mysql"),
    ],
)
def test_parse_target(target: str, kind: str, name: str) -> None:
    ref = parse_target(target)
    assert (ref.resource.kind, ref.name) == (kind, name)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("bogus/x", 'the server doesn\'t have a resource type "bogus"'),
        ("deploy/", "expected POD or TYPE/NAME as the target, got 'deploy/'"),
        ("deploy/a/b", "expected POD or TYPE/NAME"),
    ],
)
def test_parse_target_errors(target: str, message: str) -> None:
    with pytest.raises(TargetError, match=message):
        parse_target(target)


def test_step_refuses_unsubstituted_placeholders() -> None:
    actions = parse_actions(["open /", "fill #server {mysql-0@before}"])
    with pytest.raises(BrowserStepError) as info:
        run_browser_step(ApiClient, "ns", "deploy/pma", 80, actions, 10, print)
    assert str(info.value) == "{mysql-0@before} was not substituted"
    assert info.value.line == 1


def test_step_target_errors_have_no_line(fake: FakeApiServer) -> None:
    with pytest.raises(BrowserStepError) as info:
        run_browser_step(fake.factory(), "ns", "bogus/x", 80, parse_actions(["open /"]), 10, print)
    assert info.value.line is None
    assert str(info.value) == 'bogus/x: the server doesn\'t have a resource type "bogus"'
