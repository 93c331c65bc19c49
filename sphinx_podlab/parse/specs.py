"""A ``podlab`` or ``podlab-browser`` directive's options and content into a BlockSpec.

docutils only (no Sphinx): the Sphinx directives and the ``status`` reader build the same
specs here, so the scenario key ``status`` computes is the one a build computes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from docutils.parsers.rst import directives

from ..browser.actions import parse_actions
from ..model.errors import PodlabSyntaxError
from ..model.messages import Text, msg
from ..model.specs import BlockSpec, BrowserSpec, CommandSpec
from .block import parse_block
from .shell_line import command_spec

OUTPUT_CHOICES = ("both", "commands", "output", "none")
FIGURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
Problem = tuple[Text, int]  # message, absolute 1-based source line
LineOf = Callable[[int], int]  # content index -> absolute source line


def _output_choice(argument: str) -> str:
    return str(directives.choice(argument, OUTPUT_CHOICES))


def _positive_seconds(argument: str) -> float:
    value = float(directives.unchanged_required(argument))
    if value <= 0:
        raise ValueError("must be a positive number of seconds")
    return value


def expectation(argument: str) -> str:
    return str(directives.choice(argument, ("changed", "same")))


TERMINAL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*|%[1-9][0-9]*")


def _terminal_name(argument: str) -> str:
    name = str(directives.unchanged_required(argument)).strip()
    if not TERMINAL_NAME.fullmatch(name) or name.startswith("%"):
        raise ValueError(f"{name!r} must be letters, digits, '-' or '_'")
    return name


def _stopped_names(argument: str) -> tuple[str, ...]:
    names = tuple(str(directives.unchanged_required(argument)).split())
    for name in names:
        if not TERMINAL_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a terminal's name (or a job's %N)")
    return names


def _wait_choice(argument: str) -> str:
    """``:wait: ready`` (the default: after a change, wait until what it made is ready) or
    ``none`` (show the cluster as the command leaves it: a page about a failing pod)."""
    return str(directives.choice(argument, ("ready", "none")))


PODLAB_OPTIONS: dict[str, Callable[[str], Any]] = {
    "name": directives.unchanged_required,
    "output": _output_choice,
    "snapshot": directives.unchanged_required,
    "expect-error": directives.flag,
    "wait": _wait_choice,
    "hide": directives.flag,
    "timeout": _positive_seconds,
    # commands that keep running: the quiet period that ends a watch; another terminal
    # the block runs in (while the next blocks run); terminals (or %N jobs) stopped after it
    "quiet": _positive_seconds,
    "terminal": _terminal_name,
    "stop": _stopped_names,
}
BROWSER_OPTIONS: dict[str, Callable[[str], Any]] = {
    "target": directives.unchanged_required,
    "port": directives.positive_int,
    "caption": directives.unchanged,
    "locale": directives.unchanged_required,
    "timeout": _positive_seconds,
    "width": directives.length_or_percentage_or_unitless,
}


class AcceptAnyOption(dict[str, Callable[[str], Any]]):
    """An option_spec that lets every option through as text: docutils and MyST then never
    reject an option themselves, and :func:`convert_options` reports bad ones as podlab
    warnings at the directive's line."""

    def __init__(self, known: Mapping[str, Callable[[str], Any]]) -> None:
        super().__init__({name: directives.unchanged for name in known})

    def __missing__(self, name: str) -> Callable[[str], Any]:
        return directives.unchanged

    def __bool__(self) -> bool:
        return True  # MyST looks for an options block only when a directive has options


def convert_options(
    directive: str, raw: Mapping[str, Any], spec: Mapping[str, Callable[[str], Any]], line: int
) -> tuple[dict[str, Any], list[Problem]]:
    """Options as ``spec`` converts them; unknown options and bad values as problems."""
    options: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        converter = spec.get(name)
        if converter is None:
            problems.append((msg("%(directive)s: unknown option :%(name)s: (known: %(known)s)",
                                 directive=directive, name=name, known=", ".join(spec)), line))
            continue
        try:
            # a flag takes no value; like MyST, a value given to one is ignored
            given: Any = None if converter is directives.flag else value
            options[name] = converter(given)
        except (ValueError, TypeError) as error:
            problems.append((msg("%(directive)s: option :%(name)s: %(error)s",
                                 directive=directive, name=name, error=str(error)), line))
    return options, problems


def command_block(
    content: list[str], options: Mapping[str, Any], line: int, line_of: LineOf,
    known_names: set[str] | None = None,
) -> tuple[BlockSpec, list[Problem]]:
    """A ``podlab`` block: its commands parsed, and the problems found, each at its line.

    ``known_names``: the shell variables earlier blocks of the page set (this block's are
    added); without it, a variable set by an earlier block is taken as unset.
    """
    known_names = set() if known_names is None else known_names
    errors: list[Problem] = []
    commands: list[CommandSpec] = []
    try:
        lines = parse_block(content)
    except PodlabSyntaxError as error:
        errors.append((error.message, line_of(error.line)))
        lines = []
    for parsed in lines:
        command, problems = command_spec(parsed, line_of(parsed.line), known_names)
        commands.append(command)
        errors.extend(problems)
    if not commands and not errors:
        errors.append((msg("the block has no command lines ('$ kubectl ...')"), line))
    spec = BlockSpec(
        name=options.get("name"),
        line=line,
        commands=tuple(commands),
        snapshot=options.get("snapshot"),
        expect_error="expect-error" in options,
        waits=options.get("wait", "ready") == "ready",
        timeout=options.get("timeout"),
        quiet=options.get("quiet"),
        terminal=options.get("terminal"),
        stop=options.get("stop", ()),
    )
    return spec, errors


def browser_block(
    name: str, content: list[str], options: Mapping[str, Any], line: int, line_of: LineOf
) -> tuple[BlockSpec, list[Problem]]:
    """A ``podlab-browser`` step: its actions parsed, and the problems found."""
    errors: list[Problem] = []
    if not FIGURE_NAME.fullmatch(name):
        errors.append((msg("podlab-browser: name %(name)r must be letters, digits, '-' or '_'",
                           name=name), line))
    if "target" not in options:
        errors.append((msg("podlab-browser needs :target: (e.g. deploy/pma)"), line))
    try:
        actions = parse_actions(content)
    except PodlabSyntaxError as error:
        errors.append((error.message, line_of(error.line)))
        actions = []
    if not actions and not errors:
        errors.append((msg("podlab-browser has no actions (open /, fill ..., click ...)"), line))
    browser = BrowserSpec(
        target=options.get("target", ""),
        port=options.get("port", 80),
        actions=tuple(actions),
        action_lines=tuple(line_of(action.line) for action in actions),
        caption=options.get("caption", ""),
        locale=options.get("locale"),
    )
    spec = BlockSpec(name=name, line=line, commands=(), timeout=options.get("timeout"),
                     browser=browser)
    return spec, errors
