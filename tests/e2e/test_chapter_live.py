"""The book's chapter run live (mode force) against the lab, in a namespace of its own."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from browser_processes import png_size
from kube_models import name_of
from kubernetes import client
from sphinx_build.records import page_status

from sphinx_podlab.record.store import RecordStore

REPO = Path(__file__).resolve().parents[2]
CHAPTER = "pod-ip/index"
FIGURES = ("pma-login-invalid-hostname", "pma-login-error-hostname", "pma-login-using-pod-ip",
           "pma-login-with-pod-ip")



@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A copy of docs/ and manifests/ side by side, as the book's conf.py expects them."""
    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    return tmp_path / "docs"


def build(make_app: Any, book: Path, namespace: str, records: Path) -> Any:
    app = make_app(
        "html",
        srcdir=book,
        freshenv=True,
        confoverrides={
            "podlab_execution_mode": "force",
            "podlab_namespace": namespace,
            "podlab_record_dir": str(records),
            "podlab_timeout": 240,
        },
    )
    app.build()
    app.cleanup()
    return app


def page_text(app: Any) -> str:
    html = (Path(app.outdir) / f"{CHAPTER}.html").read_text(encoding="utf-8")
    return unescape(re.sub(r"<[^>]+>", "", html))


def leftovers(api_client: client.ApiClient, namespace: str) -> list[str]:
    core, apps = client.CoreV1Api(api_client), client.AppsV1Api(api_client)
    found = [f"pod/{name_of(p)}" for p in core.list_namespaced_pod(namespace).items]
    found += [f"pvc/{name_of(p)}" for p in
              core.list_namespaced_persistent_volume_claim(namespace).items]
    found += [f"sts/{name_of(s)}" for s in apps.list_namespaced_stateful_set(namespace).items]
    found += [f"deploy/{name_of(d)}" for d in apps.list_namespaced_deployment(namespace).items]
    return found


@pytest.mark.live
def test_chapter_live_then_claim_refuted(
    make_app: Any, book: Path, namespace: str, tmp_path: Path, lab_kubeconfig: str,
    api_client: client.ApiClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    records = tmp_path / "records"

    app = build(make_app, book, namespace, records)
    assert app.statuscode == 0, app.warning.getvalue()
    assert "WARNING" not in app.warning.getvalue()
    assert page_status(app, CHAPTER) == "live"
    record = RecordStore(records).read(CHAPTER)
    assert record is not None and record.cluster.version.startswith("v1.")
    before, after = record.pod("before", "mysql-0"), record.pod("after", "mysql-0")
    assert before and after and before.ip and after.ip
    assert before.uid != after.uid and before.ip != after.ip

    text = page_text(app)
    fqdn = f"mysql-0.mysql.{namespace}.svc.cluster.local"
    for ip in (before.ip, after.ip):
        # the /etc/hosts outputs, tabs shown at 8-column stops as a terminal shows them
        assert f"{ip}\t{fqdn}\tmysql-0".expandtabs(8) in text
    assert f"今回の環境では、{before.ip} となっていました" in text  # the prose
    assert f"今度は {after.ip} という風に" in text
    assert re.search(rf"mysql-0\s*{re.escape(before.ip)}\s*{re.escape(after.ip)}\s*あり", text)
    assert f'pod "mysql-0" deleted from {namespace} namespace' in text
    assert leftovers(api_client, namespace) == []

    # The connection experiment's four figures, captured live.
    html = (Path(app.outdir) / f"{CHAPTER}.html").read_text(encoding="utf-8")
    figures = re.findall(r'<img alt="[^"]*" src="\.\./_images/([\w-]+\.png)"', html)
    assert figures == [f"{name}.png" for name in FIGURES]
    for name in figures:
        png = (Path(app.outdir) / "_images" / name).read_bytes()
        width, height = png_size(png)  # cropped to what the step shows, at 2x
        assert width <= 2 * 1280 and height <= 2 * 800 and len(png) < 300 * 1024, name
    shots = {block.name: block.screenshot for block in record.blocks if block.screenshot}
    assert f"expect-value '#serverNameInput' {before.ip}" in " ".join(
        shots["pma-login-using-pod-ip"].checks)  # the IP on the form = the IP in /etc/hosts
    assert any("Name or service not known" in check
               for check in shots["pma-login-error-hostname"].checks)
    assert any("#pma_navigation_tree" in check for check in shots["pma-login-with-pod-ip"].checks)

    # The same scenario claiming the IP stays the same must fail and keep the record.
    page = book / f"{CHAPTER}.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        ":after: after\n", ":after: after\n:expect: same\n"), encoding="utf-8")
    saved = RecordStore(records).path(CHAPTER).read_bytes()
    refuted = build(make_app, book, namespace, records)
    assert refuted.statuscode == 1
    line = next(n for n, text_line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
                if text_line.startswith("```{podlab-ipchange}"))
    # podlab-ipchange is a claim now: the (Japanese) claim failure at its line
    assert re.search(rf"index\.md:{line}: WARNING: podlab-claim が成り立ちません: .*mysql-0",
                     refuted.warning.getvalue())
    assert RecordStore(records).path(CHAPTER).read_bytes() == saved
    assert leftovers(api_client, namespace) == []
