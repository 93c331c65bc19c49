"""Console blocks: ``$ `` prompts followed by what kubectl printed.

A console block is a :class:`podlab_console` (a ``literal_block``) that knows which of its
lines are commands: HTML and LaTeX highlight it with :mod:`.lexer`; other builders print it
as any literal block. Tabs are expanded as a terminal shows them (to the next multiple of 8
columns), so every builder draws the same columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..model.results import CommandResult
from ..model.specs import CommandSpec
from ..parse.block import PROMPT
from .lexer import COMMAND, CONTINUATION, OUTPUT

TAB_STOP = 8


class podlab_console(nodes.literal_block):
    """A console block; ``kinds`` holds one of command / continuation / output per line."""


def terminal_text(text: str) -> str:
    """Tabs expanded to the next multiple of 8 columns, line by line, as a terminal does."""
    return "\n".join(line.expandtabs(TAB_STOP) for line in text.split("\n"))


def output_text(result: CommandResult) -> str:
    """stdout, then stderr, as a terminal shows them; no trailing newline.

    A shell line whose parts printed in another order keeps that order (``terminal``).
    """
    if result.terminal is not None:
        return result.terminal.rstrip("\n")
    text = result.stdout
    if result.stderr:
        if text and not text.endswith("\n"):
            text += "\n"
        text += result.stderr
    return text.rstrip("\n")


def console_lines(
    specs: Sequence[CommandSpec], results: Sequence[CommandResult | None], output: str
) -> list[tuple[str, str]]:
    """The block's lines with their kinds, for ``:output:`` both / commands / output."""
    lines: list[tuple[str, str]] = []
    for index, spec in enumerate(specs):
        if output in ("both", "commands"):
            first, *rest = (PROMPT + spec.display).split("\n")
            lines.append((COMMAND, first))
            lines += [(CONTINUATION, line) for line in rest]
        result = results[index] if index < len(results) else None
        if output in ("both", "output") and result is not None:
            text = output_text(result)
            if text:
                lines += [(OUTPUT, line) for line in terminal_text(text).split("\n")]
    return lines


def console_text(
    specs: Sequence[CommandSpec], results: Sequence[CommandResult | None], output: str
) -> str:
    """The block's text for ``:output:`` both / commands / output."""
    return "\n".join(line for _kind, line in console_lines(specs, results, output))


def console_block(lines: Sequence[tuple[str, str]]) -> podlab_console:
    """Only the lines podlab wrote as commands get a prompt; ``language`` is ``console`` for
    themes and for builders that highlight it themselves."""
    text = "\n".join(line for _kind, line in lines)
    block = podlab_console(text, text, language="console", classes=["podlab", "podlab-console"])
    block["kinds"] = [kind for kind, _line in lines]
    return block


def output_block(text: str) -> nodes.literal_block:
    text = terminal_text(text)
    return nodes.literal_block(text, text, language="text", classes=["podlab", "podlab-output"])
