"""Live failures against the lab: clear errors at the right line, no record, no leftovers,
and an unchanged failing page is reported again without contacting the cluster."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from counting_server import proxied_kubeconfig
from kubernetes import client

from sphinx_podlab.record.store import RecordStore

from .test_chapter_live import leftovers


def configure(namespace: str, mode: str) -> dict[str, Any]:
    return {"podlab_namespace": namespace, "podlab_execution_mode": mode, "podlab_timeout": 120}


@pytest.mark.live
@pytest.mark.sphinx("html", testroot="live-failures")
def test_failing_step_then_unchanged_rebuild(
    make_app: Any, app: Any, namespace: str, lab_kubeconfig: str, tmp_path: Path,
    api_client: client.ApiClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    counting, kubeconfig = proxied_kubeconfig(lab_kubeconfig, tmp_path / "kubeconfig")
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    srcdir = Path(app.srcdir)
    app.cleanup()
    try:
        first = make_app("html", srcdir=srcdir, confoverrides=configure(namespace, "force"))
        first.build()
        warnings = first.warning.getvalue()
        assert re.search(r"index\.md:11: WARNING: 'kubectl exec statefulset/mysql -- sh -c 'echo "
                         r"to stderr >&2; exit 3'' failed with exit status 3: command terminated "
                         r"with exit code 3 .*\[podlab\.execution\]", warnings), warnings
        assert "index.md:5" not in warnings  # the expected error is fine
        assert first.statuscode == 1 and "Traceback" not in warnings
        assert not RecordStore(srcdir / "_podlab").path("index").exists()
        assert leftovers(api_client, namespace) == []  # cleaned up after the failure
        first.cleanup()

        counting.connections = 0
        again = make_app("html", srcdir=srcdir, confoverrides=configure(namespace, "auto"))
        again.build()
        assert re.search(r"index\.md:11: WARNING: the last live run \(.*\) failed and the "
                         r"scenario is unchanged", again.warning.getvalue())
        assert again.statuscode == 1
        assert counting.connections == 0
        again.cleanup()
    finally:
        counting.close()


@pytest.mark.live
@pytest.mark.sphinx("html", testroot="live-failures")
def test_expected_error_shown_as_kubectl_prints_it_and_timeouts(
    make_app: Any, app: Any, namespace: str, lab_kubeconfig: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    srcdir = Path(app.srcdir)
    page = srcdir / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.split("```{podlab}\n$ kubectl apply")[0], encoding="utf-8")
    app.cleanup()
    ok = make_app("html", srcdir=srcdir, confoverrides=configure(namespace, "force"))
    ok.build()
    assert ok.statuscode == 0, ok.warning.getvalue()
    html = (Path(ok.outdir) / "index.html").read_text(encoding="utf-8")
    shown = unescape(re.sub(r"<[^>]+>", "", html))  # Pygments versions escape quotes or not
    assert 'Error from server (NotFound): pods "nosuch" not found' in shown
    ok.cleanup()

    page.write_text(text.replace("$ kubectl get pod nosuch", "$ kubectl get pods")
                    .split("```{podlab}\n$ kubectl apply")[0], encoding="utf-8")
    wrong = make_app("html", srcdir=srcdir, confoverrides=configure(namespace, "force"))
    wrong.build()
    assert "index.md:3: WARNING: the block has :expect-error: but every command succeeded" \
        in wrong.warning.getvalue()
    assert wrong.statuscode == 1
    wrong.cleanup()

    page.write_text("# Timeout\n\n```{podlab}\n:timeout: 3\n$ kubectl apply -f ss-mysql.yml\n"
                    "$ kubectl exec mysql-0 -- sleep 60\n```\n", encoding="utf-8")
    slow = make_app("html", srcdir=srcdir, confoverrides=configure(namespace, "force"))
    slow.build()
    warnings = slow.warning.getvalue()
    assert re.search(r"index\.md:(5|6): WARNING: .*(timed out|did not finish within 3 s)",
                     warnings), warnings
    assert slow.statuscode == 1 and "Traceback" not in warnings
    slow.cleanup()


@pytest.mark.live
@pytest.mark.sphinx("html", testroot="pending-live")
def test_a_block_that_does_not_wait_shows_a_pod_that_cannot_run(
    make_app: Any, app: Any, namespace: str, lab_kubeconfig: str,
    api_client: client.ApiClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    srcdir = Path(app.srcdir)
    page = srcdir / "index.md"
    app.cleanup()
    shown = make_app("html", srcdir=srcdir, confoverrides=configure(namespace, "force"))
    shown.build()
    assert shown.statuscode == 0, shown.warning.getvalue()
    html = unescape(re.sub(r"<[^>]+>", "", (Path(shown.outdir) / "index.html")
                           .read_text(encoding="utf-8")))
    assert "pod/big created" in html and "pod/big condition met" in html
    assert re.search(r"big +Pending +<none>", html), html
    assert "Unschedulable" in html
    assert leftovers(api_client, namespace) == []
    shown.cleanup()

    # the same page waiting as usual: the apply's wait fails at once, saying why
    page.write_text(page.read_text(encoding="utf-8").replace(":wait: none\n", ""),
                    encoding="utf-8")
    waited = make_app("html", srcdir=srcdir, confoverrides=configure(namespace, "force"))
    waited.build()
    warnings = waited.warning.getvalue()
    assert re.search(r"index\.md:6: WARNING: .*Unschedulable.*Insufficient cpu", warnings), \
        warnings
    assert waited.statuscode == 1
    assert leftovers(api_client, namespace) == []
    waited.cleanup()
