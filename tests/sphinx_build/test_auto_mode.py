"""Mode auto without a usable cluster: replay when current, no request; warn when not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from counting_server import CountingServer, write_kubeconfig

from sphinx_podlab.sphinxext.domain import podlab_domain

from .records import chapter_record, page_key, store_of

AUTO = {"podlab_execution_mode": "auto"}


@pytest.fixture
def listener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingServer]:
    counting = CountingServer()
    monkeypatch.setenv("KUBECONFIG", str(write_kubeconfig(tmp_path / "kubeconfig", counting.port)))
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    yield counting
    counting.close()


def status(app: Any) -> str:
    outcome = podlab_domain(app.env).outcome("index")
    assert outcome is not None
    return outcome.status


@pytest.mark.sphinx("html", testroot="chapter", confoverrides=AUTO)
def test_unchanged_page_never_contacts_the_cluster(
    make_app: Any, app: Any, listener: CountingServer
) -> None:
    app.build()  # no record: tries the cluster, which does not answer
    assert listener.connections >= 1
    # the book is Japanese, so are podlab's warnings (the ja catalog)
    assert re.search(r"index\.md:3: WARNING: このページの podlab の記録がなく、クラスターに接続"
                     r"できません\(cluster unreachable: .*\[podlab\.missing\]",
                     app.warning.getvalue())
    assert status(app) == "missing" and app.statuscode == 0
    store_of(app).write(chapter_record(page_key(app, "index")))
    app.cleanup()
    listener.connections = 0
    for _ in range(2):  # the build that picks the record up, then a no-change rebuild
        again = make_app("html", srcdir=app.srcdir, confoverrides=AUTO)
        again.build()
        assert again.warning.getvalue() == ""
        assert status(again) == "replayed"
        again.cleanup()
    assert listener.connections == 0


@pytest.mark.sphinx("html", testroot="chapter", confoverrides={"podlab_execution_mode": "force"})
def test_force_without_a_cluster_is_an_error(app: Any, listener: CountingServer) -> None:
    app.build()
    assert re.search(r"index\.md:3: WARNING: ライブで実行できません: cluster unreachable: .*"
                     r"\[podlab\.cluster\]", app.warning.getvalue())
    assert app.statuscode == 1
    assert "Traceback" not in app.warning.getvalue()
    assert not store_of(app).path("index").exists()


@pytest.mark.sphinx("html", testroot="chapter", confoverrides={"podlab_execution_mode": "force"})
def test_bad_context_is_an_error(
    app: Any, listener: CountingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PODLAB_CONTEXT", "no-such-context")
    app.build()
    assert "index.md:3: WARNING: ライブで実行できません: no context 'no-such-context' in " \
        "kubeconfig" in app.warning.getvalue()
    assert app.statuscode == 1
    assert listener.connections == 0


@pytest.mark.sphinx("html", testroot="chapter", confoverrides=AUTO)
def test_no_kubeconfig_in_auto_mode_is_a_warning(
    app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "absent"))
    app.build()
    assert "no kubeconfig found at" in app.warning.getvalue()
    assert app.statuscode == 0


@pytest.mark.sphinx("html", testroot="chapter", confoverrides={"podlab_execution_mode": "force"})
def test_invalid_kubeconfig_is_an_error(
    app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken-kubeconfig"
    broken.write_text("clusters: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("KUBECONFIG", str(broken))
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    app.build()
    assert re.search(r"index\.md:3: WARNING: ライブで実行できません: bad kubeconfig "
                     r".*broken-kubeconfig", app.warning.getvalue())
    assert app.statuscode == 1 and "Traceback" not in app.warning.getvalue()
