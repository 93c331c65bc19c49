"""Test records for Sphinx build tests, made in code (never under docs/_podlab)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx_podlab.config import PodlabSettings
from sphinx_podlab.model.records import BlockRecord, Record
from sphinx_podlab.model.results import ClusterInfo, CommandResult, PodState
from sphinx_podlab.model.snapshot import from_pod_state
from sphinx_podlab.record.store import RecordStore
from sphinx_podlab.sphinxext.domain import podlab_domain

HOSTS = (
    "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
    "{ip}\tmysql-0.mysql.default.svc.cluster.local\tmysql-0\n"
)


def store_of(app: Any) -> RecordStore:
    settings = PodlabSettings.from_config(app.config, Path(app.srcdir), environ={})
    return RecordStore(settings.record_dir)


def page_key(app: Any, docname: str) -> str:
    outcome = podlab_domain(app.env).outcome(docname)
    assert outcome is not None and outcome.key is not None
    return outcome.key


def page_status(app: Any, docname: str) -> str:
    """What the build did with the page (replayed, live, stale, missing, ...)."""
    outcome = podlab_domain(app.env).outcome(docname)
    assert outcome is not None, f"no outcome for {docname}"
    return outcome.status


def chapter_record(
    key: str,
    before: str = "10.1.0.10",
    after: str = "10.1.0.16",
    inputs: dict[str, Any] | None = None,
    docname: str = "index",
) -> Record:
    """A record shaped like the test-chapter page: blocks [apply, exec], [get, delete, exec]."""

    def result(stdout: str, argv: str = "kubectl") -> CommandResult:
        return CommandResult(tuple(argv.split()), stdout, "", 0, 0.5)

    return Record(
        docname=docname,
        key=key,
        recorded_at="2026-11-27T08:00:00+00:00",
        cluster=ClusterInfo("v1.34.9", "linux/amd64"),
        namespace="default",
        seconds=20.0,
        blocks=(
            BlockRecord(
                "hosts-before",
                (
                    result("statefulset.apps/mysql created\n"),
                    result(HOSTS.format(ip=before)),
                ),
                "before",
            ),
            BlockRecord(
                None,
                (
                    result(
                        "NAME      READY   STATUS    RESTARTS   AGE\n"
                        "mysql-0   1/1     Running   0          9s\n"
                    ),
                    result('pod "mysql-0" deleted from default namespace\n'),
                    result(HOSTS.format(ip=after)),
                ),
                "after",
            ),
        ),
        snapshots={
            "before": (from_pod_state(PodState("mysql-0", before, "uid-1", "Running", True, 0)),),
            "after": (from_pod_state(PodState("mysql-0", after, "uid-2", "Running", True, 0)),),
        },
        podlab_version="0.1.0",
        inputs=inputs or {},
    )
