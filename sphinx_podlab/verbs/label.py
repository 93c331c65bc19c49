"""``kubectl label [--overwrite] TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all K=V... K-``.

kubectl prints ``pod/x labeled`` when the labels changed, ``pod/x unlabeled`` when without
``--overwrite`` the object got smaller (a label removed), ``pod/x not labeled`` when nothing
changed, and ``label "k" not found.`` for a removal of a label the object does not have.
kubectl 1.37 decides by the labels it added and removed (``modified`` for both).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.keyvalues import (
    Changes,
    edit_metadata_map,
    parse_changes,
    split_resources_and_pairs,
    with_map,
)
from ..execute.printers import go_json
from ..execute.selection import Selected, Selection, parse_selection
from ..parse.flags import FlagSpec, ParsedArgs
from .base import Verb


@dataclass(frozen=True)
class Label:
    selection: Selection
    changes: Changes
    overwrite: bool = False
    namespace: str | None = None


FLAGS = FlagSpec(
    booleans={"--overwrite": "overwrite", "--all": "all"},
    values={"-l": "selector", "--selector": "selector"},
)


def parse(args: ParsedArgs) -> Label:
    resources, pairs = split_resources_and_pairs(args.positionals, "label")
    return Label(parse_selection(resources, args), parse_changes(pairs, "label"),
                 args.has("overwrite"), args.namespace)


def run(ctx: Context, command: Label) -> None:
    def check(_selected: Selected, current: dict[str, str]) -> None:
        if not command.overwrite:
            messages = [f"'{key}' already has a value ({value}), and --overwrite is false"
                        for key, value in command.changes.conflicts(current)]
            if messages:  # utilerrors.NewAggregate: one message as it is, several in brackets
                raise CliError(messages[0] if len(messages) == 1
                               else f"[{', '.join(messages)}]")
        for key in command.changes.remove:
            if key not in current:
                ctx.output.out(f'label "{key}" not found.\n')

    def outcome(selected: Selected, updated: dict[str, str]) -> str:
        """kubectl 1.34 compares the object's JSON before and after (its updateDataChangeMsg);
        1.37 counts the labels it actually added and removed."""
        if ctx.minor >= 37:
            current = (selected.obj.get("metadata") or {}).get("labels") or {}
            added = any(current.get(key) != value for key, value in command.changes.set)
            removed = any(key in current for key in command.changes.remove)
            return ("modified" if added and removed else "labeled" if added
                    else "unlabeled" if removed else "not labeled")
        old = go_json(selected.obj)
        new = go_json(with_map(selected.obj, "labels", updated))
        if old == new:
            return "not labeled"
        if not command.overwrite and len(new.encode()) < len(old.encode()):
            return "unlabeled"
        return "labeled"

    edit_metadata_map(ctx, command.selection, command.namespace, "labels", command.changes,
                      check, outcome)


VERB = Verb("label", "kubectl label [--overwrite] TYPE NAME|TYPE/NAME|-l SEL|--all KEY=VAL... KEY-",
            FLAGS, parse)
