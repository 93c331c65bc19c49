"""Commands that keep running, in a page run live on the lab and replayed from its record:
a foreground watch that settles, another terminal watching while the next block deletes
the pod, a trailing-``&`` job stopped at the page's end; nothing left running afterwards."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.record.store import RecordStore

from . import pages
from .pages import page_text

pytestmark = pytest.mark.live


def configure(namespace: str, mode: str, records: Path) -> dict[str, Any]:
    return pages.configure(namespace, mode, records, 120)


def podlab_threads() -> list[str]:
    return [thread.name for thread in threading.enumerate() if "podlab" in thread.name]


def statuses(stdout: str) -> list[str]:
    """The STATUS column of a pod watch, consecutive repeats merged."""
    seen: list[str] = []
    for line in stdout.splitlines()[1:]:
        status = re.split(r" {2,}", line)[2]
        if not seen or seen[-1] != status:
            seen.append(status)
    return seen


@pytest.mark.sphinx("html", testroot="running-live")
def test_a_second_terminal_watches_a_delete_and_replace(
        make_app: Any, app: Any, namespace: str, lab_kubeconfig: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    records = tmp_path / "records"
    srcdir = Path(app.srcdir)
    app.cleanup()
    live = make_app("html", srcdir=srcdir, freshenv=True,
                    confoverrides=configure(namespace, "force", records))
    live.build()
    assert "WARNING" not in live.warning.getvalue(), live.warning.getvalue()
    assert podlab_threads() == []  # every watch, stream and job ended with the page
    record = RecordStore(records).read("index")
    assert record is not None
    blocks = {block.name: block for block in record.blocks}
    quiet = blocks["quiet"].results[0]
    assert quiet.stdout.splitlines()[1].split()[:3] == ["mysql-0", "1/1", "Running"]
    assert len(quiet.stdout.splitlines()) == 2  # no change: the list once, then Ctrl-C
    assert quiet.exit_code == 0 and quiet.seconds < 10
    watched = blocks["watching"].results[0]
    assert watched.argv == ("kubectl", "get", "pods", "-w")
    assert watched.stdout.startswith("NAME      READY   STATUS    RESTARTS   AGE\n")
    assert watched.stdout.count("NAME") == 1  # the header once
    shown = statuses(watched.stdout)
    assert shown[0] == "Running" and "Terminating" in shown and "Pending" in shown
    assert shown[-2:] == ["ContainerCreating", "Running"] or shown[-1] == "Running", shown
    assert watched.stdout.splitlines()[-1].split()[:3] == ["mysql-0", "1/1", "Running"]
    job = blocks["job"].results
    assert [result.argv for result in job] == [
        ("$", "kubectl get statefulset mysql -w &"), ("kubectl", "get", "pods")]
    assert job[0].stdout.startswith("NAME    READY   AGE\nmysql   1/1")
    text = page_text(live)
    assert "$ kubectl get pods -w\nNAME      READY   STATUS    RESTARTS   AGE\n" in text
    assert '$ kubectl delete pod mysql-0\npod "mysql-0" deleted from' in text
    live.cleanup()

    replay = make_app("html", srcdir=srcdir, freshenv=True,
                      confoverrides=configure(namespace, "replay", records))
    replay.build()
    assert "WARNING" not in replay.warning.getvalue(), replay.warning.getvalue()
    assert page_text(replay) == text


@pytest.mark.sphinx("html", testroot="running-fail")
def test_a_failing_page_stops_its_terminals(make_app: Any, app: Any, namespace: str,
                                            lab_kubeconfig: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The port-forward's pod does not exist: the page fails at that line, and the other
    terminal's watch is stopped with it (no thread, no stream left)."""
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    srcdir = Path(app.srcdir)
    app.cleanup()
    live = make_app("html", srcdir=srcdir, freshenv=True,
                    confoverrides={**configure(namespace, "force", tmp_path / "records"),
                                   "podlab_fail_on_error": False})
    live.build()
    warnings = live.warning.getvalue()
    assert re.search(r"index\.md:9: WARNING: .*pods \"nosuch\" not found", warnings), warnings
    assert podlab_threads() == []
    assert RecordStore(tmp_path / "records").read("index") is None
