"""A loopback forwarder in front of the lab's API server that can play an API server
restart: every open connection dropped, new ones refused for a while, then served again.

The API server behind it is the real one; only the network between podlab and it fails, as
it does for a client while the server restarts (or when a load balancer drops streams).
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from pathlib import Path


class Outage:
    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.dropped = 0  # connections cut by outages
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._serving = threading.Event()
        self._listener = self._listen()
        self._thread = threading.Thread(target=self._accept, daemon=True, name="outage")
        self._thread.start()

    def _listen(self) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._serving.set()
        return listener

    def _accept(self) -> None:
        while not self._stop.is_set():
            if not self._serving.is_set():
                time.sleep(0.05)
                continue
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                with self._lock:
                    self._open.discard(end)

    def outage(self, seconds: float) -> None:
        """Drop every connection and refuse new ones for ``seconds``, then serve again."""
        self._serving.clear()
        self._listener.close()  # connection refused from now on
        with self._lock:
            cut = list(self._open)
        for sock in cut:
            with contextlib.suppress(OSError):
                # shutdown, not just close: it wakes the pump blocked in recv and sends the
                # FIN a dying server's kernel sends (a close alone would leave the peer's
                # connection open and silent)
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.dropped += len(cut) // 2
        time.sleep(seconds)
        self._listener = self._listen()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()
        with self._lock:
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.close()


def outage_kubeconfig(kubeconfig: str, target: Path) -> tuple[Outage, Path]:
    """A copy of ``kubeconfig`` whose server goes through a new Outage forwarder."""
    text = Path(kubeconfig).read_text(encoding="utf-8")
    match = re.search(r"server: https://([\d.]+):(\d+)", text)
    assert match, "the lab kubeconfig names its server as https://IP:PORT"
    proxy = Outage((match.group(1), int(match.group(2))))
    target.write_text(text.replace(match.group(0),
                                   f"server: https://{match.group(1)}:{proxy.port}"),
                      encoding="utf-8")
    return proxy, target
