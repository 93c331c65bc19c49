"""Interactive sessions against real kubectl: the same lines typed into ``kubectl exec -it``
in a pseudo-terminal (each once the session waits for it, as podlab types them), and what
that terminal received read through podlab's terminal emulator; compared line by line
after the case's masks (connection ids, timings)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import termios
import time
from dataclasses import replace

import pytest
from e2e.compare import KUBECTL, TERMINAL_COLUMNS, TERMINAL_ROWS, kubeconfig_in

from sphinx_podlab.execute.terminal import Terminal
from sphinx_podlab.model.results import CommandResult
from sphinx_podlab.verbs.exec import Exec
from sphinx_podlab.verbs.registry import parse_kubectl
from sphinx_podlab.verbs.run import Run

from .cases import CASES, Case
from .conftest import STEP_TIMEOUT, Pair, Runner
from .shape import Side, compare

SESSIONS = [case for case in CASES if case.kind == "session"]
SETTLE = 0.4


def _typed_in_terminal(kubeconfig: str, argv: list[str], namespace: str,
                       typed: tuple[str, ...], timeout: float) -> CommandResult:
    main, secondary = pty.openpty()
    termios.tcsetwinsize(secondary, (TERMINAL_ROWS, TERMINAL_COLUMNS))
    command = [str(KUBECTL), "--kubeconfig", kubeconfig_in(kubeconfig, namespace), *argv]
    proc = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=subprocess.PIPE,
                            start_new_session=True)
    os.close(secondary)
    terminal = Terminal(TERMINAL_COLUMNS)
    received = bytearray()
    end = time.monotonic() + timeout
    last = time.monotonic()
    pending = list(typed)
    os.set_blocking(main, False)
    try:
        while time.monotonic() < end:
            try:
                data = os.read(main, 65536)
            except BlockingIOError:
                data = b""
            except OSError:  # EIO: kubectl ended
                break
            if data:
                received.extend(data)
                terminal.feed(data.decode("utf-8", "ignore"))
                last = time.monotonic()
            elif proc.poll() is not None:
                break
            line = terminal.current_line().rstrip()
            if pending and time.monotonic() - last >= SETTLE and line and line[-1] in "#$>":
                os.write(main, (pending.pop(0) + "\r").encode())
                last = time.monotonic()
            time.sleep(0.02)
        code = proc.wait(10)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    return CommandResult(("kubectl", *argv), terminal.text(), stderr, code, 0.0)


@pytest.mark.live
@pytest.mark.parametrize("case", SESSIONS, ids=lambda case: case.key)
def test_session(case: Case, fresh_pair: Pair, runner: Runner,
                 request: pytest.FixtureRequest) -> None:
    argv = runner.argv(case.line)
    parsed = parse_kubectl(argv)
    assert isinstance(parsed, (Exec, Run))
    command = replace(parsed, typed=case.typed)
    session = runner.session(fresh_pair.cluster, fresh_pair.ours)
    ours = session.run(command, argv, STEP_TIMEOUT)
    real = _typed_in_terminal(runner.kubeconfig, list(argv[1:]), fresh_pair.real, case.typed,
                              STEP_TIMEOUT)
    assert "\x1b" not in ours.stdout and "\r" not in ours.stdout
    if case.typed:
        assert re.search(re.escape(case.typed[0]), ours.stdout), ours.stdout
    comparison = compare(case, Side(ours, (fresh_pair.ours,)), Side(real, (fresh_pair.real,)),
                         {})
    request.node.user_properties.append(("comparison", comparison))
