"""``kubectl get TYPE [NAME] -w | --watch-only [--output-watch-events] [-o wide|name]``
(``GetOptions.watch`` in ``pkg/cmd/get/get.go``).

As kubectl: the current list (or the one object) is printed first, unless
``--watch-only``; then every change the server's watch reports is printed as a row through
the same tabwriter, whose remembered column widths make later rows line up with (or widen
past) the first ones, the header printed once. A watch of one object starts at
resourceVersion 0, whose synthetic first ADDED event is not printed. The watch ends as the
reader's Ctrl-C would: once nothing changed for the quiet period (``ctx.until``), or at the
step's timeout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.printers import group_of, kind_name
from ..execute.rest import TABLE_ACCEPT, ApiError, Rest, collection_path, object_path
from ..execute.watch import EventStream, follow
from ..model.kinds import Obj
from ..printers.human import HumanOptions, TableInfo, TypeGroup
from ..printers.tabwriter import TabWriter

if TYPE_CHECKING:
    from .get import Get

WATCH_OUTPUTS = (None, "wide", "name")


class _Printer:
    """One HumanReadablePrinter (or name printer) and one tabwriter for the whole watch."""

    def __init__(self, ctx: Context, command: Get) -> None:
        self.ctx = ctx
        self.command = command
        self.writer = TabWriter()
        self.group = TypeGroup()
        self.options = HumanOptions(wide=command.output == "wide",
                                    no_headers=command.no_headers,
                                    show_labels=command.show_labels,
                                    label_columns=command.label_columns,
                                    all_namespaces=command.all_namespaces)

    def print(self, table: Obj, event: str | None) -> None:
        """One Table (human output) or one object or list (``-o name``)."""
        resource = self.command.resource
        if self.command.output == "name":
            items = table.get("items") if "items" in table else [table]
            for item in items or []:
                name = (item.get("metadata") or {}).get("name")
                self.ctx.output.out(kind_name(resource.kind, group_of(resource.api_version),
                                              str(name)) + "\n")
            return
        info = TableInfo(resource.qualified_plural, resource.qualified_kind,
                         resource.namespaced, table)
        with_namespace = self.command.all_namespaces and resource.namespaced
        self.writer.write(self.group.table_text(info, self.options, with_namespace, False,
                                                event if self.command.watch_events else None))
        self.flush()

    def flush(self) -> None:
        self.writer.flush()
        self.ctx.output.out("".join(self.writer.out))
        self.writer.out.clear()


def run(ctx: Context, command: Get) -> None:
    if len({target.resource for target in command.targets}) > 1:
        raise CliError("you may only specify a single resource type")
    target = command.targets[0]
    resource = target.resource
    namespace = None if command.all_namespaces or not resource.namespaced else \
        ctx.namespace(command.namespace)
    query: dict[str, str | int] = {}
    accept = "application/json" if command.output == "name" else TABLE_ACCEPT
    if command.selector:
        query["labelSelector"] = command.selector
    if command.field_selector:
        query["fieldSelector"] = command.field_selector
    printer = _Printer(ctx, command)
    if target.name is not None:
        first = ctx.rest.get(object_path(resource, namespace, target.name), query=query,
                             accept=accept, timeout=ctx.timeout())
        version = "0"  # the watch begins with a synthetic ADDED event: not printed
        query["fieldSelector"] = f"metadata.name={target.name}"
    else:
        first = ctx.rest.get(collection_path(resource, namespace), query=query,
                             accept=accept, timeout=ctx.timeout())
        version = str((first.get("metadata") or {}).get("resourceVersion") or "0")
    if command.watch_only:
        pass  # the current objects are not shown
    else:  # the whole first Table at once: one flush, its widths shared by its rows
        printer.print(first, "ADDED")
    skip_first = target.name is not None
    rest = Rest(ctx.new_api_client(), ctx.rest.request_timeout, ctx.rest.on_warning)
    try:
        with EventStream(rest, collection_path(resource, namespace),
                         {**query, "resourceVersion": version}, accept,
                         ctx.deadline.remaining() + 5) as events:
            ctx.until.started()

            def on_event(event: Obj) -> None:
                nonlocal skip_first
                kind = str(event.get("type") or "")
                obj = event.get("object") or {}
                if kind == "ERROR":
                    raise ApiError(int(obj.get("code") or 500), obj)
                if skip_first:
                    skip_first = False
                    return
                if kind in ("ADDED", "MODIFIED", "DELETED"):
                    printer.print(obj, kind)

            follow(ctx.until, ctx.deadline, events, events.next, on_event)
    finally:
        rest.api_client.close()  # type: ignore[no-untyped-call]
