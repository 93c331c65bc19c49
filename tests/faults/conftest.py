"""Fault tests against the lab: the lab fixtures of tests/e2e, and what every fault test
checks afterwards (no objects left, no record changed, no process or thread left, and the
next run's output equal to a fresh namespace's)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_processes import own_browser_processes
from e2e import conftest as lab
from kube_models import name_of
from kubernetes import client

# the lab fixtures of tests/e2e (one kubeconfig, a fresh labelled namespace per test)
lab_kubeconfig = lab.lab_kubeconfig
api_client = lab.api_client
core = lab.core
namespace = lab.namespace
lab_namespaces = lab.lab_namespaces
wait = lab.wait

ROOT = Path(__file__).resolve().parents[1] / "sphinx_build" / "roots" / "test-faults"

# The page every fault test runs after its fault, in the same namespace: its output must be
# what a fresh namespace gives (``created``, not ``configured``; no pods of the failed run).
NEXT_PAGE = """# Next

```{podlab}
$ kubectl apply -f web.yml
$ kubectl apply -f data.yml
$ kubectl get deployments
$ kubectl get pvc
```
"""


def objects_left(api_client: client.ApiClient, namespace: str) -> list[str]:
    """Every object of the kinds podlab creates or may leave, in the namespace."""
    core, apps = client.CoreV1Api(api_client), client.AppsV1Api(api_client)
    coordination = client.CoordinationV1Api(api_client)
    found = [f"pod/{name_of(p)}" for p in core.list_namespaced_pod(namespace).items]
    found += [f"pvc/{name_of(p)}" for p in
              core.list_namespaced_persistent_volume_claim(namespace).items]
    found += [f"service/{name_of(s)}" for s in core.list_namespaced_service(namespace).items]
    found += [f"configmap/{name_of(c)}" for c in
              core.list_namespaced_config_map(namespace).items
              if name_of(c) != "kube-root-ca.crt"]
    for kind, items in (("sts", apps.list_namespaced_stateful_set(namespace).items),
                        ("deploy", apps.list_namespaced_deployment(namespace).items),
                        ("rs", apps.list_namespaced_replica_set(namespace).items)):
        found += [f"{kind}/{name_of(item)}" for item in items]
    found += [f"lease/{name_of(lease)}" for lease in
              coordination.list_namespaced_lease(namespace).items]
    return sorted(found)


def podlab_threads() -> list[str]:
    """podlab's threads still alive in this test process (lease renewal, port-forwards...)."""
    return sorted(t.name for t in threading.enumerate()
                  if t.name.startswith("podlab") and t.is_alive())


def leftover_processes() -> set[int]:
    """Chromium or Playwright processes this test process started and did not end."""
    return own_browser_processes()


def digest(directory: Path) -> str:
    """One sha256 over every record and screenshot under ``directory`` (names and contents;
    not the note a failed run leaves beside a record for ``status``)."""
    total = hashlib.sha256()
    if directory.exists():
        for path in sorted(p for p in directory.rglob("*")
                           if p.is_file() and not p.name.endswith(".failed.json")):
            total.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def outputs(records: Path, namespace: str, docname: str = "index") -> list[tuple[str, str, int]]:
    """(command, stdout+stderr, exit) of each command in a page's record, with what differs
    between any two fresh namespaces masked: the namespace's name, ages, generated names."""
    data = json.loads((records / f"{docname}.json").read_text(encoding="utf-8"))
    shown = []
    for block in data["blocks"]:
        for command in block.get("commands") or []:
            text = (command["stdout"] + command["stderr"]).replace(namespace, "NAMESPACE")
            text = re.sub(r"pvc-[0-9a-f-]{36}", "pvc-UID", text)
            text = re.sub(r"\b\d+(\.\d+)?(s|m\d*s?|h\d*m?)\b", "AGE", text)
            shown.append((" ".join(command["argv"]), text, command["exit_code"]))
    return shown


class Book:
    """The fault tests' Sphinx project in a directory of its own, built in one namespace."""

    def __init__(self, make_app: Callable[..., Any], base: Path, namespace: str) -> None:
        self.make_app = make_app
        self.srcdir = base / "src"
        self.records = base / "records"
        self.namespace = namespace
        shutil.copytree(ROOT, self.srcdir)

    def keep_record_of(self, fresh: Fresh) -> str:
        """Start with the fresh run's record of the page; its digest."""
        shutil.copytree(fresh.records, self.records, dirs_exist_ok=True)
        return digest(self.records)

    def write(self, page: str) -> None:
        (self.srcdir / "index.md").write_text(page, encoding="utf-8")

    def build(self, **overrides: Any) -> Any:
        app = self.make_app("html", srcdir=self.srcdir, freshenv=True, confoverrides={
            "podlab_execution_mode": "force", "podlab_namespace": self.namespace,
            "podlab_record_dir": str(self.records), "podlab_timeout": 60, **overrides})
        app.build()
        app.cleanup()
        return app


@pytest.fixture
def book(make_app: Callable[..., Any], tmp_path: Path, namespace: str,
         lab_kubeconfig: str, monkeypatch: pytest.MonkeyPatch) -> Book:
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    monkeypatch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    return Book(make_app, tmp_path, namespace)


@dataclass(frozen=True)
class Fresh:
    """The next page run once in a fresh namespace: its outputs, and its record (which
    fault tests copy into their book, so that there is a record the fault must not touch)."""

    outputs: list[tuple[str, str, int]]
    records: Path


@pytest.fixture(scope="session")
def fresh(tmp_path_factory: pytest.TempPathFactory, lab_kubeconfig: str,
          lab_namespaces: lab.LabNamespaces) -> Iterator[Fresh]:
    """The next page's outputs in a namespace of its own, fresh (once per session)."""
    from sphinx.testing.util import SphinxTestApp

    name = lab_namespaces.make("fresh")
    base = tmp_path_factory.mktemp("fresh")
    patch = pytest.MonkeyPatch()
    patch.setenv("KUBECONFIG", lab_kubeconfig)
    patch.delenv("PODLAB_EXECUTION_MODE", raising=False)
    try:
        fresh = Book(lambda *a, **k: SphinxTestApp(*a, **k), base, name)
        fresh.write(NEXT_PAGE)
        app = fresh.build()
        assert app.statuscode == 0, app.warning.getvalue()
        yield Fresh(outputs(fresh.records, name), fresh.records)
    finally:
        patch.undo()
        lab_namespaces.drop(name)


def assert_nothing_left(book: Book, api_client: client.ApiClient, records_before: str,
                        fresh: Fresh) -> None:
    """The four checks of every fault test, the last one by running the next page."""
    assert objects_left(api_client, book.namespace) == []
    assert digest(book.records) == records_before
    assert podlab_threads() == []
    assert leftover_processes() == set()
    assert_next_run_is_fresh(book, api_client, fresh)


def assert_next_run_is_fresh(book: Book, api_client: client.ApiClient, fresh: Fresh) -> None:
    """The next page, run in the namespace after the fault, prints what a fresh one does."""
    book.write(NEXT_PAGE)
    app = book.build()
    assert app.statuscode == 0, app.warning.getvalue()
    assert outputs(book.records, book.namespace) == fresh.outputs
    assert objects_left(api_client, book.namespace) == []
