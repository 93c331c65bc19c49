"""Why a record is stale: the differences between its inputs and the page's current ones."""

from __future__ import annotations

import shlex
from typing import Any


def explain_change(recorded: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Short human reasons, most specific first; empty when the inputs are equal."""
    if not recorded:
        return ["the record predates stored inputs"]
    reasons: list[str] = []
    if recorded.get("format") != current.get("format"):
        reasons.append(f"record format {recorded.get('format')} → {current.get('format')}")
    if recorded.get("namespace") != current.get("namespace"):
        reasons.append(f"namespace {recorded.get('namespace')!r} → {current.get('namespace')!r}")
    before, now = recorded.get("continues"), current.get("continues")
    if before != now:
        if now is None or before is None:
            reasons.append(f"continues {(before or {}).get('page', 'no page')} → "
                           f"{(now or {}).get('page', 'no page')}")
        elif before.get("page") != now.get("page"):
            reasons.append(f"continues {before.get('page')} → {now.get('page')}")
        else:
            reasons.append(f"the page it continues ({now.get('page')}) changed")
    reasons += _manifest_changes(recorded.get("manifests", {}), current.get("manifests", {}))
    reasons += _block_changes(recorded.get("blocks", []), current.get("blocks", []))
    return reasons


def _manifest_changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    reasons = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            reasons.append(f"manifest {name} is new")
        elif name not in new:
            reasons.append(f"manifest {name} is no longer used")
        elif old[name] != new[name]:
            reasons.append(f"manifest {name} changed")
    return reasons


def _block_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    reasons = []
    if len(old) != len(new):
        reasons.append(f"{len(old)} podlab blocks → {len(new)}")
    for number, (before, after) in enumerate(zip(old, new, strict=False), start=1):
        old_commands, new_commands = before.get("argv", []), after.get("argv", [])
        for index in range(max(len(old_commands), len(new_commands))):
            was = _command(old_commands, index)
            now = _command(new_commands, index)
            if was != now:
                reasons.append(f"block {number}, command {index + 1}: {was or '(none)'} → "
                               f"{now or '(none)'}")
        for option in ("snapshot", "expect_error", "timeout", "wait"):
            if before.get(option) != after.get(option):
                reasons.append(f"block {number}: {option} {before.get(option)!r} → "
                               f"{after.get(option)!r}")
    return reasons


def _command(commands: list[list[str]], index: int) -> str | None:
    return shlex.join(commands[index]) if index < len(commands) else None
