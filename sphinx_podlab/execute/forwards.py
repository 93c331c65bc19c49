"""The localhost ports a page's ``port-forward`` commands forward, as the page names them.

podlab never binds the port the page names (``8080`` in ``port-forward svc/pma 8080:80``):
another build, or anything else on the build machine, may use it. Each forward listens on
an ephemeral port of 127.0.0.1, and the page's host ``curl``/``wget`` lines and browser
steps that name ``localhost:8080`` are sent there. The transcript shows kubectl's lines
with the page's port.
"""

from __future__ import annotations

import threading


class ForwardedPorts:
    """The page's local port → the 127.0.0.1 port that really serves it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ports: dict[int, int] = {}

    def add(self, page_port: int, real_port: int) -> None:
        with self._lock:
            self._ports[page_port] = real_port

    def remove(self, page_port: int) -> None:
        with self._lock:
            self._ports.pop(page_port, None)

    def real(self, page_port: int) -> int | None:
        with self._lock:
            return self._ports.get(page_port)

    def pages_ports(self) -> list[int]:
        with self._lock:
            return sorted(self._ports)
