"""Pages with shell lines, run live on the lab and replayed from their record."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.record.store import RecordStore

from . import pages
from .pages import page_text

pytestmark = pytest.mark.live


def configure(namespace: str, mode: str, records: Path) -> dict[str, Any]:
    return pages.configure(namespace, mode, records, 60)


@pytest.mark.sphinx("html", testroot="shell-live")
def test_shell_lines_live_then_replayed(make_app: Any, app: Any, namespace: str,
                                        lab_kubeconfig: str, tmp_path: Path,
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
    text = page_text(live)
    assert "$ kubectl get serviceaccounts -o name | wc -l\n1\n" in text
    assert "account: serviceaccount\n" in text
    assert "$ kubectl get \"$SA\" -o json | jq -r .metadata.name\ndefault\n" in text
    # kubectl's error, then echo's two lines: the order the terminal shows
    assert ('Error from server (NotFound): pods "nope" not found\nmissing\nafter') in text
    record = RecordStore(records).read("index")
    assert record is not None
    assert record.blocks[0].results[1].assigned == (("SA", "serviceaccount/default"),)
    assert record.blocks[0].results[0].argv == (
        "$", "kubectl get serviceaccounts -o name | wc -l")
    live.cleanup()

    replay = make_app("html", srcdir=srcdir, freshenv=True,
                      confoverrides=configure(namespace, "replay", records))
    replay.build()
    assert "WARNING" not in replay.warning.getvalue(), replay.warning.getvalue()
    assert page_text(replay) == text


@pytest.mark.sphinx("html", testroot="shell-hint")
def test_a_generated_name_written_by_hand_gets_a_hint(
        make_app: Any, app: Any, namespace: str, lab_kubeconfig: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    srcdir = Path(app.srcdir)
    app.cleanup()
    built = make_app("html", srcdir=srcdir, freshenv=True,
                     confoverrides=configure(namespace, "force", tmp_path / "records"))
    built.build()
    warnings = built.warning.getvalue()
    assert re.search(
        r"index\.md:4: WARNING: 'kubectl logs pma-85cccb9fcf-z8jnm' failed with exit status 1: "
        r'error: error from server \(NotFound\): pods "pma-85cccb9fcf-z8jnm" not found in '
        r'namespace "[^"]+" \(pod '
        r'"pma-85cccb9fcf-z8jnm" looks like a name generated at run time; name it by its '
        r"controller \(deploy/pma\) or a variable: POD=\$\(kubectl get pods -l app=pma -o "
        r"jsonpath='\{\.items\[0\]\.metadata\.name\}'\)\)", warnings), warnings


@pytest.mark.sphinx("html", testroot="shell-runtime")
def test_an_expansion_that_shells_split_differently_fails_at_its_line(
        make_app: Any, app: Any, namespace: str, lab_kubeconfig: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    srcdir = Path(app.srcdir)
    app.cleanup()
    built = make_app("html", srcdir=srcdir, freshenv=True,
                     confoverrides=configure(namespace, "force", tmp_path / "records"))
    built.build()
    warnings = built.warning.getvalue()
    assert ("index.md:6: WARNING: 'kubectl get \\\n    $NAMES': $NAMES (column 5) holds 2 "
            "words here ('serviceaccount/default extra'): unquoted, bash splits them and zsh "
            'does not; write "$NAMES" for one argument') in warnings, warnings
    assert RecordStore(tmp_path / "records").read("index") is None  # a failed run: no record
