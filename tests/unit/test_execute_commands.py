"""Wording of kubectl messages the execute layer prints without a cluster."""

from __future__ import annotations

import pytest

from sphinx_podlab.execute.failures import CliError, error_text, with_source
from sphinx_podlab.execute.readiness import workload_problem
from sphinx_podlab.execute.rest import ApiError, parse_warning_header
from sphinx_podlab.execute.wait import condition_met
from sphinx_podlab.model.kinds import Obj
from sphinx_podlab.model.objects import ResourceType
from sphinx_podlab.parse.resources import find_resource_type
from sphinx_podlab.verbs.delete import deleted_line
from sphinx_podlab.verbs.rollout import rollout_message


def _type(name: str) -> ResourceType:
    found = find_resource_type(name)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("minor", "expected"),
    [(34, 'pod "mysql-0" deleted from default namespace\n'),
     (35, 'pod "mysql-0" deleted from default namespace\n'),
     (33, 'pod "mysql-0" deleted\n')],
)
def test_delete_wording_by_version(minor: int, expected: str) -> None:
    assert deleted_line(_type("pods"), "mysql-0", "default", minor) == expected


def test_delete_wording_group_and_cluster_scope() -> None:
    assert deleted_line(_type("sts"), "mysql", "book", 34) == \
        'statefulset.apps "mysql" deleted from book namespace\n'
    assert deleted_line(_type("ns"), "book", None, 34) == 'namespace "book" deleted\n'


def _status(reason: str, message: str, **extra: object) -> ApiError:
    return ApiError(404 if reason == "NotFound" else 422,
                    {"kind": "Status", "reason": reason, "message": message, **extra})


def test_error_text() -> None:
    assert error_text([_status("NotFound", 'pods "x" not found')]) == \
        'Error from server (NotFound): pods "x" not found\n'
    assert error_text([CliError("timed out waiting for the condition on pods/x")]) == \
        "error: timed out waiting for the condition on pods/x\n"
    sourced = with_source("deleting", "ss-mysql.yml",
                          _status("NotFound", 'statefulsets.apps "mysql" not found'))
    assert error_text([sourced]) == ('Error from server (NotFound): error when deleting '
                                     '"ss-mysql.yml": statefulsets.apps "mysql" not found\n')
    invalid = _status("Invalid", "ignored", details={
        "kind": "Pod", "name": "x",
        "causes": [{"field": "spec.containers[0].image", "message": "Required value"}]})
    assert error_text([invalid]) == \
        'The Pod "x" is invalid: spec.containers[0].image: Required value\n'
    two = [_status("NotFound", 'pods "a" not found'), _status("NotFound", 'pods "b" not found')]
    assert error_text(two) == ('Error from server (NotFound): pods "a" not found\n'
                               'Error from server (NotFound): pods "b" not found\n')


def test_warning_header() -> None:
    assert parse_warning_header('299 - "spec.x: deprecated \\"y\\""') == 'spec.x: deprecated "y"'
    assert parse_warning_header('199 - "misc"') is None


def test_wait_condition() -> None:
    pod: Obj = {"metadata": {"generation": 2},
           "status": {"conditions": [{"type": "Ready", "status": "True",
                                      "observedGeneration": 2}]}}
    assert condition_met(pod, "Ready")
    assert condition_met(pod, "ready=true")
    assert not condition_met(pod, "Ready=False")
    pod["status"]["conditions"][0]["observedGeneration"] = 1
    assert not condition_met(pod, "Ready")


def test_rollout_messages() -> None:
    sts: Obj = {"kind": "StatefulSet", "metadata": {"name": "mysql", "generation": 1},
           "spec": {"replicas": 1, "updateStrategy": {"type": "RollingUpdate",
                                                      "rollingUpdate": {"partition": 0}}},
           "status": {"observedGeneration": 1, "readyReplicas": 0, "updatedReplicas": 1}}
    assert rollout_message(sts) == ("Waiting for 1 pods to be ready...\n", False)
    sts["status"]["readyReplicas"] = 1
    assert rollout_message(sts) == (
        "partitioned roll out complete: 1 new pods have been updated...\n", True)
    deploy: Obj = {"kind": "Deployment", "metadata": {"name": "pma", "generation": 1},
              "spec": {"replicas": 1},
              "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1,
                         "availableReplicas": 0}}
    assert rollout_message(deploy) == (
        'Waiting for deployment "pma" rollout to finish: 0 of 1 updated replicas are '
        "available...\n", False)
    deploy["status"]["availableReplicas"] = 1
    assert rollout_message(deploy) == ('deployment "pma" successfully rolled out\n', True)
    assert workload_problem(deploy) is None
    with pytest.raises(CliError):
        rollout_message({"kind": "Pod", "apiVersion": "v1"})
