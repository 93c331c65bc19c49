"""A port-forward used by curl, wget and a browser step; an interactive MariaDB session in
mysql-0; ``run -it --rm`` with and without typed lines: a page run live on the lab, then
replayed from its record; nothing left running and the run's pods gone afterwards."""

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
    return pages.configure(namespace, mode, records, 180)


@pytest.mark.sphinx("html", testroot="sessions-live")
def test_port_forward_and_sessions(make_app: Any, app: Any, namespace: str,
                                   lab_kubeconfig: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("playwright")
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    records = tmp_path / "records"
    srcdir = Path(app.srcdir)
    app.cleanup()
    live = make_app("html", srcdir=srcdir, freshenv=True,
                    confoverrides=configure(namespace, "force", records))
    live.build()
    assert "WARNING" not in live.warning.getvalue(), live.warning.getvalue()
    assert [t.name for t in threading.enumerate() if "podlab" in t.name] == []
    record = RecordStore(records).read("index")
    assert record is not None
    blocks = {block.name: block for block in record.blocks}
    forward = blocks["forward"].results[0]
    lines = forward.stdout.splitlines()
    assert lines[:2] == ["Forwarding from 127.0.0.1:8080 -> 80",
                         "Forwarding from [::1]:8080 -> 80"]
    assert set(lines[2:]) == {"Handling connection for 8080"}
    assert len(lines) >= 4  # curl, wget and the browser's connections
    curl, wget = blocks["curl"].results
    assert curl.stdout == "<title>phpMyAdmin</title>\n"
    assert wget.stdout == "<title>phpMyAdmin</title>\n"
    assert blocks["login-form"].screenshot is not None
    session = blocks["session"].results[0].stdout
    assert "MariaDB [(none)]> SHOW DATABASES;\n" in session
    assert "| mydb               |\n" in session
    assert "MariaDB [(none)]> SELECT 1 + 1 AS two;\n" in session
    assert "|   2 |\n" in session
    assert session.endswith("MariaDB [(none)]> exit\nBye\n")
    assert "\x1b" not in session and "\r" not in session
    lookup = blocks["lookup"].results[0]
    assert f"Name:\tmysql.{namespace}.svc.cluster.local\n" in lookup.stdout, lookup.stdout
    assert lookup.stdout.endswith(f'pod "lookup" deleted from {namespace} namespace\n')
    assert lookup.stderr.endswith(f"pod {namespace}/lookup terminated (Error)\n")
    assert lookup.exit_code == 1
    # printed before the session was attached (always: the pod runs before it is attached);
    # the page shows the container's whole output, as when the attach wins the race
    early = blocks["early"].results[0]
    assert early.stdout.startswith("early\n"), early.stdout
    assert early.exit_code == 0
    shell = blocks["shell"].results[0]
    assert shell.stderr.endswith("If you don't see a command prompt, try pressing enter.\n")
    assert "/ # echo hello from $(hostname)\nhello from shell\n/ # exit\n" in shell.stdout
    assert shell.terminal is not None  # as the terminal shows it: the notices first
    assert shell.terminal.startswith("All commands and output from this session")
    assert shell.terminal.endswith(f'/ # exit\npod "shell" deleted from {namespace} namespace\n')
    served, version = blocks["proxy"].results
    assert served.stdout == "Starting to serve on 127.0.0.1:8001\n"
    assert re.fullmatch(r"v1\.\d+\.\d+\n", version.stdout), version.stdout
    attached = blocks["attach"].results[1]
    assert "/ # echo attached to $(hostname)\nattached to box\n/ # exit\n" in attached.stdout
    assert attached.stdout.endswith("Session ended, resume using 'kubectl attach box -c box "
                                    "-i -t' command when the pod is running\n")
    text = page_text(live)
    live.cleanup()

    replay = make_app("html", srcdir=srcdir, freshenv=True,
                      confoverrides=configure(namespace, "replay", records))
    replay.build()
    assert "WARNING" not in replay.warning.getvalue(), replay.warning.getvalue()
    assert page_text(replay) == text
