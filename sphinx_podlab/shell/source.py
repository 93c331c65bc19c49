"""Where in a command line something is, and the errors that say so."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import PodlabSyntaxError


class ShellSyntaxError(PodlabSyntaxError):
    """A construct podlab does not run. ``line`` is the line within the command's text."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message, line)
        self.column = column


class IncompleteLine(ShellSyntaxError):
    """The text ends after '|', '&&' or '||': a shell reads the command from the next line."""


class ShellRunError(Exception):
    """A line that cannot go on while it runs (an unset variable, a filter that is missing)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Source:
    """A command's text as typed (continuations included); its first character is in
    column ``column_base`` of its line (3 after a ``$ `` prompt)."""

    text: str
    column_base: int = 1

    def where(self, offset: int) -> tuple[int, int]:
        """(line within the text, 1-based column) of ``offset``."""
        line = self.text.count("\n", 0, offset)
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column + (self.column_base - 1 if line == 0 else 0)

    def syntax_error(self, offset: int, message: str) -> ShellSyntaxError:
        """``{column}`` in ``message`` becomes the offset's column."""
        line, column = self.where(offset)
        return ShellSyntaxError(message.replace("{column}", str(column)), line, column)

    def run_error(self, offset: int, message: str) -> ShellRunError:
        line, column = self.where(offset)
        return ShellRunError(message.replace("{column}", str(column)), line, column)
