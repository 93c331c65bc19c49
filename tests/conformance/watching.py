"""Real kubectl's commands that keep running, ended as a reader ends them, and their shape.

:func:`kubectl_until_quiet` runs the lab's kubectl, calls ``started`` once it printed its
first line (or ended), and sends SIGINT (Ctrl-C) once nothing came for ``quiet`` seconds
after ``settle_after()`` says the actions of the case are done: podlab's :class:`Until`
ends its own watch the same way.

:func:`watch_shape` reduces a watch's output to what must be equal between two runs whose
timing differs: the lines' layout (kubectl's tabwriter with remembered widths, every row
flushed on its own), the header, and the rows with ages masked, consecutive repeats merged
(how many MODIFIED events the kubelet's status updates make varies between runs).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from e2e.compare import KUBECTL, kubeconfig_in, mask, mask_age

from sphinx_podlab.model.results import CommandResult
from sphinx_podlab.printers.tabwriter import TabWriter


def kubectl_until_quiet(kubeconfig: str, argv: Sequence[str], namespace: str, cwd: Path,
                        quiet: float, timeout: float, started: Callable[[], None],
                        settle_after: Callable[[], bool]) -> CommandResult:
    """``kubectl ARGV`` in ``namespace``, interrupted once quiet (or ended by itself)."""
    command = [str(KUBECTL), "--kubeconfig", kubeconfig_in(kubeconfig, namespace), *argv]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=cwd)
    out, err = bytearray(), bytearray()
    last = [time.monotonic()]
    first = threading.Event()

    def pump(stream: object, into: bytearray) -> None:
        assert hasattr(stream, "read1")
        while True:
            data = stream.read1(65536)
            if not data:
                first.set()
                return
            into.extend(data)
            last[0] = time.monotonic()
            first.set()

    readers = [threading.Thread(target=pump, args=(proc.stdout, out), daemon=True),
               threading.Thread(target=pump, args=(proc.stderr, err), daemon=True)]
    for reader in readers:
        reader.start()
    end = time.monotonic() + timeout
    first.wait(min(timeout, 5))  # --watch-only prints nothing before the first change
    started()
    while proc.poll() is None and time.monotonic() < end:
        if settle_after() and time.monotonic() - last[0] >= quiet:
            os.kill(proc.pid, signal.SIGINT)
            break
        time.sleep(0.05)
    try:
        code = proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for reader in readers:
        reader.join(5)
    return CommandResult(("kubectl", *argv), out.decode(), err.decode(), code, 0.0)


EVENT_TYPES = {"ADDED": "ADDED   ", "DELETED": "DELETED ", "ERROR": "ERROR   "}


def watch_cells(text: str) -> list[list[str]]:
    """Rows of cells: a watch's later rows may be wider than its header, so cells are what
    two or more spaces separate (a cell itself holds single spaces: ``1 (5s ago)``); the
    EVENT column's values are padded to eight characters, as kubectl writes them."""
    rows = [re.split(r" {2,}", line) for line in text.splitlines()]
    if rows and rows[0][:1] == ["EVENT"]:
        for row in rows[1:]:
            row[0] = EVENT_TYPES.get(row[0], row[0])
    return rows


def laid_out_as_watch(text: str) -> bool:
    """Whether ``text`` is kubectl's layout of its own cells: one tabwriter remembering
    widths, the first ``k`` lines flushed together (the first list) and then every line on
    its own, for some ``k``."""
    rows = watch_cells(text)
    lines = ["\t".join(row) + "\n" for row in rows]
    for k in range(1, len(lines) + 1):
        writer = TabWriter()
        writer.write("".join(lines[:k]))
        writer.flush()
        for line in lines[k:]:
            writer.write(line)
            writer.flush()
        if "".join(writer.out) == text:
            return True
    return not lines


def watch_shape(text: str, *namespaces: str) -> list[str]:
    """The header and the rows, cells masked, one string a row; of consecutive rows of one
    object in one STATUS only the last (the kubelet may report readiness in the same
    status update as Running, or in the next one); no ``ContainerCreating`` row (the
    kubelet reports it, or goes from Pending to Running in one update, as it happens)."""
    if not text or "\t" in text or "  " not in text.splitlines()[0]:
        rows = [[line] for line in text.splitlines()]  # -o name, logs: lines as they are
    else:
        rows = [[cell.strip() for cell in row] for row in watch_cells(text)]
    status = rows[0].index("STATUS") if rows and "STATUS" in rows[0] else None
    name = rows[0].index("NAME") if rows and "NAME" in rows[0] else 0
    shape: list[str] = []
    last_key: tuple[str, ...] | None = None
    for index, row in enumerate(rows):
        if status is not None and index and len(row) > status and \
                row[status] == "ContainerCreating":
            continue
        line = "\t".join(mask(mask_age(cell), *namespaces) for cell in row)
        key = (row[name], row[status]) if status is not None and index and \
            len(row) > status else (line,)
        if shape and key == last_key:
            shape[-1] = line
        else:
            shape.append(line)
        last_key = key
    return shape
