"""Pairing look-alike lines: rows that differ only by their generated names.

After ``kubectl scale``, ``get pods`` lists two ``pma-85cccb9fcf-…`` rows sorted by their random
suffixes, so the first row of one run may be the second pod of the other. Position cannot pair
them; what the rest of the page says about each name can (the pod that was alone before the
scale-up is the one whose name was already seen).
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Rename
from .tokens import Kind, Token

Known = dict[tuple[Kind, str], str]  # an old identity → the new one the page has shown for it


def best_pairs(old: list[list[Token]], new: list[list[Token]], known: Known) -> list[int]:
    """For each old entry, the index of the new entry to compare it with: the pairs whose
    identities agree most with ``known`` first; in order when nothing tells them apart."""
    taken = {(kind, value): source for (kind, source), value in known.items()}
    scores = sorted((-_agreement(old[i], new[j], known, taken), i, j)
                     for i in range(len(old)) for j in range(len(new)))
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for _score, i, j in scores:
        if i not in chosen and j not in used:
            chosen[i] = j
            used.add(j)
    return [chosen[i] for i in range(len(old))]


def seed(renames: Iterable[Rename]) -> Known:
    """What the unambiguous places of a page say: each old identity that became exactly one
    new identity there."""
    targets: dict[tuple[Kind, str], set[str]] = {}
    for rename in renames:
        if not rename.ambiguous:
            targets.setdefault((rename.kind, rename.old), set()).add(rename.new)
    return {key: next(iter(values)) for key, values in targets.items() if len(values) == 1}


def _agreement(old: list[Token], new: list[Token], known: Known,
               taken: dict[tuple[Kind, str], str]) -> int:
    """+1 for each identity the page already knows became this one; -1 for each that it knows
    became another, or whose new value it knows to be another's."""
    score = 0
    for before, after in zip(old, new, strict=False):
        if not before.kind.renamed:
            continue
        expected = known.get((before.kind, before.text))
        source = taken.get((after.kind, after.text))
        if expected == after.text:
            score += 1
        elif expected is not None or (source is not None and source != before.text):
            score -= 1
    return score
