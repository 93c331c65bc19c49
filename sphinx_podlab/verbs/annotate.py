"""``kubectl annotate [--overwrite] TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all
K=V... K-``: prints ``KIND/NAME annotated`` for every object, changed or not."""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.keyvalues import (
    Changes,
    edit_metadata_map,
    parse_changes,
    split_resources_and_pairs,
)
from ..execute.selection import Selected, Selection, parse_selection
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
    def check(_selected: Selected, current: dict[str, str]) -> None:
        conflicts = [(key, value) for key, value in command.changes.conflicts(current)
                     if key != CHANGE_CAUSE]
        if conflicts and not command.overwrite:
            listed = "; ".join(f"'{key}' already has a value ({value})"
                               for key, value in conflicts)
            raise CliError("--overwrite is false but found the following declared "
                           f"annotation(s): {listed}")

    edit_metadata_map(ctx, command.selection, command.namespace, "annotations", command.changes,
                      check, lambda _selected, _updated: "annotated")


VERB = Verb("annotate",
            "kubectl annotate [--overwrite] TYPE NAME|TYPE/NAME|-l SEL|--all KEY=VAL... KEY-",
            FLAGS, parse)
