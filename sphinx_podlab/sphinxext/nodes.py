"""Placeholder nodes: directives record intent; the doctree-read handler replaces them
with ordinary docutils nodes, so every builder (HTML, LaTeX, text) renders the result."""

from __future__ import annotations

from docutils import nodes


class podlab_block(nodes.General, nodes.Element):
    """A ``podlab`` block; ``spec`` holds its BlockSpec, ``errors`` its parse errors."""


class podlab_output(nodes.General, nodes.Element):
    """``podlab-output NAME``: ``block`` name and 1-based ``command`` (or None for all)."""


class podlab_ipchange(nodes.General, nodes.Element):
    """``podlab-ipchange``: ``pod``, ``before``, ``after``, ``expect``."""


class podlab_ip(nodes.Inline, nodes.TextElement):
    """``{podlab-ip}`POD@SNAPSHOT```: ``pod`` and ``snapshot``."""


class podlab_value(nodes.Inline, nodes.TextElement):
    """``{podlab-value}`TYPE/NAME.FIELD@SNAPSHOT```: ``ref`` (a ValueRef, None when bad)."""


class podlab_claim(nodes.General, nodes.Element):
    """``podlab-claim``: ``claims`` (Claims, in order) and ``show`` (render as a table)."""


class podlab_continues(nodes.General, nodes.Element):
    """``podlab-continues PAGE``: ``target`` as written; renders as nothing."""


PLACEHOLDERS = (podlab_block, podlab_output, podlab_ipchange, podlab_ip, podlab_value,
                podlab_claim, podlab_continues)

# Key in ``env.temp_data`` (Sphinx's per-document scratch space): the page has podlab nodes.
PAGE_HAS_PODLAB = "podlab_placeholders"
# Also there: the shell variables earlier blocks of the page set (a set of names).
PAGE_SHELL_NAMES = "podlab_shell_names"
