"""Looking values up in a record and checking claims about them (no Sphinx)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model.messages import Message, msg
from ..model.records import Record
from ..model.snapshot import Value, shown
from ..parse.values import Claim, ValueRef


class Unknown(Exception):
    """A value the record cannot give: unknown snapshot, object or field."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def snapshot_problem(ref: ValueRef, snapshots: Sequence[str]) -> Message | None:
    """Checked without a record: the page must take the snapshot the reference names."""
    if ref.snapshot in snapshots:
        return None
    return msg("unknown snapshot %(snapshot)r (this page's snapshots: %(known)s); add "
               "':snapshot: NAME' to a podlab block", snapshot=ref.snapshot,
               known=", ".join(snapshots) or "none")


def lookup(ref: ValueRef, record: Record) -> Value:
    """The referenced value in the record; raises Unknown saying what is missing."""
    objects = record.snapshots.get(ref.snapshot)
    if objects is None:
        raise Unknown(msg("the record has no snapshot %(snapshot)r (its snapshots: %(known)s)",
                          snapshot=ref.snapshot, known=", ".join(record.snapshots) or "none"))
    found = record.object(ref.snapshot, ref.kind, ref.name)
    if found is None:
        names = [obj.name for obj in objects if obj.kind == ref.kind]
        raise Unknown(msg("no %(kind)s %(name)r in snapshot %(snapshot)r (%(kind)s objects "
                          "there: %(names)s)", kind=ref.kind, name=ref.name,
                          snapshot=ref.snapshot, names=", ".join(names) or "none"))
    if not found.has(ref.field):
        raise Unknown(msg("%(kind)s %(name)r in snapshot %(snapshot)r has no field %(field)r "
                          "in this record (run 'nox -s regenerate')", kind=ref.kind,
                          name=ref.name, snapshot=ref.snapshot, field=ref.field))
    return found.get(ref.field)


def claim_holds(claim: Claim, record: Record) -> tuple[bool, str, str]:
    """Whether the claim holds in the record, with the two sides as text; raises Unknown."""
    left = lookup(claim.left, record)
    right: Value = lookup(claim.right, record) if isinstance(claim.right, ValueRef) \
        else claim.right
    left_text, right_text = shown(left), shown(right)
    match claim.relation:
        case "same":
            holds = left == right
        case "changed":
            holds = left != right
        case "equals":
            holds = left_text == right_text
        case "contains":
            items = left if isinstance(left, tuple) else (left_text,)
            holds = right_text in items if isinstance(left, tuple) else right_text in left_text
        case "matches":
            holds = re.search(str(claim.right), left_text) is not None
    return holds, left_text, right_text


def claim_problem(claim: Claim, record: Record) -> Message | None:
    """Why the claim is false (or cannot be checked) in the record; None when it holds."""
    try:
        holds, left, right = claim_holds(claim, record)
    except Unknown as unknown:
        return unknown.message
    if holds:
        return None
    if isinstance(claim.right, ValueRef):
        return msg("podlab-claim is false: %(claim)s (%(left_ref)s is %(left)r, %(right_ref)s "
                   "is %(right)r)", claim=claim.text, left_ref=claim.left.text, left=left,
                   right_ref=claim.right.text, right=right)
    return msg("podlab-claim is false: %(claim)s (%(left_ref)s is %(left)r)",
               claim=claim.text, left_ref=claim.left.text, left=left)


def page_claim_problems(claims: Sequence[Claim], refs: Sequence[tuple[ValueRef, int]],
                        record: Record) -> list[tuple[Message, int]]:
    """A page's false claims and missing values in a record, as read from its source."""
    problems: list[tuple[Message, int]] = []
    for ref, line in refs:
        try:
            lookup(ref, record)
        except Unknown as unknown:
            problems.append((unknown.message, line))
    for claim in claims:
        problem = claim_problem(claim, record)
        if problem is not None:
            problems.append((problem, claim.line))
    return problems
