"""Absolute source lines of directive content (``parse/lines.py``, used by ``status`` too)."""

from ..parse.lines import content_line

__all__ = ["content_line"]
