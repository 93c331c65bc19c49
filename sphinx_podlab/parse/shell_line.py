"""A ``$ `` line of a ``podlab`` block into its CommandSpec: the shell's reading of it, its
kubectl commands parsed where they are written out, every problem at its source line."""

from __future__ import annotations

from dataclasses import replace

from ..model.errors import PodlabSyntaxError
from ..model.messages import Text
from ..model.specs import CommandSpec
from ..shell.commands import check_script, kind_of, literal_argv, record_argv, simple_commands
from ..shell.syntax import parse_script
from ..shell.tree import Script
from ..shell.variables import check_variables_set
from ..verbs.attach import Attach
from ..verbs.exec import Exec
from ..verbs.registry import Command, parse_kubectl
from ..verbs.run import Run
from .block import PROMPT, CommandLine

Problem = tuple[Text, int]  # message, absolute 1-based source line


def command_spec(line: CommandLine, absolute: int,
                 known_names: set[str]) -> tuple[CommandSpec, list[Problem]]:
    """``line`` (its first line at ``absolute``) as a spec; ``known_names`` are the variables
    earlier lines of the page set, and get this line's added."""
    try:
        script = parse_script(line.display, column_base=len(PROMPT) + 1)
    except PodlabSyntaxError as error:
        return CommandSpec(line.display, line.argv, None, absolute), [
            (error.message, absolute + error.line)]
    argv = record_argv(script)  # the key's input, whatever the checks below find
    try:  # a trailing '&' runs the line as a job (scenario/terminals.py)
        check_script(script, allow_background=_ends_in_background(script))
    except PodlabSyntaxError as error:
        return CommandSpec(line.display, argv, None, absolute), [
            (error.message, absolute + error.line)]
    problems: list[Problem] = []
    try:  # a reader without the page's earlier blocks (status) gets the same spec
        check_variables_set(script, known_names)
    except PodlabSyntaxError as error:
        problems.append((error.message, absolute + error.line))
    kubectl: list[Command] = []
    for command in simple_commands(script):
        words = literal_argv(command)
        if kind_of(command) != "kubectl" or words is None:
            continue  # with expansions: parsed when it runs
        try:
            kubectl.append(parse_kubectl(words))
        except PodlabSyntaxError as error:
            problems.append((error.message, absolute + script.source.where(command.offset)[0]))
    single = kubectl[0] if _one_kubectl_command(script, argv) and kubectl else None
    typed = tuple(typed_line.text for typed_line in line.typed)
    typed_lines = tuple(absolute + typed_line.line - line.line for typed_line in line.typed)
    if typed:
        if isinstance(single, Exec | Run | Attach):
            single = replace(single, typed=typed)
            kubectl = [single]
        else:
            problems.append(("lines typed inside a session follow a plain 'kubectl exec -it' "
                             "or 'kubectl run -it' line", absolute))
    return CommandSpec(line.display, argv, single, absolute, script, tuple(kubectl), typed,
                       typed_lines), problems


def _ends_in_background(script: Script) -> bool:
    """Only the last item may end in '&' (``A & B`` would run A beside B on one line)."""
    return all(item.background_at is None for item in script.items[:-1])


def _one_kubectl_command(script: Script, argv: tuple[str, ...]) -> bool:
    return argv[:1] == ("kubectl",) and len(list(simple_commands(script))) == 1

