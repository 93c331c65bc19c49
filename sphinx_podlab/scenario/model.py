"""The blocks of one page as the directives declared them (no cluster, no Sphinx)."""

from __future__ import annotations

from dataclasses import dataclass

from ..parse.kubectl import Command


@dataclass(frozen=True)
class CommandSpec:
    display: str  # the line as the reader types it, comment and continuations included
    argv: tuple[str, ...]
    command: Command | None  # None when the line could not be parsed
    line: int  # absolute 1-based line in the source file


@dataclass(frozen=True)
class BlockSpec:
    name: str | None
    line: int
    commands: tuple[CommandSpec, ...]
    snapshot: str | None = None
    expect_error: bool = False
    timeout: float | None = None


@dataclass(frozen=True)
class Scenario:
    docname: str
    namespace: str
    blocks: tuple[BlockSpec, ...]

    def commands(self) -> list[CommandSpec]:
        return [command for block in self.blocks for command in block.commands]

    def manifest_names(self) -> list[tuple[str, int]]:
        """Every ``-f FILE`` the scenario applies or deletes, with its line, in order."""
        names: list[tuple[str, int]] = []
        for spec in self.commands():
            for name in getattr(spec.command, "files", ()):
                names.append((name, spec.line))
        return names
