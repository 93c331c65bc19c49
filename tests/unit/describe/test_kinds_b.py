"""The describers of services, endpoints, ingresses, storage, config, namespaces and
service accounts against real kubectl v1.34.9, byte for byte.

Each case under ``tests/unit/fixtures/describe_b/`` is one run of kubectl on the lab (see
its capture.py): the responses kubectl's describer read, by request URL, and what it
printed. A describer given those responses must ask for exactly those URLs and print the
same text; only ages may differ (kubectl computed them a fraction of a second before the
capture's ``now``), and they must still have the same shape.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from sphinx_podlab.describe import NotFound, Settings, describe
from sphinx_podlab.describe.kinds.secret import TokenRefused
from sphinx_podlab.describe.kinds.service import format_endpoint_slices
from sphinx_podlab.execute.rest import ApiError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "describe_b"
CASES = sorted(path.name.removesuffix(".kubectl.txt") for path in FIXTURES.glob("*.kubectl.txt"))

# kubectl's resource word (as the capture typed it) -> (API group, Kind)
KINDS = {
    "service": ("", "Service"),
    "endpoints": ("", "Endpoints"),
    "endpointslice": ("discovery.k8s.io", "EndpointSlice"),
    "ingress": ("networking.k8s.io", "Ingress"),
    "persistentvolumeclaim": ("", "PersistentVolumeClaim"),
    "persistentvolume": ("", "PersistentVolume"),
    "storageclass": ("storage.k8s.io", "StorageClass"),
    "configmap": ("", "ConfigMap"),
    "secret": ("", "Secret"),
    "namespace": ("", "Namespace"),
    "serviceaccount": ("", "ServiceAccount"),
}
# Go's duration.HumanDuration: 5s, 2m3s, 10m, 3h4m, 2d5h, 1y20d ...
AGE = re.compile(r"\b\d+(?:y\d+d|y|d\d+h|d|h\d+m|h|m\d+s|m|s)\b")

Obj = dict[str, Any]


def _query_key(query: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """A query as a comparable value; a field selector as its set of terms (kubectl builds
    it from a Go map: its terms come in a different order each run)."""
    def value(key: str, text: str) -> str:
        if key != "fieldSelector":
            return text
        return ",".join(sorted(re.split(r"(?<!\\\\),", text)))

    return tuple(sorted((key, value(key, str(text))) for key, text in query.items()))


class CapturedReader:
    """Answers the describer's reads with the responses kubectl received; a read kubectl
    did not make fails the test."""

    def __init__(self, responses: dict[str, Obj]) -> None:
        self.responses: dict[tuple[str, tuple[tuple[str, str], ...]], Obj] = {}
        for url, body in responses.items():
            split = urlsplit(url)
            query = {key: values[0] for key, values in parse_qs(split.query).items()}
            self.responses[(split.path, _query_key(query))] = body
        self.asked: set[tuple[str, tuple[tuple[str, str], ...]]] = set()

    def get(self, path: str, query: dict[str, str | int] | None = None) -> Obj:
        key = (path, _query_key(dict(query or {})))
        self.asked.add(key)
        body = self.responses.get(key)
        assert body is not None, f"kubectl did not read {path} {query}"
        if body.get("kind") == "Status" and body.get("status") == "Failure":
            raise ApiError(int(body.get("code") or 500), body)
        return body

    def get_or_none(self, path: str) -> Obj | None:
        try:
            return self.get(path)
        except ApiError as error:
            if error.not_found:
                return None
            raise


def load(case: str) -> tuple[Obj, str]:
    fixture = json.loads((FIXTURES / f"{case}.json").read_text())
    return fixture, (FIXTURES / f"{case}.kubectl.txt").read_text()


def describe_case(fixture: Obj, reader: CapturedReader) -> str:
    _, word, name = fixture["args"]
    group, kind = KINDS[word]
    now = datetime.fromisoformat(fixture["now"].replace("Z", "+00:00"))
    return describe(reader, group, kind, fixture["namespace"], name, Settings(now=now))


def ages_as_shapes(text: str) -> str:
    """The text with every age of its Events section replaced by its shape."""
    head, found, events = text.partition("\nEvents:")
    return head + found + AGE.sub(lambda m: re.sub(r"\d+", "N", m.group()), events)


@pytest.mark.parametrize("case", CASES)
def test_describe_prints_what_kubectl_printed(case: str) -> None:
    fixture, expected = load(case)
    reader = CapturedReader(fixture["responses"])
    printed = describe_case(fixture, reader)
    assert reader.asked == set(reader.responses)  # kubectl's reads, no more, no fewer
    if printed != expected:  # only ages may differ, and only by their digits
        assert ages_as_shapes(printed) == ages_as_shapes(expected)
        assert printed.splitlines(keepends=True)[0] == expected.splitlines(keepends=True)[0]


def test_the_captures_cover_every_kind_and_their_events() -> None:
    kinds = {load(case)[0]["args"][1] for case in CASES}
    assert kinds == set(KINDS)
    with_events = [case for case in CASES if "\nEvents:\n  Type" in load(case)[1]]
    assert "pvc-pending" in with_events  # a warning event, repeated (x2 over ...)


def test_a_missing_object_is_not_found() -> None:
    fixture, _ = load("svc-web")
    missing = {"/api/v1/namespaces/h-describe-b-fx/services/gone": {
        "kind": "Status", "status": "Failure", "reason": "NotFound", "code": 404,
        "message": 'services "gone" not found'}}
    with pytest.raises(NotFound, match='services "gone" not found'):
        describe(CapturedReader(missing), "", "Service", "h-describe-b-fx", "gone",
                 Settings(now=datetime.fromisoformat(fixture["now"].replace("Z", "+00:00"))))


def test_a_service_account_token_is_never_printed() -> None:
    fixture, _ = load("secret-opaque")
    url = "/api/v1/namespaces/h-describe-b-fx/secrets/opaque"
    token = dict(fixture["responses"][url], type="kubernetes.io/service-account-token",
                 data={"token": "c2VjcmV0LXRva2Vu", "ca.crt": "eA=="})
    with pytest.raises(TokenRefused, match="service account token"):
        describe(CapturedReader({url: token}), "", "Secret", "h-describe-b-fx", "opaque",
                 Settings(now=datetime.fromisoformat(fixture["now"].replace("Z", "+00:00"))))


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
