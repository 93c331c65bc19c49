"""Ctrl-C and SIGTERM during a live build, live: the build stops within seconds, cleans up
the running scenario, leaves the record alone and exits non-zero with one clear line; a
second Ctrl-C stops at once."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from kubernetes import client

from .conftest import (
    NEXT_PAGE,
    Book,
    Fresh,
    assert_next_run_is_fresh,
    assert_nothing_left,
    digest,
    objects_left,
)

REPO = Path(__file__).resolve().parents[2]
SLOW_PAGE = """# Slow

```{podlab}
$ kubectl apply -f web.yml
$ kubectl apply -f data.yml
$ kubectl exec deploy/web -- sleep 40
$ kubectl get pods
```
"""


def session_processes(session: int) -> list[str]:
    """Processes still alive in the build's session (its browsers, workers, helpers)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(f"{proc.name} {(proc / 'cmdline').read_bytes()[:80]!r}")
    return found


def descendants(root: int) -> dict[int, str]:
    """pid -> command of every live process below ``root`` (Chromium runs in a session of
    its own: Playwright starts it detached)."""
    table: dict[int, tuple[int, str]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            command = (proc / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        if fields[0] != "Z":
            table[int(proc.name)] = (int(fields[1]), command)
    found: dict[int, str] = {}
    todo = [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, command) in table.items():
            if ppid == parent and pid not in found:
                found[pid] = command
                todo.append(pid)
    return found


def still_alive(pids: dict[int, str]) -> list[str]:
    alive = []
    for pid, command in pids.items():
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(f"{pid} {command}")
    return alive


class Build:
    """``python -m sphinx`` in a session of its own, its output read as it comes."""

    def __init__(self, book: Book, kubeconfig: str, *options: str) -> None:
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-E",
                   "-D", "podlab_execution_mode=force",
                   "-D", f"podlab_namespace={book.namespace}",
                   "-D", f"podlab_record_dir={book.records}", "-D", "podlab_timeout=60",
                   *options, str(book.srcdir), str(book.srcdir.parent / "out")]
        env = {**os.environ, "KUBECONFIG": kubeconfig, "PYTHONPATH": str(REPO)}
        env.pop("PODLAB_EXECUTION_MODE", None)
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, env=env, start_new_session=True)
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait_for_line(self, pattern: str, timeout: float) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(re.search(pattern, line) for _t, line in self.lines):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"no line matching {pattern!r} in:\n" + self.text())

    def signal(self, number: int) -> float:
        os.kill(self.proc.pid, number)
        return time.monotonic()

    def wait(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            pytest.fail(f"the build did not stop within {timeout} s:\n{self.text()}")
        self._reader.join(5)
        return code

    def text(self) -> str:
        return "\n".join(line for _t, line in self.lines)


@pytest.mark.live
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_build_cleans_up_and_keeps_the_record(
        book: Book, lab_kubeconfig: str, api_client: client.ApiClient, fresh: Fresh,
        number: int) -> None:
    records = book.keep_record_of(fresh)
    book.write(SLOW_PAGE)
    build = Build(book, lab_kubeconfig)
    build.wait_for_line(r"step 3/4: \$ kubectl exec", 90)
    time.sleep(1)  # inside the exec
    sent = build.signal(number)
    code = build.wait(60)
    seconds = time.monotonic() - sent
    output = build.text()
    print(f"{signal.Signals(number).name}: stopped {seconds:.1f} s after the signal, exit {code}"
          f", left {objects_left(api_client, book.namespace)}, record "
          f"{'unchanged' if digest(book.records) == records else 'CHANGED'}")
    assert code != 0
    stops = [line for line in output.splitlines() if line.startswith("podlab: SIG")]
    assert len(stops) == 1, output
    assert re.search(rf"podlab: {signal.Signals(number).name} during index, step 3/4 \(kubectl "
                     r"exec deploy/web -- sleep 40\): stopped, cleaned up the scenario; the "
                     r"record was not changed", stops[0]), output
    assert "Traceback" not in output
    assert seconds < 20  # within seconds: not the exec's 40 s, not the step timeout
    assert session_processes(build.proc.pid) == []
    assert digest(book.records) == records
    assert_nothing_left(book, api_client, records, fresh)


@pytest.mark.live
def test_a_second_ctrl_c_stops_at_once(
        book: Book, lab_kubeconfig: str, api_client: client.ApiClient, fresh: Fresh) -> None:
    records = book.keep_record_of(fresh)
    book.write(SLOW_PAGE)
    build = Build(book, lab_kubeconfig)
    build.wait_for_line(r"step 3/4: \$ kubectl exec", 90)
    build.signal(signal.SIGINT)
    build.wait_for_line(r"cleaning up", 20)
    sent = build.signal(signal.SIGINT)
    code = build.wait(20)
    assert time.monotonic() - sent < 3
    assert code != 0
    assert "Traceback" not in build.text()
    assert session_processes(build.proc.pid) == []
    assert digest(book.records) == records
    # what the second Ctrl-C left behind, the next run removes (its objects are labelled)
    assert_next_run_is_fresh(book, api_client, fresh)


@pytest.mark.live
def test_after_sigkill_the_next_run_removes_the_leftovers(
        book: Book, lab_kubeconfig: str, api_client: client.ApiClient, fresh: Fresh) -> None:
    records = book.keep_record_of(fresh)
    book.write(SLOW_PAGE)
    build = Build(book, lab_kubeconfig)
    build.wait_for_line(r"step 3/4: \$ kubectl exec", 90)
    os.killpg(build.proc.pid, signal.SIGKILL)  # no handler, no cleanup: a power cut
    build.wait(20)
    left = objects_left(api_client, book.namespace)
    print(f"SIGKILL: left {left}")
    assert "deploy/web" in left and "pvc/data" in left and "lease/podlab-lock" in left
    assert digest(book.records) == records
    start = time.monotonic()
    assert_next_run_is_fresh(book, api_client, fresh)  # removes them first: 'created' again
    print(f"next run after SIGKILL: {time.monotonic() - start:.1f} s")


@pytest.mark.live
def test_an_object_podlab_did_not_create_is_a_clear_error(
        book: Book, lab_kubeconfig: str, api_client: client.ApiClient, fresh: Fresh) -> None:
    records = book.keep_record_of(fresh)
    apps = client.AppsV1Api(api_client)
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                  "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "web"}},
                           "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                               "containers": [{"name": "web", "image": "mysql:8.0"}]}}}}
    # by hand, not by podlab; a dict body goes out as it is (the client's hint says V1Deployment)
    apps.create_namespaced_deployment(book.namespace, deployment)  # type: ignore[arg-type]
    book.write("# Next\n\n```{podlab}\n$ kubectl apply -f web.yml\n```\n")
    app = book.build()
    warnings = app.warning.getvalue()
    assert app.statuscode == 1
    assert re.search(r"index\.md:4: WARNING: 'kubectl apply -f web\.yml': deployment\.apps/web "
                     rf"already exists in namespace {book.namespace} and this run did not "
                     r"create it: .*delete it, or run the page in another namespace", warnings)
    # not podlab's: kept (with its ReplicaSet); nothing else left, the lease released
    assert [o for o in objects_left(api_client, book.namespace)
            if not o.startswith("rs/web-")] == ["deploy/web"]
    assert digest(book.records) == records
    apps.delete_namespaced_deployment("web", book.namespace)
    deadline = time.monotonic() + 30
    while objects_left(api_client, book.namespace) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert_nothing_left(book, api_client, records, fresh)


BROWSER_PAGE = """# Browser

```{podlab}
$ kubectl apply -f pma.yml
```

```{podlab-browser} waiting
:target: deploy/pma
:timeout: 60
open /
wait-for #no-such-element
screenshot
```
"""


@pytest.mark.live
def test_ctrl_c_in_a_browser_step_leaves_no_browser_or_port_forward(
        book: Book, lab_kubeconfig: str, api_client: client.ApiClient, fresh: Fresh) -> None:
    records = book.keep_record_of(fresh)
    book.write(BROWSER_PAGE)
    build = Build(book, lab_kubeconfig)
    build.wait_for_line(r"step 2/2: browser waiting", 120)
    time.sleep(4)  # Chromium is up, the port-forward serves it, the wait-for waits
    started = descendants(build.proc.pid)
    assert any("chromium" in command for command in started.values()), started
    os.killpg(build.proc.pid, signal.SIGINT)  # the terminal's Ctrl-C: the whole group
    sent = time.monotonic()
    code = build.wait(60)
    output = build.text()
    print(f"SIGINT in a browser step: stopped {time.monotonic() - sent:.1f} s after, exit {code}")
    assert code != 0
    assert re.search(r"podlab: SIGINT during index, step 2/2 \(browser waiting\): stopped, "
                     r"cleaned up the scenario; the record was not changed", output), output
    assert "Traceback" not in output
    assert still_alive(started) == []  # no Chromium, no Playwright driver
    assert session_processes(build.proc.pid) == []
    assert digest(book.records) == records
    assert_nothing_left(book, api_client, records, fresh)


PARALLEL_BOOK = Path(__file__).resolve().parents[2] / "benchmarks" / "parallel_book"


@pytest.mark.live
def test_ctrl_c_under_j_cleans_up_every_page(
        book: Book, lab_kubeconfig: str, api_client: client.ApiClient,
        core: client.CoreV1Api) -> None:
    """``-j 4``: the terminal's Ctrl-C reaches every worker; each cleans up its page."""
    shutil.rmtree(book.srcdir)
    shutil.copytree(PARALLEL_BOOK, book.srcdir)
    for page in ("one", "two", "three", "four"):  # long enough to be interrupted
        path = book.srcdir / f"{page}.md"
        path.write_text(path.read_text().replace("sleep 2;", "sleep 30;"))
    prefix = book.namespace[:40]
    build = Build(book, lab_kubeconfig, "-j", "4", "-D", f"podlab_namespace={prefix}-{{page}}")
    try:
        build.wait_for_line(r"step 3/5: \$ kubectl exec", 120)
        time.sleep(2)
        started = descendants(build.proc.pid)
        os.killpg(build.proc.pid, signal.SIGINT)
        sent = time.monotonic()
        code = build.wait(90)
        seconds = time.monotonic() - sent
        output = build.text()
        lines = [line for line in output.splitlines() if line.startswith("podlab: SIG")]
        print(f"-j 4, SIGINT: stopped {seconds:.1f} s after, exit {code}, {len(lines)} pages "
              "interrupted")
        assert code != 0
        assert lines and all("cleaned up the scenario" in line for line in lines), output
        assert still_alive(started) == []
        for page in ("one", "two", "three", "four"):
            assert objects_left(api_client, f"{prefix}-{page}") == []
    finally:
        for page in ("one", "two", "three", "four"):
            with contextlib.suppress(client.ApiException):
                core.delete_namespace(f"{prefix}-{page}")


@pytest.mark.live
def test_what_a_run_without_cleanup_left_is_removed_by_the_next_run(
        book: Book, api_client: client.ApiClient, fresh: Fresh) -> None:
    records = book.keep_record_of(fresh)
    book.write(NEXT_PAGE)
    kept = book.build(podlab_cleanup=False)
    assert kept.statuscode == 0, kept.warning.getvalue()
    left = objects_left(api_client, book.namespace)
    assert "deploy/web" in left and "pvc/data" in left  # kept on purpose, and journaled
    assert digest(book.records) != records  # a good run: its record written
    assert_next_run_is_fresh(book, api_client, fresh)  # 'created' again, nothing left after
