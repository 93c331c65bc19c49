"""Where in a command line something is, and the errors that say so."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import PodlabSyntaxError
from ..model.messages import Message


class ShellSyntaxError(PodlabSyntaxError):
    """A construct podlab does not run. ``line`` is the line within the command's text;
    ``message`` the translatable form of ``str(error)``."""

    message: Message

    def __init__(self, message: Message, line: int, column: int) -> None:
        super().__init__(message, line)
        self.column = column


class IncompleteLine(ShellSyntaxError):
    """The text ends after '|', '&&' or '||', or inside quotes: a shell reads on from the
    next line. ``ending`` says how the line ends ("with an operator", "inside a quote")."""

    def __init__(self, message: Message, line: int, column: int, ending: Message) -> None:
        super().__init__(message, line, column)
        self.ending = ending


class ShellRunError(Exception):
    """A line that cannot go on while it runs (an unset variable, a filter that is missing)."""

    def __init__(self, message: Message, line: int, column: int) -> None:
        super().__init__(str(message))
        self.message = message
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

    def syntax_error(self, offset: int, message: Message) -> ShellSyntaxError:
        """``%(column)s`` in the message becomes the offset's column."""
        line, column = self.where(offset)
        return ShellSyntaxError(_at(message, column), line, column)

    def run_error(self, offset: int, message: Message) -> ShellRunError:
        line, column = self.where(offset)
        return ShellRunError(_at(message, column), line, column)


def _at(message: Message, column: int) -> Message:
    return Message(message.template, {**message.params, "column": column})
