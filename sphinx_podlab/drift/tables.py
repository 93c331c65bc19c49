"""kubectl's aligned tables in an output: where each column starts, so a changed row can be
reported as "STATUS: Running → CrashLoopBackOff" rather than as a whole line."""

from __future__ import annotations

import re
from dataclasses import dataclass

# `get` headers: upper-case words (NOMINATED NODE, CPU(cores), PORT(S)) two spaces apart
_HEADER_WORD = r"[A-Z][A-Z0-9_./:%-]*(?:\([A-Za-z%]+\))?"
_HEADER_CELL = rf"{_HEADER_WORD}(?: {_HEADER_WORD})*"
_HEADER = re.compile(rf"^ *{_HEADER_CELL}(?: {{2,}}{_HEADER_CELL})+ *$")  # top pads the end
# describe's tables: a header of any words, underlined by dashes (Events, Conditions)
_DASHES = re.compile(r"^ *-+(?: {2,}-+)+ *$")
_CELL = re.compile(r"\S+(?: \S+)*")
_USAGE = re.compile(r"^(?:CPU|MEMORY)\((?:cores|bytes|%)\)$")


@dataclass(frozen=True)
class Table:
    header: int  # line index of the header
    columns: tuple[tuple[str, int], ...]  # (name, start column)

    def usage_columns(self) -> frozenset[str]:
        """`kubectl top`'s columns: CPU(cores), CPU(%), MEMORY(bytes), MEMORY(%)."""
        return frozenset(name for name, _start in self.columns if _USAGE.match(name))

    def cells(self, line: str) -> dict[str, str]:
        cells = {}
        for index, (name, start) in enumerate(self.columns):
            end = self.columns[index + 1][1] if index + 1 < len(self.columns) else len(line)
            cells[name] = line[start:end].strip()
        return cells


def find_tables(lines: list[str]) -> dict[int, Table]:
    """The table each row line belongs to, by line index (headers and underlines excluded)."""
    rows: dict[int, Table] = {}
    index = 0
    while index < len(lines):
        table, first_row = _table_at(lines, index)
        if table is None:
            index += 1
            continue
        row = first_row
        while (row < len(lines) and lines[row].strip() and _fits(lines[row], table)
               and not _HEADER.match(lines[row])):  # a header: the next table starts
            rows[row] = table
            row += 1
        index = max(row, index + 1)
    return rows


def _table_at(lines: list[str], index: int) -> tuple[Table | None, int]:
    line = lines[index]
    if index + 1 < len(lines) and _DASHES.match(lines[index + 1]) and line.strip():
        return Table(index, _columns(line, lines[index + 1])), index + 2
    if _HEADER.match(line):
        return Table(index, _columns(line, line)), index + 1
    return None, index


def _columns(header: str, layout: str) -> tuple[tuple[str, int], ...]:
    """Columns start where ``layout``'s cells (text runs two or more spaces apart) start."""
    starts = [match.start() for match in _CELL.finditer(layout)]
    return tuple((header[start:end].strip(), start)
                 for start, end in zip(starts, [*starts[1:], len(header)], strict=True))


def _fits(line: str, table: Table) -> bool:
    """A row of the table has a space (or its end) just before every column's start."""
    return all(start == 0 or start >= len(line) or line[start - 1] == " "
               for _name, start in table.columns[1:])
