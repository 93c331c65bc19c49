"""The closed vocabularies: execution modes, page statuses, warning subtypes."""

from __future__ import annotations

from typing import Any, Literal, get_args

# A JSON object as the API server sends it (and as manifests are loaded).
Obj = dict[str, Any]

ExecutionMode = Literal["auto", "replay", "force", "off"]
MODES: tuple[ExecutionMode, ...] = get_args(ExecutionMode)

# How one page got its outputs in one build.
PageStatus = Literal["live", "replayed", "stale", "missing", "failed", "off"]
PAGE_STATUSES: tuple[PageStatus, ...] = get_args(PageStatus)

# ``podlab.<subtype>``: what ``suppress_warnings`` names.
WarningSubtype = Literal[
    "syntax", "manifest", "execution", "reference", "record", "stale", "missing", "cluster",
    "cleanup",
]
WARNING_SUBTYPES: tuple[WarningSubtype, ...] = get_args(WarningSubtype)
