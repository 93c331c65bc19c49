"""kubectl explain's pieces: go-wordwrap's line breaking, the type shown, enums, the walk."""

from __future__ import annotations

from typing import Any

import pytest

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.printers.explain import Request, explain, type_guess
from sphinx_podlab.printers.wordwrap import wrap_string
from sphinx_podlab.verbs.explain import Explain, resolve_target
from sphinx_podlab.verbs.registry import parse_kubectl


@pytest.mark.parametrize(("text", "limit", "wrapped"), [
    ("foo bar baz", 4, "foo\nbar\nbaz"),
    ("foo bar baz", 7, "foo bar\nbaz"),
    ("a verylongword b", 5, "a\nverylongword\nb"),  # a word longer than the limit stays whole
    ("one\ntwo three", 6, "one\ntwo\nthree"),
    ("trailing   ", 8, "trailing"),
    ("x\n", 76, "x\n"),
])
def test_wrap_string(text: str, limit: int, wrapped: str) -> None:
    assert wrap_string(text, limit) == wrapped


DOCUMENT: dict[str, Any] = {
    "paths": {"/apis/demo/v1/namespaces/{namespace}/widgets": {
        "get": {"x-kubernetes-group-version-kind":
                {"group": "demo", "kind": "Widget", "version": "v1"}}}},
    "components": {"schemas": {
        "demo.v1.Widget": {
            "description": "A widget.",
            "x-kubernetes-group-version-kind": [
                {"group": "demo", "kind": "Widget", "version": "v1"}],
            "required": ["size"],
            "properties": {
                "size": {"type": "integer", "description": "How big."},
                "mode": {"type": "string", "enum": ["", "A", "B", "C", "D"]},
                "parts": {"type": "array", "items": {"allOf": [
                    {"$ref": "#/components/schemas/demo.v1.Part"}]}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "self": {"allOf": [{"$ref": "#/components/schemas/demo.v1.Widget"}]},
            }},
        "demo.v1.Part": {"type": "object", "description": "A part.",
                         "properties": {"name": {"type": "string"}}},
    }},
}


def test_type_guess() -> None:
    props = DOCUMENT["components"]["schemas"]["demo.v1.Widget"]["properties"]
    assert [type_guess(props[name], DOCUMENT) for name in ("size", "parts", "labels", "self")] \
        == ["integer", "[]Part", "map[string]string", "Widget"]


def test_fields_sorted_required_and_enum_cut_after_four() -> None:
    text = explain(DOCUMENT, Request("demo", "v1", "widgets")).text
    assert text.startswith("GROUP:      demo\nKIND:       Widget\nVERSION:    v1\n\n"
                           "DESCRIPTION:\n    A widget.\n    \nFIELDS:\n"
                           "  labels\t<map[string]string>")
    assert '  mode\t<string>\n  enum: "", A, B, C, ....\n    <no description>\n\n' in text
    assert "  size\t<integer> -required-\n    How big.\n\n" in text


def test_recursive_stops_at_a_cycle() -> None:
    text = explain(DOCUMENT, Request("demo", "v1", "widgets", recursive=True)).text
    fields = text.split("FIELDS:\n")[1]
    assert "  parts\t<[]Part>\n    name\t<string>\n" in fields
    assert "  self\t<Widget>\n" in fields
    # the top schema is no $ref: self walks Widget once more, and its own self no further
    assert fields.count("size\t") == 2
    assert "    self\t<Widget>\n    size\t<integer> -required-\n  size\t" in fields


def test_field_and_missing_field() -> None:
    found = explain(DOCUMENT, Request("demo", "v1", "widgets", ("parts", "name")))
    assert "FIELD: name <string>\n\n\nDESCRIPTION:\n    <empty>\n" in found.text
    missing = explain(DOCUMENT, Request("demo", "v1", "widgets", ("nosuch",)))
    assert missing.text.endswith("VERSION:    v1\n\n")  # the header comes before the error
    assert str(missing.error) == 'error: field "nosuch" does not exist'


def test_targets() -> None:
    def target(line: str) -> tuple[str, str, str, tuple[str, ...]]:
        command = parse_kubectl(tuple(line.split()))
        assert isinstance(command, Explain)
        resource, group, version, fields = resolve_target(command)
        return resource.plural, group, version, fields

    assert target("kubectl explain deploy.spec") == ("deployments", "apps", "v1", ("spec",))
    assert target("kubectl explain deployments.apps.spec") == (
        "deployments", "apps", "v1", ("spec",))
    assert target("kubectl explain hpa --api-version=autoscaling/v1") == (
        "horizontalpodautoscalers", "autoscaling", "v1", ())
    with pytest.raises(PodlabSyntaxError):
        parse_kubectl(("kubectl", "explain"))
