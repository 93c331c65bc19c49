"""The describers of services and networking, storage, configuration, namespaces and quotas,
service accounts and RBAC, autoscalers, disruption budgets, priority classes and replication
controllers print what real kubectl v1.34.9 printed, byte for byte.

Each case under ``tests/unit/fixtures/describe_b/`` is one run of kubectl on the lab (its
capture.py): every response kubectl's describer read and what it printed. Fed the same
responses, a describer must make the same requests and print the same text at a moment of
kubectl's run (kubectl computes its ages at one moment between ``t0`` and ``t1``).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.describe import NotFound, Settings, describe
from sphinx_podlab.describe.generic import camelcase_split, smart_label
from sphinx_podlab.describe.kinds.role import breakdown, compact
from sphinx_podlab.describe.kinds.secret import TokenRefused
from sphinx_podlab.describe.kinds.service import format_endpoint_slices
from sphinx_podlab.model.errors import PodlabExecutionError

from .captured import Capture, CapturedReader, assert_printed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "describe_b"
CASES = sorted(path.name.removesuffix(".kubectl.txt") for path in FIXTURES.glob("*.kubectl.txt"))
KINDS = {"Service", "Endpoints", "EndpointSlice", "Ingress", "IngressClass", "NetworkPolicy",
         "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "ConfigMap", "Secret",
         "Namespace", "ResourceQuota", "LimitRange", "ServiceAccount", "Role", "ClusterRole",
         "RoleBinding", "ClusterRoleBinding", "HorizontalPodAutoscaler",
         "PodDisruptionBudget", "PriorityClass", "ReplicationController", "ServiceCIDR",
         "IPAddress", "CSINode", "VolumeAttributesClass", "CustomResourceDefinition", "Lease",
         "CertificateSigningRequest"}

Obj = dict[str, Any]


def _describe(capture: Capture, reader: CapturedReader, now: datetime) -> str:
    record = capture.record
    return describe(reader, record["group"], record["kind"], record["namespace"],
                    record["name"], Settings(now=now, minor=34))


@pytest.mark.parametrize("case", CASES)
def test_describer_prints_what_kubectl_printed(case: str) -> None:
    capture = Capture(case, FIXTURES)
    outputs = []
    for now in capture.moments():
        outputs.append(_describe(capture, capture.reader(), now))
        if outputs[-1] == capture.kubectl:
            return
    assert_printed(case, capture.kubectl, outputs)


@pytest.mark.parametrize("case", CASES)
def test_describer_makes_the_requests_kubectl_made(case: str) -> None:
    capture = Capture(case, FIXTURES)
    reader = capture.reader()
    _describe(capture, reader, capture.t0)
    captured = {reader.key(r["path"], r["query"]) for r in capture.record["responses"]}
    asked = [reader.key(path, query) for path, query in reader.asked]
    assert sorted(asked) == sorted(captured)  # each request once, none missing


def test_the_captures_cover_every_kind_events_and_errors() -> None:
    captures = [Capture(case, FIXTURES) for case in CASES]
    assert {capture.record["kind"] for capture in captures} == KINDS
    with_events = {case for case, capture in zip(CASES, captures, strict=True)
                   if "\nEvents:\n  Type" in capture.kubectl}
    assert {"pvc-pending", "pvc-data"} <= with_events  # a repeated warning, a normal event
    assert "<error: services \"no-such-service\" not found>" in Capture("ing-web", FIXTURES).kubectl
    assert "+ 1 more..." in Capture("svc-web", FIXTURES).kubectl


def _now(case: str) -> datetime:
    return Capture(case, FIXTURES).t0


def test_a_missing_object_is_not_found() -> None:
    gone = {"path": "/api/v1/namespaces/h-describe-b-fx/services/gone", "query": {},
            "status": 404, "body": {"kind": "Status", "code": 404}}
    with pytest.raises(NotFound, match='services "gone" not found'):
        describe(CapturedReader([gone]), "", "Service", "h-describe-b-fx", "gone",
                 Settings(now=_now("svc-web"), minor=34))


def test_a_service_account_token_is_never_printed() -> None:
    opaque = Capture("secret-opaque", FIXTURES).record["responses"][0]
    token: Obj = json.loads(json.dumps(opaque))
    token["body"].update(type="kubernetes.io/service-account-token",
                         data={"token": "c2VjcmV0LXRva2Vu", "ca.crt": "eA=="})
    with pytest.raises(TokenRefused, match="service account token"):
        describe(CapturedReader([token]), "", "Secret", "h-describe-b-fx", "opaque",
                 Settings(now=_now("secret-opaque"), minor=34))


def test_endpoints_beyond_three_are_counted_and_not_ready_ones_left_out() -> None:
    def endpoint(address: str, ready: bool | None) -> Obj:
        return {"addresses": [address], "conditions": {} if ready is None else {"ready": ready}}

    slices = [{"ports": [{"name": "http", "port": 80}, {"name": "other", "port": 81}],
               "endpoints": [endpoint("10.1.0.1", True), endpoint("10.1.0.2", None),
                             endpoint("10.1.0.3", False), endpoint("fd00::4", True),
                             endpoint("10.1.0.5", True)]}]
    assert format_endpoint_slices(slices, {"http"}) == \
        "10.1.0.1:80,10.1.0.2:80,[fd00::4]:80 + 1 more..."
    assert format_endpoint_slices(slices, {"nothing"}) == ""
    assert format_endpoint_slices([], {"http"}) == "<none>"


def test_no_capture_keeps_a_service_account_token() -> None:
    def tokens(value: object) -> list[Obj]:
        if isinstance(value, dict):
            found = [value] if value.get("type") == "kubernetes.io/service-account-token" else []
            return found + [t for v in value.values() for t in tokens(v)]
        if isinstance(value, list):
            return [t for v in value for t in tokens(v)]
        return []

    seen = [secret for case in CASES for secret in tokens(Capture(case, FIXTURES).record)]
    assert seen  # sa-robot lists robot-token
    for secret in seen:
        assert set((secret.get("data") or {}).values()) <= {"cmVkYWN0ZWQ="}  # "redacted"


@pytest.mark.parametrize(("text", "parts"), [
    # fatih/camelcase's documented examples (kubectl's smart labels split with it)
    ("lowercase", ["lowercase"]), ("MyClass", ["My", "Class"]), ("MyC", ["My", "C"]),
    ("HTML", ["HTML"]), ("PDFLoader", ["PDF", "Loader"]), ("AString", ["A", "String"]),
    ("SimpleXMLParser", ["Simple", "XML", "Parser"]), ("vimRPCPlugin", ["vim", "RPC", "Plugin"]),
    ("GL11Version", ["GL", "11", "Version"]), ("99Bottles", ["99", "Bottles"]),
    ("BFG9000", ["BFG", "9000"]), ("BöseÜberraschung", ["Böse", "Überraschung"]),
    ("Two  spaces", ["Two", "  ", "spaces"]),
])
def test_fields_split_as_camelcase_splits_them(text: str, parts: list[str]) -> None:
    assert camelcase_split(text) == parts


def test_smart_labels() -> None:
    assert smart_label("apiVersion", 34) == "API Version"
    assert smart_label("uid", 34) == "UID"
    assert smart_label("x-kubernetes-list-type", 34) == "X - Kubernetes - List - Type"
    assert smart_label("openAPIV3Schema", 34) == "openAPIV3Schema"  # a digit: kept as it is
    assert smart_label("jsonPath", 34) == "Json Path"


def test_a_request_kubectl_cannot_parse_is_a_step_error() -> None:
    approved = Capture("csr-approved", FIXTURES).record["responses"][0]
    broken: Obj = json.loads(json.dumps(approved))
    broken["body"]["spec"]["request"] = "bm90IGEgcmVxdWVzdAo="  # "not a request"
    with pytest.raises(PodlabExecutionError, match="Error parsing CSR: PEM block type"):
        describe(CapturedReader([broken]), "certificates.k8s.io", "CertificateSigningRequest",
                 "", "h-describe-b-jane", Settings(now=_now("csr-approved"), minor=34))


GOCHECK = FIXTURES / "gocheck"  # inputs and what kubectl's own Go code made of them


def test_roles_compact_as_kubectl_compacts_them() -> None:
    inputs = json.loads((GOCHECK / "inputs.json").read_text())["roles"]
    expected = json.loads((GOCHECK / "expected.json").read_text())["roles"]
    assert len(inputs) == len(expected) == 300

    def go_rule(rule: Obj) -> tuple[list[str], ...]:
        return tuple(list(rule.get(key) or []) for key in
                     ("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"))

    for rules, kubectl_rules in zip(inputs, expected, strict=True):
        ours = compact([part for rule in rules for part in breakdown(rule)])
        assert [(r.verbs, r.api_groups, r.resources, r.resource_names, r.non_resource_urls)
                for r in ours] == [go_rule(rule) for rule in kubectl_rules]


def test_fields_split_as_fatih_camelcase_splits_random_ones() -> None:
    document = json.loads((GOCHECK / "inputs.json").read_text())
    expected = json.loads((GOCHECK / "expected.json").read_text())["fields"]
    assert len(document["fields"]) == len(expected) > 200
    assert [camelcase_split(field) for field in document["fields"]] == expected
