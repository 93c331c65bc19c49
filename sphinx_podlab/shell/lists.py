"""Running a parsed line as the shell would: lists, pipelines, ``$(...)``, assignments.

- ``A ; B`` runs both; ``A && B`` runs B when A exited 0; ``A || B`` when it did not. The
  line's exit status is the last command's that ran.
- ``A | F | G``: A (kubectl or echo) runs to its end, then each filter over the stdout before
  it. The status is the last stage's (no pipefail). The terminal shows each earlier stage's
  stderr, then the last stage's stdout and stderr (as for a command on its own).
- ``$(...)``: its script runs first; its stdout becomes the value, its stderr is shown.
- ``NAME=value`` alone: sets the page variable; its status is the last ``$(...)``'s in it,
  or 0 (POSIX).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from ..model.messages import Message, msg
from .commands import EchoError, at_column, echo_output, kind_of
from .filters import DEFAULT_TIMEOUT, FilterError, run_filter
from .hostnet import Forwarded, run_host_command
from .source import Source
from .tree import CommandSubstitution, Pipeline, Script, SimpleCommand
from .variables import Variables, expand_assignment, expand_word


@dataclass(frozen=True)
class StageRun:
    """One command as it ran, with its arguments expanded."""

    argv: tuple[str, ...]
    stdout: str
    stderr: str
    exit_code: int


@dataclass(frozen=True)
class Output:
    stream: TypingLiteral["stdout", "stderr"]
    text: str


@dataclass(frozen=True)
class LineRun:
    stages: tuple[StageRun, ...]  # in the order they ran, those inside $(...) too
    output: tuple[Output, ...]  # what the terminal shows, in order
    exit_code: int
    assigned: tuple[tuple[str, str], ...]  # (NAME, value) in the order the line set them

    @property
    def terminal(self) -> str:
        return "".join(chunk.text for chunk in self.output)

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0


# Runs one kubectl command (argv expanded; ``offset`` is where it stands in the source).
RunPodlab = Callable[[tuple[str, ...], Source, int], StageRun]


def run_line(script: Script, variables: Variables, podlab: RunPodlab,
             timeout: float = DEFAULT_TIMEOUT,
             forwarded: Forwarded = lambda _port: None) -> LineRun:
    """Run a checked line (``commands.check_script``); ``variables`` is updated in place.
    ``forwarded``: the page's port-forwards, for ``curl``/``wget`` (``hostnet``)."""
    runner = _LineRunner(script.source, variables, podlab, timeout, forwarded)
    status = runner.script(script, captured=None)
    return LineRun(tuple(runner.stages), tuple(runner.output), status, tuple(runner.assigned))


class _LineRunner:
    def __init__(self, source: Source, variables: Variables, podlab: RunPodlab,
                 timeout: float, forwarded: Forwarded) -> None:
        self.forwarded = forwarded
        self.source = source
        self.variables = variables
        self.podlab = podlab
        self.timeout = timeout
        self.stages: list[StageRun] = []
        self.output: list[Output] = []
        self.assigned: list[tuple[str, str]] = []
        self.substitution_status: int | None = None

    def script(self, script: Script, captured: list[str] | None) -> int:
        """Run the items; ``captured`` collects stdout instead of the terminal ($(...))."""
        status = 0
        for item in script.items:
            if item.background_at is not None:
                raise self.source.run_error(item.background_at, msg(
                    "background '&' (column %(column)s) is not supported yet"))
            status = self.pipeline(item.command.first, captured)
            for connector, pipeline in item.command.rest:
                if (status == 0) == (connector == "&&"):
                    status = self.pipeline(pipeline, captured)
        return status

    def substitute(self, part: CommandSubstitution) -> str:
        captured: list[str] = []
        self.substitution_status = self.script(part.script, captured)
        return "".join(captured)

    def pipeline(self, pipeline: Pipeline, captured: list[str] | None) -> int:
        first = pipeline.commands[0]
        if kind_of(first) == "assignment":
            return self.assignments(first)
        stdin = ""
        stage: StageRun | None = None
        for position, command in enumerate(pipeline.commands):
            stage = self.command(command, stdin)
            self.stages.append(stage)
            if position < len(pipeline.commands) - 1:
                self.show("stderr", stage.stderr)
            stdin = stage.stdout
        assert stage is not None
        if captured is not None:
            captured.append(stage.stdout)
        else:
            self.show("stdout", stage.stdout)
        self.show("stderr", stage.stderr)
        return stage.exit_code

    def assignments(self, command: SimpleCommand) -> int:
        self.substitution_status = None
        for assignment in command.assignments:
            value = expand_assignment(self.source, assignment.value, self.variables,
                                      self.substitute)
            self.variables.set(assignment.name, value)
            self.assigned.append((assignment.name, value))
        return self.substitution_status or 0

    def command(self, command: SimpleCommand, stdin: str) -> StageRun:
        argv = tuple(expand_word(self.source, word, self.variables, self.substitute)
                     for word in command.words)
        kind = kind_of(command)
        if kind == "kubectl":
            return self.podlab(argv, self.source, command.offset)
        if kind == "echo":
            try:
                return StageRun(argv, echo_output(argv), "", 0)
            except EchoError as error:
                raise self._blame(command, error.argument, error.message) from None
        if kind == "host":
            try:
                host = run_host_command(argv, self.forwarded, self.timeout)
            except FilterError as error:
                raise self._blame(command, error.argument, error.message) from None
            return StageRun(host.argv, host.stdout, host.stderr, host.exit_code)
        try:
            result = run_filter(argv, stdin, self.timeout)
        except FilterError as error:
            raise self._blame(command, error.argument, error.message) from None
        return StageRun(result.argv, result.stdout, result.stderr, result.exit_code)

    def _blame(self, command: SimpleCommand, argument: int, problem: Message) -> Exception:
        words: Sequence[object] = command.words
        offset = command.words[argument].offset if argument < len(words) else command.offset
        return self.source.run_error(offset, at_column(problem))

    def show(self, stream: TypingLiteral["stdout", "stderr"], text: str) -> None:
        if text:
            self.output.append(Output(stream, text))
