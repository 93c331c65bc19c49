"""The review as a reader sees it: a summary, then each difference under its block/command."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from itertools import groupby
from typing import Any

from .model import Difference, Review

_INDENT = " " * 14


def format_review(review: Review, meaningful_only: bool = False, brief: bool = False) -> str:
    """The review: every difference under its place, or (``meaningful_only``) the meaningful
    ones; ``brief`` lists those and counts the cosmetic ones by kind in one line."""
    lines = [f"{review.docname}: {_summary(review)}",
             f"  old: {review.old.source}, recorded {review.old.recorded_at} "
             f"on {review.old.provenance}",
             f"  new: {review.new.source}, recorded {review.new.recorded_at} "
             f"on {review.new.provenance}"]
    if brief and review.cosmetic:
        lines.append(f"  cosmetic: {_kinds(review)}")
    shown = review.meaningful if meaningful_only or brief else review.differences
    for place, items in groupby(shown, key=lambda item: item.place):
        group = list(items)
        line = next((item.page_line for item in group if item.page_line), None)
        lines.append(f"{place}" + (f" (page line {line})" if line else ""))
        for item in group:
            lines += _difference(item)
    return "\n".join(lines)


def review_data(review: Review) -> dict[str, Any]:
    """The review for tools (``--json``)."""
    return {
        "docname": review.docname,
        "meaningful": len(review.meaningful),
        "cosmetic": len(review.cosmetic),
        "old": asdict(review.old),
        "new": asdict(review.new),
        "differences": [
            {"class": item.label, "place": item.place, "part": item.part,
             "page_line": item.page_line, "reason": item.reason, "old": item.old,
             "new": item.new, "kinds": list(item.kinds)}
            for item in review.differences
        ],
    }


def _kinds(review: Review) -> str:
    """'12 duration, 8 age, 6 IP, ...': how often each kind of cosmetic change occurs."""
    counts = Counter(kind for item in review.cosmetic for kind in item.kinds or ("other",))
    return ", ".join(f"{count} {kind}" for kind, count in counts.most_common())


def _summary(review: Review) -> str:
    if not review.differences:
        return "no differences"
    meaningful, cosmetic = len(review.meaningful), len(review.cosmetic)
    verdict = "MEANINGFUL DRIFT" if meaningful else "cosmetic drift only"
    return (f"{verdict}: {meaningful} meaningful, {cosmetic} cosmetic "
            f"difference{'s' if meaningful + cosmetic != 1 else ''}")


def _difference(item: Difference) -> list[str]:
    head = f"  {item.label:<11} {item.part}: "
    if _inline(item):
        return [f"{head}{item.old} → {item.new} ({item.reason})"]
    lines = [f"{head}{item.reason}"]
    if item.old is not None:
        lines += [f"{_INDENT}- {text}" for text in item.old.split("\n")]
    if item.new is not None:
        lines += [f"{_INDENT}+ {text}" for text in item.new.split("\n")]
    return lines


def _inline(item: Difference) -> bool:
    """A short value (a duration, an exit status) reads best as ``old → new`` on one line;
    output lines are shown whole, one above the other, so the eye can compare them."""
    values = [item.old, item.new]
    return (all(value is not None and "\n" not in value and len(value) <= 40 for value in values)
            and " line" not in item.part)
