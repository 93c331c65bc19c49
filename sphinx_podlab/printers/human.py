"""``kubectl get``'s human-readable output over the server's Tables (cli-runtime's
``HumanReadablePrinter`` as ``kubectl get``'s Run drives it).

One tabwriter per resource type (widths are not shared between types), a blank line
between types that printed something (none with ``--no-headers``), the header once per
type, ``kind.group/name`` names when several types are shown, and the columns ``-A``,
``-L`` and ``--show-labels`` add.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..execute.tables import format_cell
from .tabwriter import TabWriter

Obj = dict[str, Any]


@dataclass(frozen=True)
class HumanOptions:
    wide: bool = False
    no_headers: bool = False
    show_labels: bool = False
    label_columns: tuple[str, ...] = ()  # -L keys, in order
    all_namespaces: bool = False


@dataclass(frozen=True)
class TableInfo:
    """One Table the server sent: a list (page) of one type, or one named object."""

    resource: str  # the type's qualified plural: a new type starts a new group
    kind: str  # ``deployment.apps``: the prefix of names when several types are shown
    namespaced: bool
    table: Obj


def format_labels(labels: dict[str, str] | None) -> str:
    """``labels.FormatLabels``: the ``key=value`` strings sorted (so ``a.b=x`` comes before
    ``a=y``) and joined by commas; ``<none>`` when there are none."""
    if not labels:
        return "<none>"
    return ",".join(sorted(f"{key}={value}" for key, value in labels.items()))


def label_header(key: str) -> str:
    return key.split("/")[-1].upper()


def print_tables(infos: Sequence[TableInfo], options: HumanOptions, with_kind: bool) -> str:
    """Everything ``kubectl get`` prints on stdout for these Tables, in this order."""
    out: list[str] = []
    written = ready = False
    writer: TabWriter | None = None
    group: TypeGroup | None = None
    last: str | None = None

    def emit(text: str) -> None:
        nonlocal written, ready
        if text:
            if ready:
                out.append("\n")
                ready = False
            out.append(text)
            written = True

    for info in infos:
        if writer is None or group is None or info.resource != last:
            if writer is not None:
                emit(writer.text())
            if last is not None and not options.no_headers and written:
                ready = True
            writer, group, last = TabWriter(), TypeGroup(), info.resource
        with_namespace = options.all_namespaces and info.namespaced
        writer.write(group.table_text(info, options, with_namespace, with_kind))
    if writer is not None:
        emit(writer.text())
    return "".join(out)


# cli-runtime's formattedEventType: the EVENT column of ``get -w --output-watch-events``
EVENT_TYPES = {"ADDED": "ADDED   ", "MODIFIED": "MODIFIED", "DELETED": "DELETED ",
               "ERROR": "ERROR   "}


class TypeGroup:
    """The HumanReadablePrinter of one type: it prints the header once (also across the
    Tables of a watch's events, which may come without column definitions)."""

    def __init__(self) -> None:
        self.printed_headers = False
        self.last_columns: list[Obj] | None = None

    def table_text(self, info: TableInfo, options: HumanOptions, with_namespace: bool,
                   with_kind: bool, event: str | None = None) -> str:
        """The lines of one Table; ``event``: a watch event's type, in an EVENT column."""
        table = info.table
        columns: list[Obj] = list(table.get("columnDefinitions") or [])
        rows: list[Obj] = list(table.get("rows") or [])
        no_headers = options.no_headers
        if self.printed_headers and (not columns or columns == self.last_columns):
            no_headers = True
        if not columns:
            columns = list(self.last_columns or [])
        elif columns != self.last_columns:
            self.last_columns, self.printed_headers = columns, False
        if rows:
            self.printed_headers = True
        columns, cells = _decorate(columns, rows, options, with_namespace,
                                   info.kind if with_kind else None)
        if event:
            columns = [{"name": "Event", "type": "string"}, *columns]
            cells = [[EVENT_TYPES.get(event, event), *row_cells] for row_cells in cells]
        shown = [i for i, column in enumerate(columns)
                 if options.wide or not column.get("priority")]
        lines: list[str] = []
        if not no_headers:
            if not rows:
                return ""
            lines.append("\t".join(str(columns[i].get("name", "")).upper() for i in shown))
        for row_cells in cells:
            lines.append("\t".join(format_cell(row_cells[i]) if i < len(row_cells) else ""
                                   for i in shown if i < len(row_cells)))
        return "".join(line + "\n" for line in lines)


def _decorate(columns: list[Obj], rows: list[Obj], options: HumanOptions, with_namespace: bool,
              kind: str | None) -> tuple[list[Obj], list[list[Any]]]:
    """``decorateTable``: NAMESPACE first, ``-L`` and LABELS last, ``kind/`` on names."""
    labels = bool(options.label_columns) or options.show_labels
    name_column = next((i for i, column in enumerate(columns)
                        if column.get("format") == "name" and column.get("type") == "string"),
                       -1) if kind else -1
    decorated = list(columns)
    if with_namespace or labels:
        decorated = ([{"name": "Namespace", "type": "string"}] if with_namespace else []) + \
            decorated + [{"name": label_header(key), "type": "string"}
                         for key in options.label_columns]
        if options.show_labels:
            decorated.append({"name": "Labels", "type": "string"})
    cells_of_rows: list[list[Any]] = []
    for row in rows:
        cells = list(row.get("cells") or [])
        if name_column >= 0 and name_column < len(cells):
            cells[name_column] = f"{kind}/{cells[name_column]}"
        metadata = (row.get("object") or {}).get("metadata")
        if isinstance(metadata, dict):
            if with_namespace:
                cells.insert(0, str(metadata.get("namespace") or ""))
            if labels:
                item_labels = metadata.get("labels") or {}
                cells.extend(str(item_labels.get(key, "")) for key in options.label_columns)
                if options.show_labels:
                    cells.append(format_labels(item_labels))
        elif with_namespace or labels:
            if with_namespace:
                cells.insert(0, None)
            cells.extend([None] * (len(decorated) - len(cells)))
        cells_of_rows.append(cells)
    return decorated, cells_of_rows
