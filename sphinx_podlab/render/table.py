"""Simple header + rows tables (the IP-change table, the execution report)."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = str | nodes.Node


def simple_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], kind: str) -> nodes.table:
    table = nodes.table(classes=["podlab", f"podlab-{kind}"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for text in headers:  # widths for builders that need them (text, LaTeX)
        group += nodes.colspec(colwidth=max(len(text), 15))
    head = nodes.thead()
    head += _row(headers)
    body = nodes.tbody()
    for row in rows:
        body += _row(row)
    group += head
    group += body
    return table


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        paragraph += nodes.Text(cell) if isinstance(cell, str) else cell
        entry += paragraph
        row += entry
    return row
