"""Browser steps: drive headless Chromium against a pod through a port-forward.

Importing this package needs no Playwright (records replay without it); running a step does.
"""

from .actions import Action, parse_action, parse_actions, placeholders, substitute
from .step import BrowserResult, BrowserStepError, browser_unavailable, run_browser_step

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
