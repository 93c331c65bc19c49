"""``-f URL`` and ``-f DIR`` live on the lab: the URL is fetched once into the record
directory, the page replays with the server gone (no network), and a second live run
asks the server nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from manifest_server import ManifestServer

from sphinx_podlab.record.store import RecordStore

from .pages import page_text


@pytest.mark.live
@pytest.mark.sphinx("html", testroot="remote-live")
def test_url_fetched_once_and_replayed_without_the_server(
    make_app: Any, app: Any, namespace: str, lab_kubeconfig: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    srcdir = Path(app.srcdir)
    app.cleanup()
    server = ManifestServer(srcdir)
    page = srcdir / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("URL", server.url("").rstrip("/")),
                    encoding="utf-8")
    settings = {"podlab_namespace": namespace, "podlab_timeout": 120}
    try:
        live = make_app("html", srcdir=srcdir,
                        confoverrides={**settings, "podlab_execution_mode": "force"})
        live.build()
        assert live.statuscode == 0, live.warning.getvalue()
        shown = page_text(live)
        assert "configmap/from-url created" in shown
        # kubectl's order of a directory's files: A-cm.json before b-cm.yml
        assert shown.index("configmap/first created") < shown.index("configmap/second created")
        assert "configmap/from-url\nconfigmap/kube-root-ca.crt" in shown
        assert server.requests == ["/cm-url.yml"]
        copy = RecordStore(srcdir / "_podlab").remote_dir / f"127.0.0.1_{server.port}/cm-url.yml"
        assert copy.read_bytes() == (srcdir / "cm-url.yml").read_bytes()
        live.cleanup()

        again = make_app("html", srcdir=srcdir,
                         confoverrides={**settings, "podlab_execution_mode": "force"})
        again.build()  # live again: the copy is used, the server is not asked
        assert again.statuscode == 0, again.warning.getvalue()
        assert server.requests == ["/cm-url.yml"]
        again.cleanup()
    finally:
        server.close()
    replay = make_app("html", srcdir=srcdir,
                      confoverrides={**settings, "podlab_execution_mode": "replay"})
    replay.build()  # the server is gone: replay reads the record and the copy only
    assert replay.statuscode == 0, replay.warning.getvalue()
    assert "WARNING" not in replay.warning.getvalue()
    assert "configmap/from-url created" in page_text(replay)
