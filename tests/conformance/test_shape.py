"""The comparison itself (no cluster): what it accepts as the same shape, what it rejects."""

from __future__ import annotations

import pytest

from sphinx_podlab.execute.printers import kubectl_json, kubectl_yaml
from sphinx_podlab.execute.tables import tabwrite
from sphinx_podlab.model.kinds import Obj
from sphinx_podlab.model.results import CommandResult

from .cases import Case
from .shape import Side, compare

TABLE = Case("kubectl get pods", "", "table")
TEXT = Case("kubectl delete pod x", "")
YAML = Case("kubectl get pods -o yaml", "", "yaml")


def _side(stdout: str, stderr: str = "", code: int = 0, namespace: str = "ns-a") -> Side:
    return Side(CommandResult(("kubectl",), stdout, stderr, code, 0.0), (namespace,))


def _table(*rows: str) -> str:
    return tabwrite("".join(row.replace(" ", "\t") + "\n" for row in rows))


def test_identical_is_exact() -> None:
    text = _table("NAME READY AGE", "mysql-0 1/1 9s")
    assert compare(TABLE, _side(text), _side(text), {}) == "exact"


def test_age_differs_in_width_is_shape() -> None:
    ours = _table("NAME READY AGE", "mysql-0 1/1 9s")
    real = _table("NAME READY AGE", "mysql-0 1/1 10s")
    assert compare(TABLE, _side(ours), _side(real), {}) == "shape"


def test_other_cells_and_layout_must_match() -> None:
    real = _table("NAME READY AGE", "mysql-0 1/1 9s")
    with pytest.raises(AssertionError, match="stdout differs"):
        compare(TABLE, _side(_table("NAME READY AGE", "mysql-0 0/1 9s")), _side(real), {})
    with pytest.raises(AssertionError, match="misaligned"):
        compare(TABLE, _side(real.replace("   1/1", "  1/1")), _side(real), {})
    with pytest.raises(AssertionError, match="table layout"):  # a trailing space
        compare(TABLE, _side(real.replace("9s\n", "9s \n")), _side(real), {})


def test_exit_status_and_stderr_must_match() -> None:
    with pytest.raises(AssertionError, match="exit status"):
        compare(TEXT, _side("", "error\n", 1), _side("", "error\n", 0), {})
    with pytest.raises(AssertionError, match="stderr differs"):
        compare(TEXT, _side("", "error: a\n", 1), _side("", "error: b\n", 1), {})


def test_namespace_names_are_masked_only_as_names() -> None:
    ours = _side('pod "x" deleted from ns-a namespace\n', namespace="ns-a")
    real = _side('pod "x" deleted from ns-b namespace\n', namespace="ns-b")
    assert compare(TEXT, ours, real, {}) == "shape"
    wrong = _side('pod "y" deleted from ns-b namespace\n', namespace="ns-b")
    with pytest.raises(AssertionError):
        compare(TEXT, ours, wrong, {})


def test_yaml_compared_as_data_with_volatile_values_masked() -> None:
    obj: Obj = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "x", "resourceVersion": "100",
                        "creationTimestamp": "2026-01-01T00:00:00Z"}}
    later = {**obj, "metadata": {**obj["metadata"], "resourceVersion": "107"}}
    assert compare(YAML, _side(kubectl_yaml(obj)), _side(kubectl_yaml(later)), {}) == "shape"
    other = {**obj, "metadata": {**obj["metadata"], "name": "y"}}
    with pytest.raises(AssertionError):
        compare(YAML, _side(kubectl_yaml(obj)), _side(kubectl_yaml(other)), {})
    with pytest.raises(AssertionError, match="printer"):  # same data, other bytes
        compare(YAML, _side(kubectl_json(obj)), _side(kubectl_yaml(later)), {})
