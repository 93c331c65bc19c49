"""Snapshot entries (from objects captured on the lab), value references, claims, records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.core.values import Unknown, claim_holds, claim_problem, lookup
from sphinx_podlab.execute import compact
from sphinx_podlab.model.records import Record
from sphinx_podlab.model.results import ClusterInfo
from sphinx_podlab.model.snapshot import ObjectState, object_data, object_from, shown
from sphinx_podlab.parse.values import ValueSyntaxError, parse_claim, parse_value_ref, pod_ip_ref

FIXTURES = Path(__file__).parent / "fixtures"


def captured(name: str) -> Any:
    """The object of a capture: the first response's body."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["responses"][0]["body"]


def test_service_entry_of_a_node_port_service() -> None:
    captured_service = captured("describe_b/svc-web-np.json")
    entry = compact.service_entry(captured_service)
    [port] = captured_service["spec"]["ports"]
    assert entry.kind == "Service" and entry.name == "web-np"
    assert entry.fields["type"] == "NodePort"
    assert entry.fields["clusterIP"] == captured_service["spec"]["clusterIP"]
    assert entry.fields["ports"] == (f"80:{port['nodePort']}/TCP",)  # kubectl's PORT(S) cell
    assert entry.fields["nodePort"] == port["nodePort"]
    assert entry.fields["selector"] == "app=web,tier=front"


def test_endpoints_from_a_slice_keep_ready_and_not_ready_apart() -> None:
    slice_ = captured("describe_b/eps-web-0.json")
    [entry] = compact.endpoints_entries([slice_])
    ready = [e for e in slice_["endpoints"] if e["conditions"]["ready"]]
    not_ready = [e for e in slice_["endpoints"] if not e["conditions"]["ready"]]
    assert ready and not_ready  # the capture has both
    assert entry.kind == "Endpoints" and entry.name == "web"
    assert entry.fields["addresses"] == tuple(sorted(
        (a for e in ready for a in e["addresses"]), key=lambda a: [int(x) for x in a.split(".")]))
    assert entry.fields["notReadyAddresses"] == tuple(a for e in not_ready for a in e["addresses"])
    assert entry.fields["ports"] == ("8080/TCP",)
    assert entry.fields["pods"] == tuple(sorted(e["targetRef"]["name"] for e in ready))


def test_claim_pod_workload_and_node_entries() -> None:
    captured_claim = captured("describe_b/pvc-data.json")
    claim = compact.claim_entry(captured_claim)
    assert claim.fields["status"] == "Bound"
    assert claim.fields["volumeName"] == captured_claim["spec"]["volumeName"]
    assert claim.fields["capacity"] == "1Gi" and claim.fields["storageClass"] == "standard"
    captured_pod = captured("describe/pod-db-0.json")
    pod = compact.pod_entry(captured_pod)
    assert (pod.name, pod.fields["ip"], pod.fields["node"]) == (
        "db-0", captured_pod["status"]["podIP"], captured_pod["spec"]["nodeName"])
    sts = compact.workload_entry(captured("describe/sts-db.json"), "StatefulSet")
    assert (sts.kind, sts.fields["replicas"], sts.fields["ready"]) == ("StatefulSet", 1, 1)
    assert sts.fields["images"] == ("mysql:8.0",)
    deploy = compact.workload_entry(captured("describe/deploy-web.json"), "Deployment")
    assert (deploy.fields["replicas"], deploy.fields["available"]) == (2, 2)
    daemons = compact.daemonset_entry(captured("describe/ds-agent.json"))
    assert (daemons.fields["replicas"], daemons.fields["ready"]) == (1, 1)
    captured_node = captured("describe/node.json")
    node = compact.node_entry(captured_node)
    [internal] = [a["address"] for a in captured_node["status"]["addresses"]
                  if a["type"] == "InternalIP"]
    assert (node.name, node.fields["ready"], node.fields["internalIP"]) == \
        (captured_node["metadata"]["name"], True, internal)
    assert node.fields["podCIDR"] == captured_node["spec"]["podCIDR"]


def test_value_references() -> None:
    ref = parse_value_ref("svc/mysql.clusterIP@before")
    assert (ref.kind, ref.name, ref.field, ref.snapshot) == ("Service", "mysql", "clusterIP",
                                                             "before")
    node = parse_value_ref("node/127.0.0.1.internalIP@after")  # names may hold dots
    assert (node.kind, node.name, node.field) == ("Node", "127.0.0.1", "internalIP")
    assert parse_value_ref("persistentvolumeclaim/data-mysql-0.volumeName@a").kind == \
        "PersistentVolumeClaim"
    assert pod_ip_ref("mysql-0@before") == parse_value_ref("pod/mysql-0.ip@before")
    for bad, says in (("svc/mysql@before", "TYPE/NAME.FIELD@SNAPSHOT"),
                      ("svc/mysql.clusterIP", "TYPE/NAME.FIELD@SNAPSHOT"),
                      ("cm/x.data@a", "do not record 'cm'"),
                      ("svc/mysql.colour@a", "no field 'colour'"),
                      ("svc/My_SQL.type@a", "not an object name")):
        with pytest.raises(ValueSyntaxError, match=says):
            parse_value_ref(bad)


def test_claims_parse_their_other_side() -> None:
    same = parse_claim("svc/mysql.clusterIP@before same @after", 10)
    assert isinstance(same.right, type(same.left))
    assert same.right.text == "svc/mysql.clusterIP@after"
    assert parse_claim("svc/mysql.type@a equals ClusterIP", 1).right == "ClusterIP"
    contains = parse_claim("ep/mysql.addresses@a contains pod/mysql-0.ip@a", 1)
    assert not isinstance(contains.right, str)
    assert parse_claim('svc/x.clusterIP@a matches "^10\\."', 1).right == "^10\\."
    for bad in ("svc/x.type@a equals", "svc/x.type@a is ClusterIP", "svc/x.type@a same Cluster",
                "svc/x.type@a matches '('"):
        with pytest.raises(ValueSyntaxError):
            parse_claim(bad, 1)


def record(**snapshots: tuple[ObjectState, ...]) -> Record:
    return Record("p", "k", "2026-12-01T00:00:00+00:00", ClusterInfo("v1.34.9", "linux/amd64"),
                  "default", 1.0, (), dict(snapshots))


def svc(ip: str) -> ObjectState:
    return ObjectState("Service", "mysql", {"clusterIP": ip, "ports": ("3306/TCP",)})


def test_claims_hold_or_say_why_not() -> None:
    pod = ObjectState("Pod", "mysql-0", {"ip": "10.1.0.16"})
    ep = ObjectState("Endpoints", "mysql", {"addresses": ("10.1.0.16",)})
    rec = record(before=(svc("10.0.0.12"),), after=(pod, svc("10.0.0.12"), ep))
    assert claim_holds(parse_claim("svc/mysql.clusterIP@before same @after", 1), rec)[0]
    assert not claim_holds(parse_claim("svc/mysql.clusterIP@before changed @after", 1), rec)[0]
    assert claim_holds(parse_claim("ep/mysql.addresses@after contains pod/mysql-0.ip@after", 1),
                       rec)[0]
    assert not claim_holds(parse_claim("ep/mysql.addresses@after contains 10.1.0.1", 1), rec)[0]
    assert claim_holds(parse_claim("svc/mysql.ports@after equals 3306/TCP", 1), rec)[0]
    assert claim_holds(parse_claim("svc/mysql.clusterIP@after matches ^10\\.0\\.", 1), rec)[0]
    problem = claim_problem(parse_claim("svc/mysql.clusterIP@before equals 10.0.0.1", 1), rec)
    assert str(problem) == ("podlab-claim is false: svc/mysql.clusterIP@before equals 10.0.0.1 "
                            "(svc/mysql.clusterIP@before is '10.0.0.12')")
    with pytest.raises(Unknown, match=r"no Pod 'mysql-1' in snapshot 'after' .*mysql-0"):
        lookup(parse_value_ref("pod/mysql-1.ip@after"), rec)
    with pytest.raises(Unknown, match="no snapshot 'later'"):
        lookup(parse_value_ref("pod/mysql-0.ip@later"), rec)


def test_entries_round_trip_and_old_pod_entries_are_pods() -> None:
    entry = ObjectState("Endpoints", "mysql", {"addresses": ("10.1.0.1",), "pods": ()})
    assert object_data(entry) == {"kind": "Endpoints", "name": "mysql",
                                  "addresses": ["10.1.0.1"], "pods": []}
    assert object_from(object_data(entry)) == entry
    old = object_from({"name": "mysql-0", "ip": "10.1.0.10", "uid": "u", "phase": "Running",
                       "ready": True, "restarts": 0})
    assert old.kind == "Pod" and old.pod_state().ip == "10.1.0.10"
    assert shown(("a", "b")) == "a, b" and shown(None) == "<none>" and shown(True) == "true"
    with pytest.raises(ValueError, match="not a value"):
        object_from({"kind": "Pod", "name": "x", "ip": {"nested": 1}})
