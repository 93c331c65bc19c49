"""``podlab-value`` roles and ``podlab-claim`` directives: checked against the page's
snapshots and its record, then rendered as literals and (``:show:``) tables."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence

from docutils import nodes

from ..core.values import Unknown, claim_holds, claim_problem, lookup, snapshot_problem
from ..model.messages import Text
from ..model.records import Record
from ..model.snapshot import shown
from ..parse.values import Claim, ValueRef
from ..render.table import simple_table
from .locale import _
from .nodes import podlab_claim, podlab_value

Problem = tuple[Text, int | None]


def value_problems(values: Sequence[podlab_value], claims: Sequence[podlab_claim],
                   snapshots: Sequence[str], record: Record | None) -> list[Problem]:
    """Unknown snapshots always; with a current record also missing objects and fields and
    false claims, each at its line."""
    problems: list[Problem] = []
    for node in values:
        if node.get("errors") or node["ref"] is None:
            continue
        problems += _ref_problems(node["ref"], snapshots, record, node.line)
    for claim_node in claims:
        for claim in claim_node["claims"]:
            refs = [claim.left] + ([claim.right] if isinstance(claim.right, ValueRef) else [])
            found = [p for ref in refs for p in _ref_problems(ref, snapshots, None, claim.line)]
            if not found and record is not None:
                problem = claim_problem(claim, record)
                if problem is not None:
                    found.append((problem, claim.line))
            problems += found
    return problems


def _ref_problems(ref: ValueRef, snapshots: Sequence[str], record: Record | None,
                  line: int | None) -> list[Problem]:
    problem = snapshot_problem(ref, snapshots)
    if problem is not None:
        return [(problem, line)]
    if record is None:
        return []
    try:
        lookup(ref, record)
    except Unknown as unknown:
        return [(unknown.message, line)]
    return []


def render_values(values: Sequence[podlab_value], claims: Sequence[podlab_claim],
                  record: Record | None) -> None:
    for node in values:
        node.replace_self(_value_literal(node, record))
    for claim_node in claims:
        if claim_node["show"] and not claim_node.get("errors"):
            claim_node.replace_self(_claim_table(claim_node["claims"], record))
        else:
            claim_node.replace_self([])


def _value_text(ref: ValueRef, record: Record | None) -> str | None:
    if record is None:
        return None
    try:
        return shown(lookup(ref, record))
    except Unknown:
        return None


def _value_literal(node: podlab_value, record: Record | None) -> nodes.literal:
    ref: ValueRef | None = node["ref"]
    text = (_value_text(ref, record) if ref is not None else None) or node["written"]
    return nodes.literal(text, text, classes=["podlab", "podlab-value"])


RELATION_WORDS = {
    "same": "the same as",
    "changed": "changed from",
    "equals": "equal to",
    "contains": "contains",
    "matches": "matches",
}


def _valued(ref: ValueRef, record: Record | None) -> nodes.inline:
    """``REF = VALUE``, where REF (``pod/mysql-0.ip@svc-before``) may break after its ``/``,
    ``.`` and ``@`` on a narrow screen (``<wbr>`` in HTML) and the value stays whole."""
    cell = nodes.inline()
    for part in re.split(r"(?<=[/.@])", ref.text):
        if len(cell):
            cell += nodes.raw("", "<wbr>", format="html")
        cell += nodes.Text(part)
    cell += nodes.Text(f" = {_value_text(ref, record) or '?'}")
    return cell


def _claim_table(claims: Sequence[Claim], record: Record | None) -> nodes.table:
    headers = [str(_("Value")), str(_("Claim")), str(_("Compared with")), str(_("Holds?"))]
    rows: list[list[str | nodes.Node]] = []
    for claim in claims:
        left = _valued(claim.left, record)
        right: str | nodes.Node = (_valued(claim.right, record)
                                   if isinstance(claim.right, ValueRef) else claim.right)
        holds = "?"
        if record is not None:
            with contextlib.suppress(Unknown):
                holds = str(_("yes")) if claim_holds(claim, record)[0] else str(_("no"))
        rows.append([left, str(_(RELATION_WORDS[claim.relation])), right, holds])
    return simple_table(headers, rows, "claim")
