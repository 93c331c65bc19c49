"""``kubectl annotate [--overwrite] TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all
K=V... K-``: prints ``KIND/NAME annotated`` for every object, changed or not."""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.keyvalues import Changes, merge_patch, parse_changes, split_resources_and_pairs
from ..execute.rest import MERGE_PATCH, ApiError
from ..execute.selection import Selection, parse_selection, read_selection
from ..parse.flags import FlagSpec, ParsedArgs
from .base import Verb

CHANGE_CAUSE = "kubernetes.io/change-cause"  # kubectl lets this one be overwritten always


@dataclass(frozen=True)
class Annotate:
    selection: Selection
    changes: Changes
    overwrite: bool = False
    namespace: str | None = None


FLAGS = FlagSpec(
    booleans={"--overwrite": "overwrite", "--all": "all"},
    values={"-l": "selector", "--selector": "selector"},
)


def parse(args: ParsedArgs) -> Annotate:
    resources, pairs = split_resources_and_pairs(args.positionals, "annotation")
    return Annotate(parse_selection(resources, args), parse_changes(pairs, "annotation"),
                    args.has("overwrite"), args.namespace)


def run(ctx: Context, command: Annotate) -> None:
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
        metadata = selected.obj.get("metadata") or {}
        current: dict[str, str] = dict(metadata.get("annotations") or {})
        try:
            conflicts = [(key, value) for key, value in command.changes.conflicts(current)
                         if key != CHANGE_CAUSE]
            if conflicts and not command.overwrite:
                listed = "; ".join(f"'{key}' already has a value ({value})"
                                   for key, value in conflicts)
                raise CliError("--overwrite is false but found the following declared "
                               f"annotation(s): {listed}")
            updated = command.changes.apply(current)
            ctx.rest.send("PATCH", selected.path, merge_patch(current, updated, "annotations"),
                          content_type=MERGE_PATCH, timeout=ctx.timeout())
        except (ApiError, CliError) as exc:
            errors.append(exc)
            continue
        ctx.output.out(f"{selected.shown} annotated\n")
    ctx.output.fail(errors)


VERB = Verb("annotate",
            "kubectl annotate [--overwrite] TYPE NAME|TYPE/NAME|-l SEL|--all KEY=VAL... KEY-",
            FLAGS, parse)
