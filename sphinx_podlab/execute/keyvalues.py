"""``KEY=VALUE`` / ``KEY-`` arguments of ``label`` and ``annotate``, and the merge patch that
applies them to an object's metadata map, as kubectl computes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model.kinds import Obj
from ..parse.flags import unsupported
from .context import Context
from .failures import CliError, KubectlFailure
from .rest import MERGE_PATCH, ApiError
from .selection import Selected, Selection, read_selection


@dataclass(frozen=True)
class Changes:
    set: tuple[tuple[str, str], ...]  # in the order given
    remove: tuple[str, ...]

    def apply(self, current: dict[str, str]) -> dict[str, str]:
        updated = dict(current)
        updated.update(self.set)
        for key in self.remove:
            updated.pop(key, None)
        return updated

    def conflicts(self, current: dict[str, str]) -> list[tuple[str, str]]:
        """Keys that already have another value (refused without ``--overwrite``)."""
        return [(key, current[key]) for key, value in self.set
                if key in current and current[key] != value]


def split_resources_and_pairs(args: list[str], what: str) -> tuple[list[str], list[str]]:
    """cmdutil.GetResourcesAndPairs: resources first, then ``K=V`` / ``K-`` changes."""
    resources: list[str] = []
    pairs: list[str] = []
    for arg in args:
        is_pair = ("=" in arg and not arg.startswith("=")) or (arg.endswith("-") and arg != "-")
        if is_pair:
            pairs.append(arg)
        elif pairs:
            raise unsupported(f"all resources must be specified before {what} changes: {arg}")
        else:
            resources.append(arg)
    return resources, pairs


def parse_changes(pairs: list[str], what: str) -> Changes:
    """cmdutil.ParsePairs; what is ``label`` or ``annotation`` (for kubectl's messages)."""
    settings: dict[str, str] = {}
    removals: list[str] = []
    invalid: list[str] = []
    for pair in pairs:
        if "=" in pair and not pair.startswith("="):
            key, value = pair.split("=", 1)
            if what == "label" and "=" in value:
                raise unsupported(f"invalid label spec: {pair}")
            settings[key] = value
        elif pair.endswith("-") and pair != "-":
            removals.append(pair[:-1])
        else:
            invalid.append(pair)
    if invalid:
        raise unsupported(f"invalid {what} format: {', '.join(invalid)}")
    if not settings and not removals:
        raise unsupported(f"at least one {what} update is required")
    both = [key for key in removals if key in settings]
    if both:
        if what == "label":
            raise unsupported("can not both modify and remove a label in the same command")
        raise unsupported("can not both modify and remove the following annotation(s) in the "
                          f"same command: {', '.join(both)}")
    return Changes(tuple(settings.items()), tuple(removals))


def with_map(obj: Obj, field: str, values: dict[str, str]) -> Obj:
    """A copy of ``obj`` whose ``metadata[field]`` is ``values`` (an empty map stays a map,
    as unstructured's SetLabels/SetAnnotations leave it)."""
    metadata = dict(obj.get("metadata") or {})
    metadata[field] = values
    return {**obj, "metadata": metadata}


def merge_patch(old: dict[str, str], new: dict[str, str], field: str) -> Obj:
    """The JSON merge patch from one metadata map to the other."""
    changes: dict[str, str | None] = {key: value for key, value in new.items()
                                      if old.get(key) != value}
    changes.update({key: None for key in old if key not in new})
    return {"metadata": {field: changes}}


# Checks one object's map before the change (raises CliError with kubectl's message) and
# returns, from the map after it, the word kubectl prints ("labeled", "annotated").
Check = Callable[[Selected, dict[str, str]], None]
Outcome = Callable[[Selected, dict[str, str]], str]


def edit_metadata_map(ctx: Context, selection: Selection, namespace: str | None, field: str,
                      changes: Changes, check: Check, outcome: Outcome) -> None:
    """``label`` and ``annotate``: every selected object's ``metadata[field]`` changed by a
    merge patch, ``KIND/NAME <outcome>`` printed; as kubectl's ContinueOnError visitor, every
    object is tried and the errors come at the end."""
    try:
        found = read_selection(ctx, selection, ctx.namespace(namespace))
    except ApiError as exc:
        ctx.output.fail([exc])
        return
    errors: list[KubectlFailure] = []
    for selected in found:
        if isinstance(selected, ApiError):
            errors.append(selected)
            continue
        current: dict[str, str] = dict((selected.obj.get("metadata") or {}).get(field) or {})
        updated = changes.apply(current)
        try:
            check(selected, current)
            ctx.rest.send("PATCH", selected.path, merge_patch(current, updated, field),
                          content_type=MERGE_PATCH, timeout=ctx.timeout())
        except (ApiError, CliError) as exc:
            errors.append(exc)
            continue
        ctx.output.out(f"{selected.shown} {outcome(selected, updated)}\n")
    ctx.output.fail(errors)
