"""A chain of three pages run live on the lab as one scenario, then replayed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client

from sphinx_podlab.record.store import RecordStore
from sphinx_podlab.sphinxext.domain import podlab_domain

pytestmark = pytest.mark.live
PAGES = ("one", "part/two", "part/three")


def configure(namespace: str, mode: str, records: Path) -> dict[str, Any]:
    return {"podlab_namespace": namespace, "podlab_execution_mode": mode,
            "podlab_record_dir": str(records), "podlab_timeout": 60}


@pytest.mark.sphinx("html", testroot="chain-live")
def test_a_chain_runs_once_as_one_scenario(make_app: Any, app: Any, namespace: str,
                                           lab_kubeconfig: str, core: client.CoreV1Api,
                                           tmp_path: Path,
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
    status = live.status.getvalue()
    assert status.count("running the chain one → part/two → part/three live") == 1, status
    domain = podlab_domain(live.env)
    assert [domain.outcome(name).status for name in PAGES] == ["live"] * 3  # type: ignore[union-attr]
    store = RecordStore(records)
    two, three = store.read("part/two"), store.read("part/three")
    assert two is not None and three is not None
    # page two read what page one created; page three what both did
    assert two.blocks[0].results[0].stdout == "one"
    assert three.blocks[0].results[0].stdout == "configmap/chained\n"
    cluster_ip = two.object("seen", "Service", "chained").fields["clusterIP"]  # type: ignore[union-attr]
    assert three.object("later", "Service", "chained").fields["clusterIP"] == cluster_ip  # type: ignore[union-attr]
    assert three.inputs["continues"] == {"page": "part/two", "key": two.key}
    # cleanup came after the last page
    assert core.list_namespaced_config_map(namespace, field_selector="metadata.name=chained"
                                           ).items == []
    assert core.list_namespaced_service(namespace, field_selector="metadata.name=chained"
                                        ).items == []
    page = (Path(live.outdir) / "part" / "two.html").read_text(encoding="utf-8")
    assert re.search(rf"ClusterIP: <code[^>]*><span class=\"pre\">{re.escape(str(cluster_ip))}",
                     page), page
    live.cleanup()

    replay = make_app("html", srcdir=srcdir, freshenv=True,
                      confoverrides=configure(namespace, "replay", records))
    replay.build()
    assert "WARNING" not in replay.warning.getvalue(), replay.warning.getvalue()
    assert [podlab_domain(replay.env).outcome(name).status  # type: ignore[union-attr]
            for name in PAGES] == ["replayed"] * 3
