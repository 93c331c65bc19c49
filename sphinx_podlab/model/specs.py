"""The blocks of one page as the directives declared them (no cluster, no Sphinx)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the verbs import this module's neighbours; types only
    from ..browser.actions import Action
    from ..shell.tree import Script
    from ..verbs.registry import Command


@dataclass(frozen=True)
class CommandSpec:
    display: str  # the line as the reader types it, comment and continuations included
    argv: tuple[str, ...]  # what the key and the record keep (shell.commands.record_argv)
    command: Command | None  # a line of one kubectl command; None for a shell line or an error
    line: int  # absolute 1-based line in the source file
    script: Script | None = None  # the line as the shell reads it; None when it is bad
    kubectl: tuple[Command, ...] = ()  # every kubectl command of the line written out in full
    typed: tuple[str, ...] = ()  # what the reader types in its interactive session
    typed_lines: tuple[int, ...] = ()  # absolute 1-based line of each typed line


@dataclass(frozen=True)
class BrowserSpec:
    """A ``podlab-browser`` step: actions in headless Chromium against a forwarded port."""

    target: str  # deploy/pma, statefulset/x or a pod name
    port: int
    actions: tuple[Action, ...]
    action_lines: tuple[int, ...]  # absolute 1-based line of each action
    caption: str
    locale: str | None = None

    def line_of(self, action_index: int | None, default: int) -> int:
        if action_index is None or not 0 <= action_index < len(self.action_lines):
            return default
        return self.action_lines[action_index]


@dataclass(frozen=True)
class BlockSpec:
    name: str | None
    line: int
    commands: tuple[CommandSpec, ...]
    snapshot: str | None = None
    expect_error: bool = False
    waits: bool = True  # ``:wait: none``: no readiness waits after the block's changes
    timeout: float | None = None
    browser: BrowserSpec | None = None
    quiet: float | None = None  # seconds without a change that end its watches
    terminal: str | None = None  # runs in another terminal of this name, in the background
    stop: tuple[str, ...] = ()  # terminals (or `&` jobs, %N) stopped after its commands


@dataclass(frozen=True)
class Scenario:
    docname: str
    namespace: str
    blocks: tuple[BlockSpec, ...]

    def commands(self) -> list[CommandSpec]:
        return [command for block in self.blocks for command in block.commands]

    def step_count(self) -> int:
        """Commands plus browser steps: what progress lines count as steps."""
        return sum(1 if block.browser else len(block.commands) for block in self.blocks)

    def manifest_names(self) -> list[tuple[str, int]]:
        """Every ``-f FILE`` the scenario applies or deletes, with its line, in order."""
        return self._names("files")

    def data_file_names(self) -> list[tuple[str, int]]:
        """Every other file a command reads (``--from-file``, ``--patch-file``...): in the
        key like the manifests, but not read as manifests."""
        return self._names("data_files")

    def _names(self, attribute: str) -> list[tuple[str, int]]:
        names: list[tuple[str, int]] = []
        for spec in self.commands():
            for command in spec.kubectl or (spec.command,):
                for name in getattr(command, attribute, ()):
                    names.append((name, spec.line))
        return names
