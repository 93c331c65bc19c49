"""``kubectl get``: server-side Tables for human output; objects for yaml, json and name.

As kubectl does: lists are fetched 500 at a time following ``continue``; each name is a
GET of its own; errors are printed after whatever was found; an empty table prints
``No resources found in NS namespace.`` on stderr.
"""

from __future__ import annotations

from typing import Any

from ..parse.kubectl import Get
from .context import Context
from .failures import KubectlFailure
from .printers import group_of, kind_name, kubectl_json, kubectl_yaml
from .rest import TABLE_ACCEPT, ApiError, collection_path, object_path
from .tables import table_text

Obj = dict[str, Any]

CHUNK_SIZE = 500


def run_get(ctx: Context, command: Get) -> None:
    if command.output in (None, "wide"):
        _get_table(ctx, command)
    else:
        _get_objects(ctx, command)


def _namespace(ctx: Context, command: Get) -> str | None:
    if command.all_namespaces or not command.resource.namespaced:
        return None
    return ctx.namespace(command.namespace)


def _list_pages(ctx: Context, command: Get, accept: str) -> list[Obj]:
    path = collection_path(command.resource, _namespace(ctx, command))
    pages: list[Obj] = []
    token = ""
    while True:
        query: dict[str, str | int] = {"limit": CHUNK_SIZE}
        if command.selector:
            query["labelSelector"] = command.selector
        if token:
            query["continue"] = token
        page = ctx.rest.get(path, query=query, accept=accept, timeout=ctx.timeout())
        pages.append(page)
        token = str((page.get("metadata") or {}).get("continue") or "")
        if not token:
            return pages


def _get_table(ctx: Context, command: Get) -> None:
    resource = command.resource
    namespace = _namespace(ctx, command)
    tables: list[Obj] = []
    errors: list[KubectlFailure] = []
    if command.names:
        for name in command.names:
            try:
                tables.append(ctx.rest.get(object_path(resource, namespace, name),
                                           accept=TABLE_ACCEPT, timeout=ctx.timeout()))
            except ApiError as exc:
                errors.append(exc)
    else:
        try:
            tables = _list_pages(ctx, command, TABLE_ACCEPT)
        except ApiError as exc:
            errors.append(exc)
    with_namespace = command.all_namespaces and resource.namespaced
    text = table_text(tables, wide=command.output == "wide", with_namespace=with_namespace)
    ctx.output.out(text)
    if not text and not errors:
        if resource.namespaced and not command.all_namespaces:
            ctx.output.err(f"No resources found in {ctx.namespace(command.namespace)} namespace.\n")
        else:
            ctx.output.err("No resources found\n")
    ctx.output.fail(errors)


def _without_managed_fields(obj: Obj) -> Obj:
    metadata = obj.get("metadata")
    if isinstance(metadata, dict) and "managedFields" in metadata:
        obj = {**obj, "metadata": {k: v for k, v in metadata.items() if k != "managedFields"}}
    return obj


def _get_objects(ctx: Context, command: Get) -> None:
    resource = command.resource
    namespace = _namespace(ctx, command)
    items: list[Obj] = []
    errors: list[KubectlFailure] = []
    single = len(command.names) == 1
    if command.names:
        for name in command.names:
            try:
                items.append(ctx.get(object_path(resource, namespace, name)))
            except ApiError as exc:
                if single:
                    ctx.output.fail([exc])
                    return
                errors.append(exc)
    else:
        try:
            for page in _list_pages(ctx, command, "application/json"):
                list_version = str(page.get("apiVersion") or resource.api_version)
                item_kind = str(page.get("kind") or "").removesuffix("List") or resource.kind
                for item in page.get("items") or []:
                    # the builder's unstructured lists give every item its apiVersion and kind
                    items.append({"apiVersion": list_version, "kind": item_kind, **item})
        except ApiError as exc:
            errors.append(exc)
    if command.output == "name":
        for item in items:
            ctx.output.out(kind_name(str(item.get("kind")), group_of(str(item.get("apiVersion"))),
                                     str((item.get("metadata") or {}).get("name"))) + "\n")
        ctx.output.fail(errors)
        return
    printable = [_without_managed_fields(item) for item in items]
    if single:
        document = printable[0]
    else:
        document = {"apiVersion": "v1", "items": printable, "kind": "List",
                    "metadata": {"resourceVersion": ""}}
    ctx.output.out(kubectl_yaml(document) if command.output == "yaml" else kubectl_json(document))
    ctx.output.fail(errors)
