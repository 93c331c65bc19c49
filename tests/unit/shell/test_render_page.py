from __future__ import annotations

from .render_page import PAGE, render


def test_the_appendix_page_is_current() -> None:
    """docs/appendix/shell.md is what render_page.py makes from the parser's messages now."""
    assert PAGE.read_text(encoding="utf-8") == render(), (
        "run: python tests/unit/shell/render_page.py")
