"""Which blocks of a stale record are out of date, and its date as a reader reads it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

DATE_TEMPLATE = "%(year)d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d UTC"


def first_changed_block(recorded: dict[str, Any], current: dict[str, Any]) -> int:
    """Index of the first block whose output may differ from the record's.

    A block changed (its commands, options, browser actions), or it reads a manifest whose
    content changed; a later block runs after it, so it is out of date too. A change of the
    namespace (or a record without inputs) puts every block out of date.
    """
    old_blocks, new_blocks = recorded.get("blocks"), current.get("blocks", [])
    if not isinstance(old_blocks, list) or recorded.get("namespace") != current.get("namespace"):
        return 0
    changed = [index for index, (old, new) in enumerate(zip(old_blocks, new_blocks, strict=False))
               if old != new]
    if len(old_blocks) != len(new_blocks):
        changed.append(min(len(old_blocks), len(new_blocks)))
    manifests = _changed_manifests(recorded.get("manifests", {}), current.get("manifests", {}))
    changed += [index for index, block in enumerate(new_blocks)
                if manifests & {word for argv in block.get("argv", []) for word in argv}]
    return min(changed, default=len(new_blocks))


def _changed_manifests(old: Any, new: Any) -> set[str]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return set()
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def readable_date(iso: str, translate: Callable[[str], str]) -> str:
    """``2026-11-27T09:07:20+00:00`` as the book's language writes a date (UTC, minutes)."""
    try:
        when = datetime.fromisoformat(iso).astimezone(UTC)
    except ValueError:
        return iso
    return translate(DATE_TEMPLATE) % {"year": when.year, "month": when.month, "day": when.day,
                                       "hour": when.hour, "minute": when.minute}
