"""The book under docs/ built from its records, and what its records say it shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HOSTS_HEADER = "# Kubernetes-managed hosts file."


def recorded_hosts_lines() -> list[str]:
    """Every recorded /etc/hosts output's own line (the pod's IP and names), as recorded."""
    found = []
    for path in sorted((DOCS / "_podlab").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for block in data.get("blocks", []):
            for command in block.get("commands", []):
                stdout = str(command.get("stdout", ""))
                if stdout.startswith(HOSTS_HEADER):
                    found.append(stdout.rstrip("\n").split("\n")[-1])
    assert found, "the book's records hold no /etc/hosts output"
    return found


def build(builder: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -W`` of the book in replay mode into ``out/<builder>``."""
    args = (["-M", builder, str(DOCS), str(out)] if builder == "latexpdf"
            else ["-b", builder, str(DOCS), str(out / builder), "-d", str(out / "doctrees")])
    env = {**os.environ, "PODLAB_EXECUTION_MODE": "replay", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sphinx", *args, "-W", "-q", *extra],
                          capture_output=True, text=True, env=env, check=False, timeout=600)
