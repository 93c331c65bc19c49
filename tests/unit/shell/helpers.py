"""Parsing, checking and running a line as the page does, with echo standing first."""

from __future__ import annotations

from sphinx_podlab.shell.commands import check_script
from sphinx_podlab.shell.lists import LineRun, StageRun, run_line
from sphinx_podlab.shell.source import Source
from sphinx_podlab.shell.syntax import parse_script
from sphinx_podlab.shell.tree import Script
from sphinx_podlab.shell.variables import Variables, check_variables_set


def no_kubectl(argv: tuple[str, ...], source: Source, offset: int) -> StageRun:
    raise AssertionError(f"these tests run no kubectl: {argv}")


def checked(text: str, known: set[str] | None = None) -> Script:
    script = parse_script(text, column_base=3)
    check_script(script)
    check_variables_set(script, set() if known is None else known)
    return script


def run(text: str, variables: Variables | None = None) -> LineRun:
    variables = Variables() if variables is None else variables
    return run_line(checked(text, set(variables.as_dict())), variables, no_kubectl)


def stdout(line: LineRun) -> str:
    return "".join(chunk.text for chunk in line.output if chunk.stream == "stdout")
