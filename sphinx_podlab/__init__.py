"""sphinx_podlab: every console output in the book comes from a real cluster."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from .sphinxext.setup import setup_extension

    return setup_extension(app)
