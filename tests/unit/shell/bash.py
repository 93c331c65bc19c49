"""The reference: what bash itself does with a line, in a fixed environment."""

from __future__ import annotations

import subprocess
import tempfile

ENVIRONMENT = {"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"}


def bash(script: str) -> tuple[str, int]:
    """Run ``script`` with ``bash -c`` in an empty directory: (stdout, exit status)."""
    with tempfile.TemporaryDirectory() as empty:
        done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], cwd=empty,
                              env={**ENVIRONMENT, "HOME": empty}, capture_output=True,
                              text=True, timeout=10, check=False)
    return done.stdout, done.returncode


def bash_words(line: str) -> list[str]:
    """The words bash makes of ``line`` (no expansions in it)."""
    out, status = bash("printf '%s\\0' " + line)
    assert status == 0, out
    return out.split("\0")[:-1]
