"""Exec's exit status from channel 3, against kubectl's own output for the same cases."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx_podlab.execute.exec_stream import exit_status, tty_text

FIXTURES = Path(__file__).parent / "fixtures" / "execute"
STATUS = json.loads((FIXTURES / "exec.status.json").read_text())
KUBECTL = json.loads((FIXTURES / "exec.kubectl.json").read_text())


def _exec_id(text: str) -> str:
    return re.sub(r'exec \\?"[0-9a-f]{64}\\?"', "exec ID", text)


def test_success() -> None:
    assert exit_status(STATUS["success"].encode()) == (0, "")
    assert exit_status(b"") == (0, "")  # client-go: no status at all means success


def test_non_zero_exit() -> None:
    code, stderr = exit_status(STATUS["exit3"].encode())
    assert code == KUBECTL["exit3"]["exit"] == 3
    assert KUBECTL["exit3"]["stderr"].endswith(stderr)
    assert stderr == "command terminated with exit code 3\n"


def test_missing_command() -> None:
    code, stderr = exit_status(STATUS["missing"].encode())
    assert code == KUBECTL["missing"]["exit"] == 1
    assert _exec_id(stderr) == _exec_id(KUBECTL["missing"]["stderr"])


def test_protocol_errors() -> None:
    assert exit_status(b'{"status":"Failure","reason":"NonZeroExitCode"}')[0] == 1
    bad = b'{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":' \
          b'[{"reason":"ExitCode","message":"300"}]}}'
    assert exit_status(bad) == (
        1, 'error: error stream protocol error: invalid exit code value "300"\n')


def test_tty_text() -> None:
    assert tty_text(b"a\r\nb\r\n\xe6\x97\xa5") == "a\nb\n日"
