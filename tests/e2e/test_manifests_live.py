"""One manifest pipeline, live: podlab's apply and real kubectl's on the same files.

``List``, cluster-scoped kinds, a CRD and its custom resources (kinds the server knows only
through discovery), an unknown kind and bad documents: stdout, stderr and exit status must be
kubectl's (namespace names masked). Cluster-scoped names carry each side's namespace so the
two sides never touch each other's objects.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from sphinx_podlab.model.results import CommandResult

from .test_execute_live import Pair, assert_same, pair  # noqa: F401 (the fixture)

pytestmark = pytest.mark.live

STEP = 120.0


def manifests(directory: Path, namespace: str) -> dict[str, str]:
    group = f"{namespace}.example.com"
    files = {
        "list.yml": f"""apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: listed
  data:
    a: "1"
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata:
    name: {namespace}-reader
  rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
""",
        "crd.yml": f"""apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.{group}
spec:
  group: {group}
  scope: Namespaced
  names: {{plural: widgets, singular: widget, kind: Widget}}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
""",
        "widget.yml": f"""apiVersion: {group}/v1
kind: Widget
metadata:
  name: w1
spec:
  size: 3
""",
        "unknown.yml": f"""apiVersion: nowhere.{group}/v1
kind: Gadget
metadata:
  name: g1
""",
        "nokind.yml": "apiVersion: v1\nmetadata:\n  name: x\n",
        "broken.yml": "apiVersion: v1\nkind: Pod\nmetadata: [this is: not valid\n",
    }
    for name, text in files.items():
        (directory / name).write_text(text)
    return files


@pytest.fixture
def sides(pair: Pair, tmp_path: Path) -> Iterator[tuple[Pair, Path, Path]]:  # noqa: F811
    ours_dir, real_dir = tmp_path / "ours", tmp_path / "real"
    ours_dir.mkdir()
    real_dir.mkdir()
    manifests(ours_dir, pair.ours_ns)
    manifests(real_dir, pair.real_ns)
    try:
        yield pair, ours_dir, real_dir
    finally:  # cluster-scoped objects of the real side (ours are the session's cleanup)
        for name in ("list.yml", "crd.yml"):
            pair.real(f"kubectl delete --ignore-not-found -f {real_dir / name}")


def both(lab: Pair, ours_dir: Path, real_dir: Path, line: str) -> None:
    """The line on each side, with its own files; their directories left out of messages."""

    def run(directory: Path, run_line: Callable[[str], CommandResult]) -> CommandResult:
        words = [str(directory / w) if w.endswith(".yml") else w for w in shlex.split(line)]
        result = run_line(shlex.join(words))
        return replace(result, stderr=result.stderr.replace(f"{directory}/", ""))

    assert_same(lab, run(ours_dir, lambda text: lab.ours(text, STEP)), run(real_dir, lab.real))


def test_list_and_cluster_scoped_kinds(sides: tuple[Pair, Path, Path]) -> None:
    lab, ours_dir, real_dir = sides
    both(lab, ours_dir, real_dir, "kubectl apply -f list.yml")
    both(lab, ours_dir, real_dir, "kubectl apply -f list.yml")  # unchanged, both


def test_crd_then_its_custom_resource(sides: tuple[Pair, Path, Path]) -> None:
    lab, ours_dir, real_dir = sides
    both(lab, ours_dir, real_dir, "kubectl apply -f crd.yml")
    for namespace in (lab.ours_ns, lab.real_ns):
        done = lab.real(f"kubectl wait --for=condition=Established --timeout=60s "
                         f"crd/widgets.{namespace}.example.com")
        assert done.exit_code == 0, done.stderr
    both(lab, ours_dir, real_dir, "kubectl apply -f widget.yml")
    # the custom resource by the names discovery knows (podlab's table does not)
    # (the table's AGE column masked: the two sides' objects were made up to a second apart)
    for form, table in (("get widgets.{group}", True), ("get widget.{group} w1 -o yaml", False),
                        ("get widgets.{group}/w1 -o name", False)):
        ours = lab.ours("kubectl " + form.format(group=f"{lab.ours_ns}.example.com"), STEP)
        real = lab.real("kubectl " + form.format(group=f"{lab.real_ns}.example.com"))
        assert_same(lab, ours, real, table=table)


def test_unknown_kind_and_bad_documents(sides: tuple[Pair, Path, Path]) -> None:
    lab, ours_dir, real_dir = sides
    for name in ("unknown.yml", "nokind.yml", "broken.yml"):
        both(lab, ours_dir, real_dir, f"kubectl apply -f {name}")
