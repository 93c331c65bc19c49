"""kubectl's tabwriter (github.com/liggitt/tabwriter, a fork of Go's text/tabwriter), as
``printers.GetNewTabWriter`` sets it up: minimum width 6, padding 3, spaces, and
``RememberWidths``.

Two things matter beyond the simple "widest cell plus padding": a line with a single cell
(a value holding a newline makes one) flushes everything before it, and a column never
gets narrower than it was earlier in the same output (``RememberWidths``).
"""

from __future__ import annotations

MIN_WIDTH = 6
PADDING = 3


class TabWriter:
    def __init__(self, minwidth: int = MIN_WIDTH, padding: int = PADDING) -> None:
        self.minwidth = minwidth
        self.padding = padding
        self.lines: list[list[str]] = [[]]
        self.maxwidths: list[int] = []
        self.widths: list[int] = []
        self.out: list[str] = []

    def write(self, text: str) -> None:
        *complete, rest = text.split("\n")
        for piece in complete:
            self._append(piece)
            cells = self.lines[-1]
            self.lines.append([])
            if len(cells) == 1:  # nothing after it depends on what came before
                self.flush()
        self._append(rest)

    def _append(self, piece: str) -> None:
        if not piece:
            return
        cells = piece.split("\t")
        line = self.lines[-1]
        if line:
            line[-1] += cells[0]
            line.extend(cells[1:])
        else:
            line.extend(cells)

    def flush(self) -> None:
        self._format(0, len(self.lines))
        self.lines = [[]]
        self.widths = []

    def text(self) -> str:
        self.flush()
        return "".join(self.out)

    def _format(self, line0: int, line1: int) -> None:
        column = len(self.widths)
        this = line0
        while this < line1:
            if column >= len(self.lines[this]) - 1:
                this += 1
                continue
            self._write_lines(line0, this)
            line0 = this
            width = self.minwidth
            while this < line1 and column < len(self.lines[this]) - 1:
                width = max(width, len(self.lines[this][column]) + self.padding)
                this += 1
            if len(self.maxwidths) < len(self.widths):
                self.maxwidths.extend(self.widths[len(self.maxwidths):])
            if len(self.maxwidths) == len(self.widths):
                self.maxwidths.append(width)
            else:
                width = max(width, self.maxwidths[column])
                self.maxwidths[column] = width
            self.widths.append(width)
            self._format(line0, this)
            self.widths.pop()
            line0 = this
        self._write_lines(line0, line1)

    def _write_lines(self, line0: int, line1: int) -> None:
        for index in range(line0, line1):
            for column, cell in enumerate(self.lines[index]):
                self.out.append(cell)
                if column < len(self.widths):
                    self.out.append(" " * (self.widths[column] - len(cell)))
            if index + 1 < len(self.lines):
                self.out.append("\n")


def tabwrite(text: str) -> str:
    """``text`` written through one kubectl tabwriter and flushed."""
    writer = TabWriter()
    writer.write(text)
    return writer.text()
