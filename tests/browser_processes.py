"""Shared by the browser tests: which Chromium/Playwright processes this test started,
whether they are gone, and the size of a PNG."""

from __future__ import annotations

import os
import struct
from pathlib import Path


def _processes() -> dict[int, tuple[int, str, bytes]]:
    """pid -> (parent pid, state, command line) of every process."""
    table = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            table[int(proc.name)] = (int(fields[1]), fields[0], (proc / "cmdline").read_bytes())
        except (OSError, IndexError, ValueError):
            continue
    return table


def own_browser_processes() -> set[int]:
    """Live processes of Chromium and Playwright's node driver started by this test process.

    Only descendants count: other sessions on the machine may run Chromium at the same time.
    """
    table = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _state, _cmd) in table.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [os.getpid()]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            _parent, state, cmd = table[child]
            if state != "Z" and (b"chromium" in cmd or b"/playwright/driver/" in cmd):
                found.add(child)
    return found


def still_alive(pids: set[int]) -> set[int]:
    table = _processes()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


class Watch:
    """A progress callback that also notes the browser processes alive at each line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.seen: set[int] = set()

    def __call__(self, line: str) -> None:
        self.lines.append(line)
        self.seen |= own_browser_processes()

    def assert_browser_gone(self) -> None:
        assert self.seen, "no browser process was ever seen: the check would prove nothing"
        assert still_alive(self.seen) == set(), "Chromium or Playwright's driver left running"


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height
