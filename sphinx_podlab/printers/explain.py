"""kubectl explain's plaintext output from an OpenAPI v3 document (kubectl's
pkg/explain/v2/templates/plaintext.tmpl, its Go template read step by step).

Maps are walked in sorted key order, as Go templates range over them; a value counts as
set as Go templates count it (an empty map, list or string is not). The header is printed
before the schema is looked up: a missing field leaves it on stdout, and the error follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.errors import CliError
from ..model.kinds import Obj
from .wordwrap import wrap_string

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Request:
    group: str
    version: str
    resource: str  # the plural
    fields: tuple[str, ...] = ()
    recursive: bool = False


@dataclass
class Explained:
    """What explain printed, and the error that stopped it (printed after it)."""

    text: str
    error: CliError | None = None


def explain(document: Obj, request: Request) -> Explained:
    gvk = _gvk(document, request)
    if gvk is None:
        gvr = f"{request.group}/{request.version}, Resource={request.resource}"
        return Explained("", CliError(f"error: GVR ({gvr}) not found in OpenAPI schema"))
    header = (f"GROUP:      {gvk['group']}\n" if gvk.get("group") else "")
    header += f"KIND:       {gvk.get('kind')}\nVERSION:    {gvk.get('version')}\n\n"
    for _name, schema in sorted((document.get("components") or {}).get("schemas", {}).items()):
        if gvk in (schema.get("x-kubernetes-group-version-kind") or []):
            body = _output(document, schema, list(request.fields), {}, request.recursive)
            if not body:
                return Explained(header, CliError(
                    f'error: field "{request.fields[-1]}" does not exist'))
            return Explained(header + body + "\n")
    return Explained(header, CliError(f"error: GVK {_go_map(gvk)} not found in OpenAPI schema"))


def _go_map(value: Obj) -> str:
    return "map[" + " ".join(f"{key}:{value[key]}" for key in sorted(value)) + "]"


def _gvk(document: Obj, request: Request) -> Obj | None:
    prefix = f"/apis/{request.group}" if request.group else "/api"
    base = f"{prefix}/{request.version}"
    paths = document.get("paths") or {}
    for path in (f"{base}/{request.resource}", f"{base}/{request.resource}/{{name}}",
                 f"{base}/namespaces/{{namespace}}/{request.resource}",
                 f"{base}/namespaces/{{namespace}}/{request.resource}/{{name}}"):
        element = paths.get(path)
        if not element:
            continue
        for method in METHODS:
            gvk = (element.get(method) or {}).get("x-kubernetes-group-version-kind")
            if gvk:
                return dict(gvk)
    return None


def resolve(ref: Any, document: Obj) -> Obj | None:
    """resolveRef: ``#/components/schemas/NAME`` in the document, None if not there."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    current: Any = document
    for key in ref[1:].split("/"):
        if not key:
            continue
        current = current.get(key) if isinstance(current, dict) else None
        if not isinstance(current, dict):
            return None
    return current if isinstance(current, dict) else None


def _map_value(schema: Obj, key: str) -> Obj | None:
    """``items`` or ``additionalProperties`` when it is a non-empty schema (not a bool)."""
    value = schema.get(key)
    return value if isinstance(value, dict) and value else None


def _output(document: Obj, schema: Obj, path: list[str], history: dict[str, int],
            recursive: bool) -> str:
    ref = schema.get("$ref") or ""
    following = {**history, ref: 1}
    resolved = resolve(ref, document) or schema
    if not path:
        description = _description(resolved, document) or "<empty>"
        text = "DESCRIPTION:\n" + _indent(4, wrap_string(description, 76)) + "\n"
        fields = _field_list(document, resolved, 1, {}, recursive)
        return text + ("FIELDS:\n" + fields if fields else "")
    if ref and history.get(ref):
        return ""  # a cycle
    properties = resolved.get("properties") or {}
    subschema = properties.get(path[0])
    if subschema:
        text = ""
        if len(path) == 1:
            text = (f"FIELD: {path[0]} <{type_guess(subschema, document)}>\n"
                    + _enum(subschema, long_view=True, limit=-1, indent=0) + "\n\n")
        return text + _output(document, subschema, path[1:], {}, recursive)
    items = _map_value(resolved, "items")
    if items is not None:
        return _output(document, items, path, following, recursive)
    values = _map_value(resolved, "additionalProperties")
    if values is not None:
        return _output(document, values, path, following, recursive)
    for alternative in resolved.get("allOf") or []:
        text = _output(document, alternative, path, following, recursive)
        if text:
            return text
    return ""


def _field_list(document: Obj, schema: Obj, level: int, history: dict[str, int],
                recursive: bool) -> str:
    ref = schema.get("$ref") or ""
    if ref and history.get(ref):
        return ""  # a cycle
    following = {**history, ref: 1}
    resolved = resolve(ref, document) or schema
    out = []
    properties = resolved.get("properties") or {}
    for name in sorted(properties):
        out.append(_field_detail(document, resolved, name, recursive, level))
        if recursive:
            out.append(_field_list(document, properties[name], level + 1, following, recursive))
    for alternative in resolved.get("allOf") or []:
        out.append(_field_list(document, alternative, level, following, recursive))
    for key in ("items", "additionalProperties"):
        inner = _map_value(resolved, key)
        if inner is not None:
            out.append(_field_list(document, inner, level, following, recursive))
    return "".join(out)


def _field_detail(document: Obj, schema: Obj, name: str, short: bool, level: int) -> str:
    indent = level * 2
    field_schema = (schema.get("properties") or {}).get(name) or {}
    text = _indent(indent, name) + f"\t<{type_guess(field_schema, document)}>"
    if name in (schema.get("required") or []):
        text += " -required-"
    text += _enum(field_schema, long_view=False, limit=4, indent=indent) + "\n"
    if not short:
        description = field_schema.get("description") or "<no description>"
        text += _indent(indent + 2, wrap_string(description, 78 - indent)) + "\n\n"
    return text


def _description(schema: Obj, document: Obj) -> str:
    resolved = resolve(schema.get("$ref"), document) or schema
    text = f"{resolved['description']}\n" if resolved.get("description") else ""
    for alternative in resolved.get("allOf") or []:
        text += _description(alternative, document)
    for key in ("items", "additionalProperties"):
        inner = _map_value(resolved, key)
        if inner is not None:
            text += _description(inner, document)
    return text


def type_guess(schema: Obj, document: Obj) -> str:
    """The ``<type>`` shown after a field: ``string``, ``[]Container``, ``map[string]string``."""
    items = _map_value(schema, "items")
    if items is not None:
        return "[]" + type_guess(items, document)
    values = _map_value(schema, "additionalProperties")
    if values is not None:
        return "map[string]" + type_guess(values, document)
    all_of = schema.get("allOf") or []
    if all_of and not schema.get("properties") and len(all_of) == 1:
        return type_guess(all_of[0], document)
    ref = schema.get("$ref")
    if ref:
        target = resolve(ref, document)
        if not target or not target.get("type") or target.get("type") == "object":
            return str(ref).split("/")[-1].split(".")[-1] or "Object"
        return str(target["type"])
    kind = schema.get("type")
    return "Object" if kind == "object" else str(kind or "Object")


def _enum(schema: Obj, long_view: bool, limit: int, indent: int) -> str:
    values = schema.get("enum") or []
    if not values:
        return ""
    text = "ENUM:" if long_view else "\n" + " " * indent + "enum: "
    for index, value in enumerate(values):
        if limit > -1 and index >= limit:
            text += ", ...."
            break
        if index > 0 and not long_view:
            text += ", "
        elif long_view:
            text += "\n    "
        text += '""' if value == "" else _go_value(value)
    return text


def _go_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _indent(amount: int, text: str) -> str:
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)
