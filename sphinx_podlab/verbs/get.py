"""``kubectl get``: server-side Tables for human output; objects for yaml, json and name.

As kubectl does: lists are fetched 500 at a time following ``continue``; each name is a
GET of its own; errors are printed after whatever was found; an empty table prints
``No resources found in NS namespace.`` on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import KubectlFailure
from ..execute.printers import group_of, kind_name, kubectl_json, kubectl_yaml
from ..execute.rest import TABLE_ACCEPT, ApiError, collection_path, object_path
from ..execute.tables import table_text
from ..model.kinds import Obj
from ..model.objects import ResourceType
from ..parse.args import resource
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

OUTPUTS = ("wide", "yaml", "json", "name")


@dataclass(frozen=True)
class Get:
    resource: ResourceType
    names: tuple[str, ...] = ()
    output: str | None = None
    selector: str | None = None
    all_namespaces: bool = False
    namespace: str | None = None


FLAGS = FlagSpec(
    booleans={"-A": "all-namespaces", "--all-namespaces": "all-namespaces"},
    values={"-o": "output", "--output": "output", "-l": "selector", "--selector": "selector"},
)


def parse(args: ParsedArgs) -> Get:
    if not args.positionals:
        raise unsupported("'kubectl get' needs a resource type")
    type_arg, *names = args.positionals
    if "," in type_arg:
        raise unsupported("'kubectl get' of several types at once is not supported")
    if "/" in type_arg:
        if names:
            raise unsupported("'kubectl get TYPE/NAME' takes no further names")
        type_arg, name = type_arg.split("/", 1)
        names = [name]
    output = args.single("output")
    if output is not None and output not in OUTPUTS:
        raise unsupported(f"'-o {output}' is not supported (use one of {', '.join(OUTPUTS)})")
    all_namespaces = args.has("all-namespaces")
    if all_namespaces and names:
        raise unsupported("'kubectl get -A' cannot name an object")
    return Get(resource(type_arg), tuple(names), output, args.single("selector"),
               all_namespaces, args.namespace)

CHUNK_SIZE = 500


def run(ctx: Context, command: Get) -> None:
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


VERB = Verb(
    "get", "kubectl get TYPE [NAME...] [-o wide|yaml|json|name] [-l SELECTOR] [-A]", FLAGS, parse
)
