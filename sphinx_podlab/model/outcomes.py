"""How one page got its outputs in one build (kept by the Sphinx domain, read by status)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .kinds import ExecutionMode, PageStatus


@dataclass(frozen=True)
class PageOutcome:
    status: PageStatus
    mode: ExecutionMode
    build: str  # id of the build that read the page
    seconds: float = 0.0
    steps: int = 0
    recorded_at: str | None = None
    cluster_version: str | None = None
    key: str | None = None  # the scenario key of the page as read
    inputs: dict[str, Any] | None = None  # what the key was computed from
    chain: list[str] | None = None  # the chain's pages, head first, when the page is in one
