"""``kubectl label [--overwrite] TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all K=V... K-``.

kubectl prints ``pod/x labeled`` when the labels changed, ``pod/x unlabeled`` when without
``--overwrite`` the object got smaller (a label removed), ``pod/x not labeled`` when nothing
changed, and ``label "k" not found.`` for a removal of a label the object does not have.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.keyvalues import (
    Changes,
    merge_patch,
    parse_changes,
    split_resources_and_pairs,
    with_map,
)
from ..execute.printers import go_json
from ..execute.rest import MERGE_PATCH, ApiError
from ..execute.selection import Selection, parse_selection, read_selection
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
    try:
        found = read_selection(ctx, command.selection, ctx.namespace(command.namespace))
    except ApiError as exc:
        ctx.output.fail([exc])
        return
    # kubectl's ContinueOnError visitor: every object is tried, the errors come at the end
    errors: list[KubectlFailure] = []
    for selected in found:
        if isinstance(selected, ApiError):
            errors.append(selected)
            continue
        current: dict[str, str] = dict((selected.obj.get("metadata") or {}).get("labels") or {})
        try:
            if not command.overwrite:
                conflicts = command.changes.conflicts(current)
                if conflicts:
                    messages = [f"'{key}' already has a value ({value}), and --overwrite is "
                                "false" for key, value in conflicts]
                    # utilerrors.NewAggregate: one message as it is, several in brackets
                    raise CliError(messages[0] if len(messages) == 1
                                   else f"[{', '.join(messages)}]")
            for key in command.changes.remove:
                if key not in current:
                    ctx.output.out(f'label "{key}" not found.\n')
            updated = command.changes.apply(current)
            ctx.rest.send("PATCH", selected.path, merge_patch(current, updated, "labels"),
                          content_type=MERGE_PATCH, timeout=ctx.timeout())
        except (ApiError, CliError) as exc:
            errors.append(exc)
            continue
        old = go_json(selected.obj)
        new = go_json(with_map(selected.obj, "labels", updated))
        if old == new:
            message = "not labeled"
        elif not command.overwrite and len(new.encode()) < len(old.encode()):
            message = "unlabeled"
        else:
            message = "labeled"
        ctx.output.out(f"{selected.shown} {message}\n")
    ctx.output.fail(errors)


VERB = Verb("label", "kubectl label [--overwrite] TYPE NAME|TYPE/NAME|-l SEL|--all KEY=VAL... KEY-",
            FLAGS, parse)
