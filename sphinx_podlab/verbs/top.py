"""``kubectl top node [NAME] [-l SEL]`` and ``kubectl top pod [NAME] [-A] [-l SEL]
[--containers] [--sum] [--sort-by=cpu|memory] [--no-headers]``: metrics-server's usage
as kubectl prints it (CPU in millicores, memory in Mi, a node's share of its allocatable),
every cell followed by a tab, so the last column is padded too.

The numbers are measurements: they change from run to run (the drift review calls that
cosmetic), the rows and columns do not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..describe.quantity import Quantity, parse
from ..execute.context import Context, known_type
from ..execute.failures import CliError
from ..execute.rest import collection_path, object_path
from ..execute.tables import tabwrite
from ..model.kinds import Obj
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

METRICS = "/apis/metrics.k8s.io/v1beta1"
NODES = known_type("nodes")
PODS = known_type("pods")
MIB = 1024 * 1024


@dataclass(frozen=True)
class Top:
    what: str  # "node" or "pod"
    name: str | None = None
    selector: str | None = None
    all_namespaces: bool = False
    containers: bool = False
    sum: bool = False
    sort_by: str | None = None
    no_headers: bool = False
    namespace: str | None = None


COMMON = {"--no-headers": "no-headers"}
VALUES = {"-l": "selector", "--selector": "selector", "--sort-by": "sort-by"}
NODE_FLAGS = FlagSpec(booleans=COMMON, values=VALUES)
POD_FLAGS = FlagSpec(booleans={**COMMON, "-A": "all-namespaces", "--all-namespaces":
                               "all-namespaces", "--containers": "containers", "--sum": "sum"},
                     values=VALUES)


def _parser(what: str) -> Callable[[ParsedArgs], Top]:
    def parse_args(args: ParsedArgs) -> Top:
        if len(args.positionals) > 1:
            raise unsupported(msg("'kubectl %(verb)s' takes at most one NAME",
                                  verb=f"top {what}"))
        name = args.positionals[0] if args.positionals else None
        sort_by = args.single("sort-by")
        if sort_by not in (None, "cpu", "memory"):
            raise unsupported("--sort-by accepts only cpu or memory")
        if name and args.single("selector"):
            raise unsupported(f"only one of NAME or {'--' if what == 'node' else ''}selector "
                              "can be provided")
        return Top(what, name, args.single("selector"), args.has("all-namespaces"),
                   args.has("containers"), args.has("sum"), sort_by, args.has("no-headers"),
                   args.namespace)
    return parse_args


def _usage(item: Obj, resource: str) -> Quantity:
    return parse(str((item.get("usage") or {}).get(resource) or "0"))


def _cells(cpu: Quantity, memory: Quantity) -> list[str]:
    return [f"{cpu.milli_value()}m", f"{memory.whole_value() // MIB}Mi"]


def _sorted(items: list[Obj], sort_by: str | None,
            usage: Callable[[Obj], tuple[Quantity, Quantity]]) -> list[Obj]:
    if sort_by == "cpu":
        return sorted(items, key=lambda item: -usage(item)[0].milli_value())
    if sort_by == "memory":
        return sorted(items, key=lambda item: -usage(item)[1].whole_value())
    return items


def _metrics(ctx: Context, path: str, name: str | None, selector: str | None) -> list[Obj]:
    groups = ctx.get("/apis")
    if not any(group.get("name") == "metrics.k8s.io" for group in groups.get("groups") or []):
        raise CliError("Metrics API not available")
    if name:
        return [ctx.get(f"{path}/{name}")]
    query: dict[str, str | int] = {"labelSelector": selector} if selector else {}
    return list(ctx.get(path, query).get("items") or [])


def _nodes(ctx: Context, command: Top) -> list[list[str]]:
    items = _metrics(ctx, f"{METRICS}/nodes", command.name, command.selector)
    if not items:
        raise CliError("metrics not available yet")
    if command.name:
        nodes = [ctx.get(object_path(NODES, None, command.name))]
    else:
        query: dict[str, str | int] = ({"labelSelector": command.selector}
                                       if command.selector else {})
        nodes = list(ctx.get(collection_path(NODES, None), query).get("items") or [])
    allocatable = {str(node["metadata"]["name"]): (node.get("status") or {}).get("allocatable")
                   or {} for node in nodes}

    def usage(item: Obj) -> tuple[Quantity, Quantity]:
        return _usage(item, "cpu"), _usage(item, "memory")

    rows = []
    by_name = sorted(items, key=lambda item: str(item["metadata"]["name"]))
    for item in _sorted(by_name, command.sort_by, usage):
        name = str(item["metadata"]["name"])
        available = allocatable.pop(name, {})
        cpu, memory = usage(item)
        row = [name]
        for used, field in ((cpu, "cpu"), (memory, "memory")):
            row.append(_cells(cpu, memory)[0 if field == "cpu" else 1])
            if field in available:
                total = parse(str(available[field])).milli_value()
                share = used.milli_value() / total * 100 if total else 0.0
                row.append(f"{int(share)}%")
        rows.append(row)
    for name in allocatable:  # nodes without metrics
        rows.append([name, "<unknown>", "<unknown>", "<unknown>", "<unknown>"])
    return rows


def _pods(ctx: Context, command: Top) -> tuple[list[list[str]], list[str]]:
    namespace = None if command.all_namespaces else ctx.namespace(command.namespace)
    path = (f"{METRICS}/pods" if namespace is None
            else f"{METRICS}/namespaces/{namespace}/pods")
    items = _metrics(ctx, path, command.name, command.selector)
    if not items:
        query: dict[str, str | int] = ({"labelSelector": command.selector}
                                       if command.selector else {})
        pods = ([ctx.get(object_path(PODS, namespace, command.name))] if command.name else
                list(ctx.get(collection_path(PODS, namespace), query).get("items") or []))
        if pods:  # kubectl: pods exist but have no metrics yet
            raise CliError("metrics not available yet")
        return [], []

    def usage(item: Obj) -> tuple[Quantity, Quantity]:
        cpu, memory = parse("0"), parse("0")
        for container in item.get("containers") or []:
            cpu, memory = cpu + _usage(container, "cpu"), memory + _usage(container, "memory")
        return cpu, memory

    def key(item: Obj) -> tuple[str, str]:
        metadata = item["metadata"]
        return (str(metadata.get("namespace")) if command.all_namespaces else "",
                str(metadata["name"]))

    rows: list[list[str]] = []
    total = (parse("0"), parse("0"))
    for item in _sorted(sorted(items, key=key), command.sort_by, usage):
        prefix = [str(item["metadata"]["namespace"])] if command.all_namespaces else []
        if command.containers:
            for container in item.get("containers") or []:
                rows.append([*prefix, str(item["metadata"]["name"]), str(container["name"]),
                             *_cells(_usage(container, "cpu"), _usage(container, "memory"))])
        else:
            rows.append([*prefix, str(item["metadata"]["name"]), *_cells(*usage(item))])
        cpu, memory = usage(item)
        total = (total[0] + cpu, total[1] + memory)
    sum_rows: list[str] = []
    if command.sum:
        sum_rows = [*_cells(*total)]
    return rows, sum_rows


def _table(rows: list[list[str]]) -> str:
    return tabwrite("".join("".join(f"{cell}\t" for cell in row) + "\n" for row in rows))


def run(ctx: Context, command: Top) -> None:
    if command.what == "node":
        header = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
        rows = _nodes(ctx, command)
        ctx.output.out(_table(rows if command.no_headers else [header, *rows]))
        return
    rows, total = _pods(ctx, command)
    if not rows:
        where = ("No resources found" if command.all_namespaces
                 else f"No resources found in {ctx.namespace(command.namespace)} namespace.")
        ctx.output.err(where + "\n")
        return
    header = [*(["NAMESPACE"] if command.all_namespaces else []),
              *(["POD"] if command.containers else []), "NAME", "CPU(cores)", "MEMORY(bytes)"]
    table = rows if command.no_headers else [header, *rows]
    if total:
        width = len(header)
        table.append([""] * (width - 2) + ["________", "________"])
        table.append([""] * (width - 3) + ["", *total])
    ctx.output.out(_table(table))


NODE = Verb("top node", "kubectl top node [NAME] [-l SEL] [--sort-by=cpu|memory]", NODE_FLAGS,
            _parser("node"))
POD = Verb("top pod", "kubectl top pod [NAME] [-A] [-l SEL] [--containers] [--sum] "
           "[--sort-by=cpu|memory]", POD_FLAGS, _parser("pod"))
