"""Absolute source lines of directive content, the same in reStructuredText and MyST."""

from __future__ import annotations

from docutils.parsers.rst import Directive


def content_line(directive: Directive, index: int) -> int:
    """The 1-based line in the source file of content line ``index``.

    reStructuredText gives absolute offsets through ``content.info``; MyST's mocked state
    gives offsets relative to the directive, so there the directive's own line is added.
    """
    if _is_myst(directive):
        return directive.lineno + directive.content_offset + index + 1
    _source, offset = directive.content.info(index)
    return (offset or 0) + 1


def _is_myst(directive: Directive) -> bool:
    return type(directive.state).__module__.startswith("myst_parser")
