"""The content of a ``podlab`` block: ``$ ``-prompted command lines with continuations."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import PodlabSyntaxError
from ..shell.source import IncompleteLine
from ..shell.syntax import parse_script
from .shell import split_shell_words

PROMPT = "$ "


@dataclass(frozen=True)
class CommandLine:
    """One command as the reader types it."""

    display: str  # as written after the prompt, continuation lines and comment included
    argv: tuple[str, ...]
    comment: str | None
    line: int  # 0-based index of its first line within the block content


def parse_block(lines: list[str]) -> list[CommandLine]:
    """Parse block content lines; raise :class:`PodlabSyntaxError` on anything else."""
    commands: list[CommandLine] = []
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line:
            index += 1
            continue
        if not line.startswith(PROMPT):
            raise PodlabSyntaxError(
                f"expected a command line starting with {PROMPT!r}, got {line!r}", index
            )
        first = index
        parts = [line[len(PROMPT) :]]
        while (ending := _continues(parts)) is not None:
            index += 1
            if index >= len(lines) or lines[index].startswith(PROMPT):
                raise PodlabSyntaxError(f"the command line ends {ending}: write the rest on "
                                        "the next line (without '$ ')", first)
            parts.append(lines[index].rstrip())
        display = "\n".join(parts)
        try:
            words = split_shell_words(display.replace("\\\n", " "))
        except PodlabSyntaxError as error:
            raise PodlabSyntaxError(str(error), first) from None
        if not words.argv:
            raise PodlabSyntaxError("empty command line", first)
        commands.append(CommandLine(display, words.argv, words.comment, first))
        index += 1
    return commands


def _continues(parts: list[str]) -> str | None:
    """What makes the line go on: a '\\' (outside a comment) and, as in a shell, a trailing
    '|', '&&' or '||' or an open quote; None when the line is complete."""
    if parts[-1].endswith("\\"):
        return None if _ends_in_comment(parts) else "with '\\'"
    try:
        parse_script("\n".join(parts))
    except IncompleteLine as error:
        return error.ending
    except PodlabSyntaxError:
        return None
    return None


def _ends_in_comment(parts: list[str]) -> bool:
    """A backslash inside a trailing comment does not continue the line."""
    try:
        return split_shell_words(" ".join(parts)).comment is not None
    except PodlabSyntaxError:
        return False
