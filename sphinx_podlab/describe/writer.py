"""kubectl's describe writer: indentation levels over a tabwriter.

Every describer writes through one ``PrefixWriter`` (two spaces per level) into Go's
text/tabwriter set up as ``tabbedString`` does in kubectl's describe.go: minimum width 0,
padding 2, padded with spaces. Tab-separated cells line up with the cells of the lines
around them; a line without a tab ends every column (so each section aligns on its own).
Text is escaped as cli-runtime's ``WriteEscaped`` does (ESC and CR made visible).
"""

from __future__ import annotations

from ..execute.tables import tabwrite

MIN_WIDTH = 0
PADDING = 2
LEVEL_SPACE = "  "


def escape_terminal(text: str) -> str:
    """cli-runtime's terminal escaper: ESC becomes ``^[``, CR becomes ``\\r``."""
    return text.replace("\x1b", "^[").replace("\r", "\\r")


class PrefixWriter:
    """Collects a describer's text; ``text()`` returns it aligned."""

    def __init__(self) -> None:
        self._done: list[str] = []  # text already aligned by a flush
        self._pending: list[str] = []

    def write(self, level: int, text: str) -> None:
        """Write ``text`` indented by ``level`` levels (only its start: add newlines yourself)."""
        self._pending.append(escape_terminal(LEVEL_SPACE * level + text))

    def write_line(self, *parts: object) -> None:
        """Go's ``fmt.Sprintln`` of ``parts`` without indentation."""
        self._pending.append(escape_terminal(" ".join(str(p) for p in parts) + "\n"))

    def flush(self) -> None:
        """End every column here, as the tabwriter's Flush does."""
        if self._pending:
            self._done.append(tabwrite("".join(self._pending), MIN_WIDTH, PADDING))
            self._pending = []

    def text(self) -> str:
        self.flush()
        return "".join(self._done)


class NestedPrefixWriter(PrefixWriter):
    """A view of another writer whose levels start ``indent`` levels deeper."""

    def __init__(self, outer: PrefixWriter, indent: int) -> None:
        self._outer = outer
        self._indent = indent

    def write(self, level: int, text: str) -> None:
        self._outer.write(level + self._indent, text)

    def write_line(self, *parts: object) -> None:
        self._outer.write(self._indent, " ".join(str(p) for p in parts) + "\n")

    def flush(self) -> None:
        self._outer.flush()

    def text(self) -> str:
        return self._outer.text()


class RawPrefixWriter(PrefixWriter):
    """A PrefixWriter over a plain buffer: tabs stay tabs (``rollout history --revision``
    prints the pod template this way)."""

    def flush(self) -> None:
        self._done.extend(self._pending)
        self._pending = []
