"""The ``podlab``, ``podlab-output`` and ``podlab-ipchange`` directives.

They only parse and record intent in placeholder nodes; running and rendering happen once
the whole page is read (``page.py``), because a page's blocks form one scenario.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..browser.actions import parse_actions
from ..model.errors import PodlabSyntaxError
from ..model.specs import BlockSpec, BrowserSpec, CommandSpec
from ..parse.block import parse_block
from ..verbs.registry import parse_kubectl
from .lines import content_line
from .nodes import PAGE_HAS_PODLAB, podlab_block, podlab_ipchange, podlab_output

OUTPUT_CHOICES = ("both", "commands", "output", "none")
_FIGURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _output_choice(argument: str) -> str:
    return str(directives.choice(argument, OUTPUT_CHOICES))


def _positive_seconds(argument: str) -> float:
    value = float(directives.unchanged_required(argument))
    if value <= 0:
        raise ValueError("must be a positive number of seconds")
    return value


def _expectation(argument: str) -> str:
    return str(directives.choice(argument, ("changed", "same")))


class PodlabDirective(SphinxDirective):
    """A block of commands as the reader types them, run live or replayed."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "name": directives.unchanged_required,
        "output": _output_choice,
        "snapshot": directives.unchanged_required,
        "expect-error": directives.flag,
        "hide": directives.flag,
        "timeout": _positive_seconds,
    }

    def run(self) -> list[nodes.Node]:
        node = podlab_block()
        self.set_source_info(node)
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        errors: list[tuple[str, int]] = []
        commands: list[CommandSpec] = []
        try:
            lines = parse_block(list(self.content))
        except PodlabSyntaxError as error:
            errors.append((str(error), content_line(self, error.line)))
            lines = []
        for line in lines:
            absolute = content_line(self, line.line)
            try:
                command = parse_kubectl(line.argv)
            except PodlabSyntaxError as error:
                errors.append((str(error), absolute))
                command = None
            commands.append(CommandSpec(line.display, line.argv, command, absolute))
        if not commands and not errors:
            errors.append(("the block has no command lines ('$ kubectl ...')", self.lineno))
        node["spec"] = BlockSpec(
            name=self.options.get("name"),
            line=self.lineno,
            commands=tuple(commands),
            snapshot=self.options.get("snapshot"),
            expect_error="expect-error" in self.options,
            timeout=self.options.get("timeout"),
        )
        node["output"] = "none" if "hide" in self.options else self.options.get("output", "both")
        node["errors"] = errors
        return [node]


class PodlabBrowserDirective(SphinxDirective):
    """A browser step of the scenario; renders as a figure of its screenshot."""

    required_arguments = 1  # the figure's name: the PNG's file name in the record
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "target": directives.unchanged_required,
        "port": directives.positive_int,
        "caption": directives.unchanged,
        "locale": directives.unchanged_required,
        "timeout": _positive_seconds,
        "width": directives.length_or_percentage_or_unitless,
    }

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if not _FIGURE_NAME.fullmatch(name):
            raise self.error(f"podlab-browser: name {name!r} must be letters, digits, '-' or '_'")
        if "target" not in self.options:
            raise self.error("podlab-browser needs :target: (e.g. deploy/pma)")
        node = podlab_block()
        self.set_source_info(node)
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        errors: list[tuple[str, int]] = []
        try:
            actions = parse_actions(list(self.content))
        except PodlabSyntaxError as error:
            errors.append((str(error), content_line(self, error.line)))
            actions = []
        if not actions and not errors:
            errors.append(("podlab-browser has no actions (open /, fill ..., click ...)",
                           self.lineno))
        browser = BrowserSpec(
            target=self.options["target"],
            port=self.options.get("port", 80),
            actions=tuple(actions),
            action_lines=tuple(content_line(self, action.line) for action in actions),
            caption=self.options.get("caption", ""),
            locale=self.options.get("locale"),
        )
        node["spec"] = BlockSpec(name=name, line=self.lineno, commands=(),
                                 timeout=self.options.get("timeout"), browser=browser)
        node["output"] = "figure"
        node["width"] = self.options.get("width")
        node["errors"] = errors
        return [node]


class PodlabOutputDirective(SphinxDirective):
    """Re-render the output of a named block (``:command: N``, 1-based, or all)."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "command": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        node = podlab_output(block=self.arguments[0], command=self.options.get("command"))
        self.set_source_info(node)
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        return [node]


class PodlabIpChangeDirective(SphinxDirective):
    """A table of a pod's IP in two snapshots; the build fails if the claim is wrong."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "pod": directives.unchanged_required,
        "before": directives.unchanged_required,
        "after": directives.unchanged_required,
        "expect": _expectation,
    }

    def run(self) -> list[nodes.Node]:
        missing = [name for name in ("pod", "before", "after") if name not in self.options]
        if missing:
            raise self.error(f"podlab-ipchange needs the options: {', '.join(missing)}")
        node = podlab_ipchange(
            pod=self.options["pod"],
            before=self.options["before"],
            after=self.options["after"],
            expect=self.options.get("expect", "changed"),
        )
        self.set_source_info(node)
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        return [node]
