"""The rename map: an IP or a generated name may change between runs, but only as a whole.

If 10.1.0.85 became 10.1.0.90 in every place of the page, the page tells the same story with
another address: cosmetic. If one place still shows 10.1.0.85, or two addresses that differed
became one, the story changed: meaningful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .model import Difference, Rename
from .tokens import Kind

_SHOWN_PLACES = 3


def inconsistencies(renames: Iterable[Rename]) -> tuple[list[Difference], set[Rename]]:
    """Meaningful differences for every identity that did not change as a whole, and the
    renames involved (a difference relying on one of them is not cosmetic after all)."""
    forward: dict[tuple[Kind, str], dict[str, list[Rename]]] = defaultdict(dict)
    backward: dict[tuple[Kind, str], dict[str, list[Rename]]] = defaultdict(dict)
    for rename in renames:
        forward[rename.kind, rename.old].setdefault(rename.new, []).append(rename)
        backward[rename.kind, rename.new].setdefault(rename.old, []).append(rename)
    differences: list[Difference] = []
    involved: set[Rename] = set()
    for (kind, old), targets in forward.items():
        if len(targets) > 1:
            differences.append(Difference(
                "whole page", f"{kind.value} {old}", old, ", ".join(targets),
                "not renamed consistently: " + "; ".join(
                    f"{'stayed' if new == old else 'became'} {new} at {_places(seen)}"
                    for new, seen in targets.items()), True))
            involved.update(item for seen in targets.values() for item in seen)
    for (kind, new), sources in backward.items():
        if len(sources) > 1:
            differences.append(Difference(
                "whole page", f"{kind.value} {new}", ", ".join(sources), new,
                "different values became one: " + "; ".join(
                    f"{old} at {_places(seen)}" for old, seen in sources.items()), True))
            involved.update(item for seen in sources.values() for item in seen)
    return differences, involved


def apply_consistency(differences: list[Difference], involved: set[Rename]) -> list[Difference]:
    """Cosmetic differences that rely on an inconsistent rename become meaningful."""
    bad = {(item.kind, item.old, item.new) for item in involved}
    return [
        item.made_meaningful("but not renamed consistently across the page")
        if not item.meaningful and any((r.kind, r.old, r.new) in bad for r in item.renames)
        else item
        for item in differences
    ]


def _places(seen: list[Rename]) -> str:
    places = list(dict.fromkeys(item.where for item in seen))
    shown = ", ".join(places[:_SHOWN_PLACES])
    more = len(places) - _SHOWN_PLACES
    return f"{shown} and {more} more" if more > 0 else shown
