"""One shell line of a page run live: its kubectl commands through the session, its host
filters as real programs, its variables kept for the page's later lines."""

from __future__ import annotations

import time

from ..execute.session import KubectlSession
from ..execute.watch import Until
from ..model.errors import PodlabSyntaxError
from ..model.results import CommandResult
from ..shell.commands import at_column
from ..shell.lists import LineRun, StageRun, run_line
from ..shell.source import Source
from ..shell.tree import Script
from ..shell.variables import Variables
from ..verbs.registry import parse_kubectl


def run_shell_line(session: KubectlSession, script: Script, argv: tuple[str, ...],
                   variables: Variables, timeout: float,
                   until: Until | None = None, waits: bool = True) -> CommandResult:
    """Run ``script``; raises ShellRunError (at a column) and PodlabExecutionError."""
    start = time.monotonic()

    def kubectl(words: tuple[str, ...], source: Source, offset: int) -> StageRun:
        try:
            command = parse_kubectl(words)
        except PodlabSyntaxError as error:  # words that were known only once expanded
            raise source.run_error(offset, at_column(error.message)) from None
        result = session.run(command, words, timeout, until, waits)
        return StageRun(words, result.stdout, result.stderr, result.exit_code)

    line = run_line(script, variables, kubectl, timeout, session.forwards.real)
    return line_result(argv, line, round(time.monotonic() - start, 3))


def line_result(argv: tuple[str, ...], line: LineRun, seconds: float) -> CommandResult:
    """The line as one command's result: ``terminal`` only when the order was not stdout
    then stderr (as a single command's output is shown)."""
    streams = [chunk.stream for chunk in line.output]
    in_order = streams == sorted(streams, key=lambda stream: stream == "stderr")
    return CommandResult(
        argv=argv,
        stdout="".join(c.text for c in line.output if c.stream == "stdout"),
        stderr="".join(c.text for c in line.output if c.stream == "stderr"),
        exit_code=line.exit_code,
        seconds=seconds,
        terminal=None if in_order else line.terminal,
        assigned=line.assigned,
    )
