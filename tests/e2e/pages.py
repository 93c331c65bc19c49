"""What the live page tests share: the settings of a page's build and its text as a reader
sees it."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any


def configure(namespace: str, mode: str, records: Path, timeout: float) -> dict[str, Any]:
    """conf overrides for a live (or replayed) build in its own namespace and record dir."""
    return {"podlab_namespace": namespace, "podlab_execution_mode": mode,
            "podlab_record_dir": str(records), "podlab_timeout": timeout}


def page_text(app: Any, docname: str = "index") -> str:
    """The built page without tags."""
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    return unescape(re.sub(r"<[^>]+>", "", html))
