"""HTML (also EPUB, singlehtml) and LaTeX visitors of console blocks.

They let the builder draw a :class:`podlab_console` as any literal block, but lexed by
:class:`PodlabConsoleLexer`, which knows which lines are commands. Builders without a
visitor here (text, man, texinfo) take ``literal_block``'s own, through the node's class.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ..render.console import podlab_console
from ..render.lexer import COMMENT_CLASS, PodlabConsoleLexer, whole_output_lines


def visit_console(translator: Any, node: podlab_console) -> None:
    bridge = translator.highlighter
    lexer = PodlabConsoleLexer(kinds=node["kinds"])
    bridge.get_lexer = lambda *args, **kwargs: lexer  # this block only: removed below
    try:
        translator.visit_literal_block(node)
    finally:
        del bridge.get_lexer


def visit_html_console(translator: Any, node: podlab_console) -> None:
    written = len(translator.body)
    try:
        visit_console(translator, node)
    finally:
        for index in range(written, len(translator.body)):
            translator.body[index] = whole_output_lines(translator.body[index], node["kinds"])


def depart_console(translator: Any, node: podlab_console) -> None:
    translator.depart_literal_block(node)


def register_console(app: Sphinx) -> None:
    app.add_node(podlab_console, override=True,
                 html=(visit_html_console, depart_console),
                 latex=(visit_console, depart_console))
    # before sphinx-copybutton copies its settings into the HTML context (priority 500)
    app.connect("config-inited", exclude_comments_from_copies, priority=400)


def exclude_comments_from_copies(app: Sphinx, config: Config) -> None:
    """With sphinx-copybutton, a copy leaves out ``# comments`` and keeps ``\\`` continuations.

    Books set ``copybutton_exclude = ".linenos, .gp, .go"`` or a ``$ `` prompt; both skip
    prompts and outputs. A comment needs its own class, added here; a continuation line has
    no prompt, so prompt-only copies follow a trailing ``\\`` unless the book chose another
    character.
    """
    if "sphinx_copybutton" not in config.extensions:
        return
    selector = f".{COMMENT_CLASS}"
    exclude = str(getattr(config, "copybutton_exclude", "") or "")
    if selector not in [part.strip() for part in exclude.split(",")]:
        config.copybutton_exclude = f"{exclude}, {selector}" if exclude else selector
    if not getattr(config, "copybutton_line_continuation_character", ""):
        config.copybutton_line_continuation_character = "\\"



