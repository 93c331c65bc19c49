"""Notices shown to readers: a stale record, an output not recorded yet."""

from __future__ import annotations

from docutils import nodes


def notice(title: str, text: str, kind: str) -> nodes.admonition:
    box = nodes.admonition(classes=["podlab", f"podlab-{kind}"])
    box += nodes.title(title, title)
    box += nodes.paragraph(text, text)
    return box
