"""`python -m sphinx_podlab preview` (what `nox -s preview` runs) against the lab: a prose
edit rebuilds once without touching the cluster; a command edit re-runs that page alone."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from counting_server import CountingServer, proxied_kubeconfig

REPO = Path(__file__).resolve().parents[2]
CHAPTER = Path("pod-ip/index.md")
# A rebuild loop (a watched file written by the build) would start within a second or two.
QUIET_SECONDS = 10


class Preview:
    """The preview server as a child process, its output collected line by line."""

    def __init__(self, docs: Path, env: dict[str, str], namespace: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sphinx_podlab", "preview", str(docs), "--port", str(port),
             "-D", f"podlab_namespace={namespace}", "-D", "podlab_timeout=240"],
            env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip("\n")))

    def count(self, pattern: str) -> int:
        return sum(1 for line in list(self.lines) if re.search(pattern, line))

    def wait_until(self, what: str, condition: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(self.lines[-40:])
                pytest.fail(f"preview: no {what} after {timeout:.0f} s\n{tail}")
            time.sleep(0.5)

    def tail(self) -> str:
        return "\n".join(line for line in self.lines[-80:] if "[podlab]" in line
                         or "sphinx-autobuild" in line or "WARNING" in line)

    def builds_done(self) -> int:
        """sphinx-autobuild says "Serving on ..." at the end of every build."""
        return self.count(r"\[sphinx-autobuild\] Serving on")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def preview_docs(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    return tmp_path / "docs"


@pytest.fixture
def proxy(lab_kubeconfig: str, tmp_path: Path) -> Iterator[tuple[CountingServer, Path]]:
    counting, kubeconfig = proxied_kubeconfig(lab_kubeconfig, tmp_path / "kubeconfig")
    yield counting, kubeconfig
    counting.close()


@pytest.mark.live
def test_prose_edit_never_touches_the_cluster_command_edit_reruns_the_page(
    preview_docs: Path, namespace: str, proxy: tuple[CountingServer, Path]
) -> None:
    counting, kubeconfig = proxy
    env = {"KUBECONFIG": str(kubeconfig), "PODLAB_EXECUTION_MODE": "auto"}
    record = preview_docs / "_podlab" / CHAPTER.with_suffix(".json")
    # the chapter begins the book's chain: its live run is the chain's, named by the page read
    live_runs = (r"\[podlab\] (pod-ip/index: running \d+ steps live|[\w/-]+: running the chain "
                 r"pod-ip/index → .* live \(\d+ steps\))")
    server = Preview(preview_docs, env, namespace)
    try:
        # First build: the chapter has no record for this namespace, so it runs live once.
        server.wait_until("initial build", lambda: server.builds_done() >= 1, 600)
        assert server.count(live_runs) == 1 and record.is_file()
        assert counting.connections > 0
        time.sleep(3)
        assert server.count(r"Rebuilding") == 0  # the record written by the build is unwatched

        # Prose edit: one rebuild, no cluster request, no further rebuild.
        counting.connections = 0
        recorded = record.stat().st_mtime_ns
        page = preview_docs / CHAPTER
        page.write_text(page.read_text(encoding="utf-8") + "\n文章だけを書き足しました。\n",
                        encoding="utf-8")
        server.wait_until("rebuild after a prose edit", lambda: server.builds_done() >= 2, 120)
        time.sleep(QUIET_SECONDS)
        assert server.count("Rebuilding") == 1 and server.builds_done() == 2
        assert counting.connections == 0
        assert server.count(live_runs) == 1
        assert record.stat().st_mtime_ns == recorded

        # Command edit: that page alone runs live again, its record is rewritten once.
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("$ kubectl get pods # mysqlのPodの名前を確認",
                                     "$ kubectl get pods -o wide # mysqlのPodの名前を確認"),
                        encoding="utf-8")
        server.wait_until("live re-run", lambda: server.builds_done() >= 3, 600)
        time.sleep(QUIET_SECONDS)
        assert server.count("Rebuilding") == 2 and server.builds_done() == 3
        assert server.count(live_runs) == 2
        assert server.count(r"\[podlab\] appendix/") == 0  # no other page ran
        assert record.stat().st_mtime_ns != recorded, server.tail()
        commands = [c["argv"] for b in json.loads(record.read_text(encoding="utf-8"))["blocks"]
                    for c in b["commands"]]
        assert ["kubectl", "get", "pods", "-o", "wide"] in commands
    finally:
        server.stop()
