"""The ``podlab``, ``podlab-browser``, ``podlab-output``, ``podlab-ipchange`` and
``podlab-claim`` directives.

They only parse and record intent in placeholder nodes; running and rendering happen once
the whole page is read (``page.py``), because a page's blocks form one scenario. They never
raise docutils errors: every problem (a bad option, a missing argument, a bad line) goes in
the node's ``errors`` and becomes a ``podlab.syntax`` warning at its line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..model.messages import msg
from ..parse.specs import (
    BROWSER_OPTIONS,
    PODLAB_OPTIONS,
    AcceptAnyOption,
    Problem,
    browser_block,
    command_block,
    convert_options,
    expectation,
)
from ..parse.values import Claim, ValueSyntaxError, parse_claim
from .lines import content_line
from .nodes import (
    PAGE_HAS_PODLAB,
    PAGE_SHELL_NAMES,
    podlab_block,
    podlab_claim,
    podlab_continues,
    podlab_ipchange,
    podlab_output,
)

OUTPUT_OPTIONS: dict[str, Callable[[str], Any]] = {"command": directives.positive_int}
IPCHANGE_OPTIONS: dict[str, Callable[[str], Any]] = {
    "pod": directives.unchanged_required,
    "before": directives.unchanged_required,
    "after": directives.unchanged_required,
    "expect": expectation,
}
CLAIM_OPTIONS: dict[str, Callable[[str], Any]] = {"show": directives.flag}


def _page_shell_names(directive: SphinxDirective) -> set[str]:
    """The shell variables that earlier blocks of the page being read set."""
    document = directive.env.current_document
    if PAGE_SHELL_NAMES not in document:
        document[PAGE_SHELL_NAMES] = set()
    return cast("set[str]", document[PAGE_SHELL_NAMES])


class _PodlabDirective(SphinxDirective):
    """Options and the one argument are checked here, not by docutils."""

    directive_name: ClassVar[str]
    known_options: ClassVar[dict[str, Callable[[str], Any]]]
    optional_arguments = 1
    final_argument_whitespace = True

    def checked(self, *, argument: bool) -> tuple[str, dict[str, Any], list[Problem]]:
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        options, problems = convert_options(self.directive_name, self.options,
                                            self.known_options, self.lineno)
        name = self.arguments[0] if self.arguments else ""
        if argument and not name:
            problems.append((msg("%(directive)s needs a name after the directive",
                                 directive=self.directive_name), self.lineno))
        elif not argument and name:
            problems.append((msg("%(directive)s takes no argument (got %(argument)r)",
                                 directive=self.directive_name, argument=name), self.lineno))
        return name, options, problems


class PodlabDirective(_PodlabDirective):
    """A block of commands as the reader types them, run live or replayed."""

    directive_name = "podlab"
    known_options = PODLAB_OPTIONS
    option_spec = AcceptAnyOption(PODLAB_OPTIONS)
    has_content = True

    def run(self) -> list[nodes.Node]:
        _name, options, problems = self.checked(argument=False)
        node = podlab_block()
        self.set_source_info(node)
        spec, errors = command_block(list(self.content), options, self.lineno,
                                     lambda index: content_line(self, index),
                                     _page_shell_names(self))
        node["spec"] = spec
        node["output"] = "none" if "hide" in options else options.get("output", "both")
        node["errors"] = problems + errors
        return [node]


class PodlabBrowserDirective(_PodlabDirective):
    """A browser step of the scenario; renders as a figure of its screenshot."""

    directive_name = "podlab-browser"
    known_options = BROWSER_OPTIONS
    option_spec = AcceptAnyOption(BROWSER_OPTIONS)
    has_content = True

    def run(self) -> list[nodes.Node]:
        name, options, problems = self.checked(argument=True)
        node = podlab_block()
        self.set_source_info(node)
        # the name is the PNG's file name in the record
        spec, errors = browser_block(name, list(self.content), options, self.lineno,
                                     lambda index: content_line(self, index))
        node["spec"] = spec
        node["output"] = "figure"
        node["width"] = options.get("width")
        node["errors"] = problems + errors
        return [node]


class PodlabOutputDirective(_PodlabDirective):
    """Re-render the output of a named block (``:command: N``, 1-based, or all)."""

    directive_name = "podlab-output"
    known_options = OUTPUT_OPTIONS
    option_spec = AcceptAnyOption(OUTPUT_OPTIONS)

    def run(self) -> list[nodes.Node]:
        name, options, problems = self.checked(argument=True)
        node = podlab_output(block=name, command=options.get("command"), errors=problems)
        self.set_source_info(node)
        return [node]


class PodlabIpChangeDirective(_PodlabDirective):
    """A table of a pod's IP in two snapshots; the build fails if the claim is wrong."""

    directive_name = "podlab-ipchange"
    known_options = IPCHANGE_OPTIONS
    option_spec = AcceptAnyOption(IPCHANGE_OPTIONS)

    def run(self) -> list[nodes.Node]:
        _name, options, problems = self.checked(argument=False)
        missing = [name for name in ("pod", "before", "after") if name not in options]
        if missing:
            problems.append((msg("podlab-ipchange needs the options: %(missing)s",
                                 missing=", ".join(missing)), self.lineno))
        node = podlab_ipchange(
            pod=options.get("pod", ""),
            before=options.get("before", ""),
            after=options.get("after", ""),
            expect=options.get("expect", "changed"),
            errors=problems,
        )
        self.set_source_info(node)
        return [node]


class PodlabClaimDirective(_PodlabDirective):
    """Claims about snapshotted values, one per line; the build fails at a false one.

    Invisible unless ``:show:`` (then a table of each claim, its values and the outcome).
    """

    directive_name = "podlab-claim"
    known_options = CLAIM_OPTIONS
    option_spec = AcceptAnyOption(CLAIM_OPTIONS)
    has_content = True

    def run(self) -> list[nodes.Node]:
        _name, options, problems = self.checked(argument=False)
        claims: list[Claim] = []
        for index, text in enumerate(self.content):
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            line = content_line(self, index)
            try:
                claims.append(parse_claim(text, line))
            except ValueSyntaxError as error:
                problems.append((error.message, line))
        if not claims and not problems:
            problems.append((msg("podlab-claim needs at least one claim, e.g. "
                                 "'svc/mysql.clusterIP@before same @after'"), self.lineno))
        node = podlab_claim(claims=claims, show="show" in options, errors=problems)
        self.set_source_info(node)
        return [node]


class PodlabContinuesDirective(_PodlabDirective):
    """``podlab-continues PAGE``: this page's scenario continues PAGE's (a chain)."""

    directive_name = "podlab-continues"
    known_options: ClassVar[dict[str, Callable[[str], Any]]] = {}
    option_spec = AcceptAnyOption({})

    def run(self) -> list[nodes.Node]:
        target, _options, problems = self.checked(argument=True)
        node = podlab_continues(target=target, errors=problems)
        self.set_source_info(node)
        return [node]
