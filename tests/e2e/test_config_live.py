"""``kubectl config view`` in a page, live on the lab: the admin kubeconfig's client key and
certificate (and the cluster's CA) never reach the page, the record or any file of the build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from kubeconfig_secrets import secrets

from sphinx_podlab.record.store import RecordStore

pytestmark = pytest.mark.live


def files_text(*roots: Path) -> str:
    """Every file under ``roots``, as text (bytes that are not UTF-8 replaced)."""
    return "\n".join(path.read_bytes().decode("utf-8", "replace")
                     for root in roots for path in sorted(root.rglob("*")) if path.is_file())


@pytest.mark.sphinx("html", testroot="config-live")
def test_no_kubeconfig_secret_in_page_or_record(make_app: Any, app: Any, namespace: str,
                                                lab_kubeconfig: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    hidden = secrets(Path(lab_kubeconfig))
    assert len(hidden) >= 6  # CA, client certificate and key: written and decoded
    records = tmp_path / "records"
    srcdir = Path(app.srcdir)
    app.cleanup()
    live = make_app("html", srcdir=srcdir, freshenv=True,
                    confoverrides={"podlab_namespace": namespace, "podlab_record_dir":
                                   str(records), "podlab_execution_mode": "force",
                                   "podlab_timeout": 60})
    live.build()
    assert "WARNING" not in live.warning.getvalue(), live.warning.getvalue()
    record = RecordStore(records).read("index")
    assert record is not None
    outputs = "".join(result.stdout for result in record.blocks[0].results)
    assert "client-key-data: DATA+OMITTED" in outputs
    assert '"client-certificate-data": "DATA+OMITTED"' in outputs
    assert f"namespace: {namespace}" in outputs
    everything = files_text(records, Path(live.outdir), Path(live.doctreedir))
    assert "DATA+OMITTED" in everything
    for secret in hidden:
        assert secret not in everything
    live.cleanup()
