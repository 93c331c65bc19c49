"""Drift review and provenance against the lab: the book's chapter recorded twice live tells
the same story (every difference cosmetic), records say what the nodes run, and `status
--cluster` names records made on another minor than the lab's."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from kube_models import node_info
from kubernetes import client
from sphinx_build.records import chapter_record

from sphinx_podlab.model.results import ClusterInfo
from sphinx_podlab.record.store import RecordStore
from sphinx_podlab.status import collect_status, current_inputs, main

REPO = Path(__file__).resolve().parents[2]
CHAPTER = "pod-ip/index"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    return tmp_path / "docs"


def build_live(make_app: Any, book: Path, namespace: str, records: Path) -> None:
    app = make_app("html", srcdir=book, freshenv=True, confoverrides={
        "podlab_execution_mode": "force", "podlab_namespace": namespace,
        "podlab_record_dir": str(records), "podlab_timeout": 240})
    app.build()
    app.cleanup()
    assert app.statuscode == 0, app.warning.getvalue()


@pytest.mark.live
def test_two_live_runs_of_the_chapter_differ_only_cosmetically(
    make_app: Any, book: Path, namespace: str, tmp_path: Path, lab_kubeconfig: str,
    core: client.CoreV1Api, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    first, second = tmp_path / "first", tmp_path / "second"
    build_live(make_app, book, namespace, first)
    build_live(make_app, book, namespace, second)
    old = json.loads((first / f"{CHAPTER}.json").read_text(encoding="utf-8"))
    new = json.loads((second / f"{CHAPTER}.json").read_text(encoding="utf-8"))
    assert old["snapshots"]["before"] != new["snapshots"]["before"]  # new pods, new IPs

    capsys.readouterr()
    assert main(["diff", str(first / f"{CHAPTER}.json"), str(second / f"{CHAPTER}.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{CHAPTER}: cosmetic drift only: 0 meaningful")
    assert "IP renamed" in out and "UID renamed" in out

    # provenance: what the lab's nodes say of themselves
    nodes = [node_info(node) for node in core.list_node().items]
    assert new["cluster"]["node_os"] == ", ".join(sorted({info.os_image for info in nodes}))
    assert new["cluster"]["container_runtime"] == ", ".join(
        sorted({info.container_runtime_version for info in nodes}))
    assert new["cluster"]["container_runtime"].startswith("containerd://")


@pytest.mark.live
def test_status_with_cluster_names_records_of_another_minor(
    tmp_path: Path, lab_kubeconfig: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "tests" / "sphinx_build" / "roots" / "test-chapter", docs)
    (inputs,) = current_inputs(docs).values()
    live = client.VersionApi(client.ApiClient(_configuration(lab_kubeconfig))).get_code()
    store = RecordStore(docs / "_podlab")
    record = chapter_record(inputs.key, inputs=inputs.data)

    store.write(dataclasses.replace(record, cluster=ClusterInfo(live.git_version, "linux/amd64")))
    (page,) = collect_status(docs, check_cluster=True)
    assert (page.state, page.reasons, page.other_minor) == ("current", [], None)

    older = f"v1.{int(live.minor.rstrip('+')) - 1}.7"
    store.write(dataclasses.replace(record, cluster=ClusterInfo(older, "linux/amd64")))
    (page,) = collect_status(docs, check_cluster=True)
    assert page.state == "current" and page.other_minor == live.git_version
    assert page.reasons == [
        f"recorded on Kubernetes {older}, the cluster runs {live.git_version}: another minor, "
        "so kubectl's wording may differ (run the page live and review with "
        "`python -m sphinx_podlab diff PAGE`)"]
    assert main(["status", str(docs)]) == 0  # offline by default: no word of the cluster
    assert "another minor" not in capsys.readouterr().out
    assert main(["status", "--cluster", str(docs)]) == 0
    assert "another minor" in capsys.readouterr().out


def _configuration(kubeconfig: str) -> client.Configuration:
    from kubernetes import config

    configuration = client.Configuration()
    config.load_kube_config(  # type: ignore[no-untyped-call]  # kubernetes.config: no hints
        config_file=kubeconfig, client_configuration=configuration)
    return configuration
