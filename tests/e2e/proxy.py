"""A loopback TCP forwarder that counts connections: put in front of the lab's API server,
it shows whether a build contacted the cluster at all."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from pathlib import Path


class CountingProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            upstream = socket.create_connection(self.target)
            for source, sink in ((client, upstream), (upstream, client)):
                thread = threading.Thread(target=_pump, args=(source, sink), daemon=True)
                thread.start()
                self._threads.append(thread)

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


def proxied_kubeconfig(kubeconfig: str, target: Path) -> tuple[CountingProxy, Path]:
    """A copy of ``kubeconfig`` whose server goes through a new counting proxy."""
    text = Path(kubeconfig).read_text(encoding="utf-8")
    match = re.search(r"server: https://([\d.]+):(\d+)", text)
    assert match, "the lab kubeconfig names its server as https://IP:PORT"
    proxy = CountingProxy(match.group(1), int(match.group(2)))
    target.write_text(text.replace(match.group(0), f"server: https://{match.group(1)}:{proxy.port}"),
                      encoding="utf-8")
    return proxy, target
