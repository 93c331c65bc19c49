"""The ``podlab``, ``podlab-output`` and ``podlab-ipchange`` directives.

They only parse and record intent in placeholder nodes; running and rendering happen once
the whole page is read (``page.py``), because a page's blocks form one scenario.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..parse.specs import BROWSER_OPTIONS, PODLAB_OPTIONS, browser_block, command_block, expectation
from .lines import content_line
from .nodes import PAGE_HAS_PODLAB, podlab_block, podlab_ipchange, podlab_output


class PodlabDirective(SphinxDirective):
    """A block of commands as the reader types them, run live or replayed."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = PODLAB_OPTIONS

    def run(self) -> list[nodes.Node]:
        node = podlab_block()
        self.set_source_info(node)
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        spec, errors = command_block(list(self.content), self.options, self.lineno,
                                     lambda index: content_line(self, index))
        node["spec"] = spec
        node["output"] = "none" if "hide" in self.options else self.options.get("output", "both")
        node["errors"] = errors
        return [node]


class PodlabBrowserDirective(SphinxDirective):
    """A browser step of the scenario; renders as a figure of its screenshot."""

    required_arguments = 1  # the figure's name: the PNG's file name in the record
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = BROWSER_OPTIONS

    def run(self) -> list[nodes.Node]:
        node = podlab_block()
        self.set_source_info(node)
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        spec, errors = browser_block(self.arguments[0], list(self.content), self.options,
                                     self.lineno, lambda index: content_line(self, index))
        node["spec"] = spec
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
        "expect": expectation,
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
