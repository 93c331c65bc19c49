"""A loopback TCP server that counts connections, to prove whether a build contacted a
cluster. Without a target it closes each connection (a cluster that never answers); with
one it forwards to it (in front of the lab's API server)."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from pathlib import Path


class CountingServer:
    def __init__(self, target: tuple[str, int] | None = None) -> None:
        self.target = target
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port: int = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            if self.target is None:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._accepting.join()
        self._server.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


def write_kubeconfig(path: Path, port: int) -> Path:
    """A kubeconfig whose only cluster is https://127.0.0.1:PORT."""
    path.write_text(
        f"""apiVersion: v1
kind: Config
clusters:
- name: nowhere
  cluster:
    server: https://127.0.0.1:{port}
    insecure-skip-tls-verify: true
contexts:
- name: nowhere
  context: {{cluster: nowhere, user: nobody}}
current-context: nowhere
users:
- name: nobody
  user: {{token: not-a-secret}}
""",
        encoding="utf-8",
    )
    return path


def proxied_kubeconfig(kubeconfig: str, target: Path) -> tuple[CountingServer, Path]:
    """A copy of ``kubeconfig`` whose server goes through a new counting forwarder."""
    text = Path(kubeconfig).read_text(encoding="utf-8")
    match = re.search(r"server: https://([\d.]+):(\d+)", text)
    assert match, "the lab kubeconfig names its server as https://IP:PORT"
    proxy = CountingServer((match.group(1), int(match.group(2))))
    server = f"server: https://{match.group(1)}:{proxy.port}"
    target.write_text(text.replace(match.group(0), server), encoding="utf-8")
    return proxy, target
