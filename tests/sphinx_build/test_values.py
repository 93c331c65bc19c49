"""podlab-value and podlab-claim in Sphinx builds: rendered from the record, checked at
their lines in replay."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.model.records import BlockRecord, Record
from sphinx_podlab.model.results import ClusterInfo, CommandResult
from sphinx_podlab.model.snapshot import ObjectState

from .records import page_key, store_of


def snapshot(pod_ip: str, cluster_ip: str, endpoint: str) -> tuple[ObjectState, ...]:
    return (
        ObjectState("Pod", "mysql-0", {"ip": pod_ip, "uid": "u", "phase": "Running",
                                       "ready": True, "restarts": 0, "node": "node-1"}),
        ObjectState("Service", "mysql", {"type": "ClusterIP", "clusterIP": cluster_ip,
                                         "ports": ("3306/TCP",), "nodePort": None,
                                         "selector": "app=mysql", "uid": "s"}),
        ObjectState("Endpoints", "mysql", {"addresses": (endpoint,), "notReadyAddresses": (),
                                           "ports": ("3306/TCP",), "pods": ("mysql-0",)}),
    )


def values_record(key: str, *, after_cluster_ip: str = "10.0.0.12",
                  after_endpoint: str = "10.1.0.16") -> Record:
    result = CommandResult(("kubectl",), "ok\n", "", 0, 0.1)
    return Record(
        docname="index", key=key, recorded_at="2026-12-01T15:00:00+00:00",
        cluster=ClusterInfo("v1.34.9", "linux/amd64"), namespace="default", seconds=1.0,
        blocks=(BlockRecord(None, (result,), "before"), BlockRecord(None, (result,), "after")),
        snapshots={"before": snapshot("10.1.0.10", "10.0.0.12", "10.1.0.10"),
                   "after": snapshot("10.1.0.16", after_cluster_ip, after_endpoint)},
    )


def built(make_app: Any, app: Any, **record: str) -> Any:
    app.build()
    store_of(app).write(values_record(page_key(app, "index"), **record))
    app.cleanup()
    again = make_app("html", srcdir=app.srcdir, freshenv=True)
    again.build()
    return again


def page_text(app: Any) -> str:
    return unescape(re.sub(r"<[^>]+>", "", (Path(app.outdir) / "index.html")
                           .read_text(encoding="utf-8")))


@pytest.mark.sphinx("html", testroot="values")
def test_values_and_true_claims_render_from_the_record(make_app: Any, app: Any) -> None:
    again = built(make_app, app)
    assert again.warning.getvalue() == ""
    assert again.statuscode == 0
    text = page_text(again)
    assert "ClusterIP は 10.0.0.12、Pod は node-1 にあります" in text
    # the :show: table: each claim, its values, the relation in Japanese, the outcome
    assert "svc/mysql.clusterIP@before = 10.0.0.12" in text
    assert "svc/mysql.clusterIP@after = 10.0.0.12" in text
    assert "pod/mysql-0.ip@after = 10.1.0.16" in text
    assert "同じ" in text and "変化した" in text and "成立" in text
    # podlab's stylesheet (the table's cells wrap on a phone) is linked and copied
    html = (Path(again.outdir) / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<table class="[^"]*podlab-claim', html)
    assert re.search(r'<link rel="stylesheet"[^>]*href="_static/podlab\.css', html)
    css = (Path(again.outdir) / "_static/podlab.css").read_text(encoding="utf-8")
    assert "table.podlab td" in css and "white-space: normal" in css


@pytest.mark.sphinx("html", testroot="values")
def test_a_false_claim_fails_the_build_at_its_line(make_app: Any, app: Any) -> None:
    again = built(make_app, app, after_cluster_ip="10.0.0.99", after_endpoint="10.1.0.77")
    warnings = again.warning.getvalue()
    assert re.search(r"index\.md:17: WARNING: podlab-claim が成り立ちません: "
                     r"svc/mysql\.clusterIP@before same @after \(svc/mysql\.clusterIP@before "
                     r"は '10\.0\.0\.12'、svc/mysql\.clusterIP@after は '10\.0\.0\.99'\) "
                     r"\[podlab\.reference\]", warnings), warnings
    assert re.search(r"index\.md:19: WARNING: podlab-claim が成り立ちません: "
                     r"ep/mysql\.addresses@after contains", warnings), warnings
    assert "index.md:18" not in warnings  # the pod IP did change: that claim holds
    assert again.statuscode == 1


@pytest.mark.sphinx("html", testroot="values")
def test_bad_references_are_errors_at_their_lines(app: Any) -> None:
    page = Path(app.srcdir) / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "svc/mysql.type@after equals ClusterIP", "svc/mysql.colour@after equals blue").replace(
        "pod/mysql-0.node@before", "pod/mysql-0.node@later"), encoding="utf-8")
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"index\.md:20: WARNING: 'svc/mysql\.colour@after': Service に"
                     r"フィールド 'colour' はありません \(フィールド: name, type, clusterIP",
                     warnings), warnings
    assert re.search(r"index\.md:8: WARNING: スナップショット 'later' はありません", warnings), \
        warnings
    assert "Traceback" not in warnings
