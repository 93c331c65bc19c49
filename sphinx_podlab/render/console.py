"""Console blocks: ``$ `` prompts (Pygments ``console``) followed by what kubectl printed."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..model.results import CommandResult
from ..model.specs import CommandSpec
from ..parse.block import PROMPT


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


def console_text(
    specs: Sequence[CommandSpec], results: Sequence[CommandResult | None], output: str
) -> str:
    """The block's text for ``:output:`` both / commands / output."""
    parts: list[str] = []
    for index, spec in enumerate(specs):
        if output in ("both", "commands"):
            parts.append(PROMPT + spec.display)
        result = results[index] if index < len(results) else None
        if output in ("both", "output") and result is not None:
            text = output_text(result)
            if text:
                parts.append(text)
    return "\n".join(parts)


def console_block(text: str) -> nodes.literal_block:
    """Pygments' console lexer marks ``$ `` as a prompt (``.gp``), which copy buttons skip."""
    return nodes.literal_block(text, text, language="console", classes=["podlab", "podlab-console"])


def output_block(text: str) -> nodes.literal_block:
    return nodes.literal_block(text, text, language="text", classes=["podlab", "podlab-output"])
