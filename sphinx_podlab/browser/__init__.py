"""Browser steps: drive headless Chromium against a pod through a port-forward.

Importing this package loads neither Playwright nor the kubernetes client: replaying
records needs neither, and every build imports the action parser. ``step`` (which needs
both) is loaded on first use of its names.
"""

from __future__ import annotations

from typing import Any

from .actions import Action, parse_action, parse_actions, placeholders, substitute

_FROM_STEP = ("BrowserResult", "BrowserStepError", "browser_unavailable", "run_browser_step")

__all__ = [
    "Action",
    "BrowserResult",
    "BrowserStepError",
    "browser_unavailable",
    "parse_action",
    "parse_actions",
    "placeholders",
    "run_browser_step",
    "substitute",
]


def __getattr__(name: str) -> Any:
    if name in _FROM_STEP:
        from . import step

        return getattr(step, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
