"""What a drift review finds: differences between two records, each cosmetic or meaningful."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .tokens import Kind


@dataclass(frozen=True)
class Rename:
    """One identity (an IP, a generated name...) seen as ``old`` in one record, ``new`` in the
    other, at ``where``."""

    kind: Kind
    old: str
    new: str
    where: str
    ambiguous: bool = False  # seen on one of several look-alike lines, paired by the others


@dataclass(frozen=True)
class Difference:
    place: str  # the block and command, or "record", or "snapshot NAME"
    part: str  # "stdout line 8", "exit status", "duration", ...
    old: str | None
    new: str | None
    reason: str
    meaningful: bool
    # the renames a cosmetic verdict relies on: it turns meaningful if one is inconsistent
    renames: tuple[Rename, ...] = ()
    page_line: int | None = None
    # what kinds of cosmetic change it holds ("age", "IP", "duration"...), for summaries
    kinds: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "meaningful" if self.meaningful else "cosmetic"

    def made_meaningful(self, why: str) -> Difference:
        return replace(self, meaningful=True, reason=f"{self.reason} — {why}")


@dataclass(frozen=True)
class Side:
    """Where a record came from and what it says of itself, for the review's header."""

    source: str  # a path, or "HEAD:docs/_podlab/x.json"
    recorded_at: str
    provenance: str  # "Kubernetes v1.34.9 linux/amd64, podlab 0.1.0, ..."


@dataclass(frozen=True)
class Review:
    docname: str
    old: Side
    new: Side
    differences: tuple[Difference, ...] = field(default_factory=tuple)

    @property
    def meaningful(self) -> tuple[Difference, ...]:
        return tuple(item for item in self.differences if item.meaningful)

    @property
    def cosmetic(self) -> tuple[Difference, ...]:
        return tuple(item for item in self.differences if not item.meaningful)


class BadRecordError(ValueError):
    """An input that is not a podlab record (or not of the same page): exit status 2."""
