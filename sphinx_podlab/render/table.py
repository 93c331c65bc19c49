"""The IP-change table: Pod, IP before, IP after, changed?"""

from __future__ import annotations

from docutils import nodes


def ipchange_table(headers: list[str], row: list[str]) -> nodes.table:
    table = nodes.table(classes=["podlab", "podlab-ipchange"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for text in headers:  # widths for builders that need them (text, LaTeX)
        group += nodes.colspec(colwidth=max(len(text), 15))
    head = nodes.thead()
    head += _row(headers)
    body = nodes.tbody()
    body += _row(row)
    group += head
    group += body
    return table


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(text, text)
        row += entry
    return row
