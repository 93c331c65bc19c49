"""``-o yaml`` / ``-o json`` / ``-o name`` as kubectl prints them (fixtures: real kubectl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinx_podlab.execute.printers import (
    encode_compact,
    kind_name,
    kubectl_json,
    kubectl_yaml,
    yaml_v2_key_less,
    yaml_v2_plain_is_string,
)
from sphinx_podlab.model.kinds import Obj

FIXTURES = Path(__file__).parent / "fixtures" / "execute"


def _printed_object(name: str) -> dict[str, object]:
    obj: Obj = json.loads((FIXTURES / f"{name}.object.json").read_text())
    # kubectl hides managedFields unless --show-managed-fields
    obj["metadata"] = {k: v for k, v in obj["metadata"].items() if k != "managedFields"}
    return obj


@pytest.mark.parametrize("name", ["sts-mysql", "cm-text"])
def test_yaml_matches_kubectl(name: str) -> None:
    assert kubectl_yaml(_printed_object(name)) == (FIXTURES / f"{name}.kubectl.yaml").read_text()


@pytest.mark.parametrize("name", ["sts-mysql", "cm-text"])
def test_json_matches_kubectl(name: str) -> None:
    assert kubectl_json(_printed_object(name)) == (FIXTURES / f"{name}.kubectl.json").read_text()


def test_empty_list() -> None:
    document = {"apiVersion": "v1", "items": [], "kind": "List",
                "metadata": {"resourceVersion": ""}}
    assert kubectl_yaml(document) == (
        'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n'
    )
    assert kubectl_json(document) == (
        '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n'
        '    "metadata": {\n        "resourceVersion": ""\n    }\n}\n'
    )


def test_go_json_escapes_html_and_ends_with_newline() -> None:
    assert encode_compact({"b": "<&>", "a": 1}) == '{"a":1,"b":"\\u003c\\u0026\\u003e"}\n'


def test_yaml_quoting_follows_go_yaml() -> None:
    for text in ("1", "yes", "y", "true", "null", "", "2024-05-01T10:00:00Z", "1e3", "0x1f"):
        assert not yaml_v2_plain_is_string(text), text
    for text in ("mysql", "nonsense", "Yesterday", ".", "v1.34", "10.1.0.5"):
        assert yaml_v2_plain_is_string(text), text
    assert kubectl_yaml({"a": "1:30", "b": "- x", "c": "two\nlines\n"}) == (
        "a: \"1:30\"\nb: '- x'\nc: |\n  two\n  lines\n"
    )


def test_yaml_key_order_is_go_yaml_natural_order() -> None:
    keys = ["b10", "b9", "a_b", "a.b", "a-b", "aB", "ab"]
    ordered = sorted(keys, key=lambda k: sum(yaml_v2_key_less(o, k) for o in keys))
    assert ordered == ["a-b", "a.b", "a_b", "aB", "ab", "b9", "b10"]


def test_kind_names() -> None:
    assert kind_name("Pod", "", "mysql-0") == "pod/mysql-0"
    assert kind_name("StatefulSet", "apps", "mysql") == "statefulset.apps/mysql"
