"""``kubectl wait --for=condition=C[=V]|delete [--timeout=D] TYPE/NAME...``.

kubectl prints ``pod/x condition met`` per object (also for ``--for=delete``); an object
already gone is skipped silently for ``delete``; when its ``--timeout`` passes it prints
``error: timed out waiting for the condition on pods/x`` and exits 1. Our own step deadline,
when shorter, is a PodlabExecutionError instead.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..model.kinds import Obj
from .context import Context
from .deadline import POLL_INTERVAL
from .failures import CliError
from .printers import group_of, kind_name
from .rest import ApiError, object_path

if TYPE_CHECKING:  # verbs/wait.py imports this module
    from ..verbs.wait import Wait


def condition_met(obj: Obj, condition: str) -> bool:
    """ConditionalWait.checkCondition: type and status compared case-insensitively; a
    condition observed for an older generation does not count."""
    name, _, wanted = condition.partition("=")
    wanted = wanted or "true"
    for item in (obj.get("status") or {}).get("conditions") or []:
        if not isinstance(item, dict) or str(item.get("type", "")).casefold() != name.casefold():
            continue
        if "status" not in item:
            continue
        generation = (obj.get("metadata") or {}).get("generation")
        if isinstance(generation, int):
            observed = item.get("observedGeneration")
            if observed is None:
                observed = (obj.get("status") or {}).get("observedGeneration")
            if isinstance(observed, int) and observed < generation:
                return False
        return str(item.get("status")).casefold() == wanted.casefold()
    return False


def run_wait(ctx: Context, command: Wait) -> None:
    namespace = ctx.namespace(command.namespace)
    kubectl_end = time.monotonic() + command.timeout
    for ref in command.targets:
        path = object_path(ref.resource, namespace if ref.resource.namespaced else None, ref.name)
        try:
            first = ctx.get(path)
        except ApiError as exc:
            if exc.not_found and command.condition == "delete":
                continue
            ctx.output.fail([exc])
            return
        uid = first["metadata"].get("uid")
        shown = kind_name(str(first.get("kind")), group_of(str(first.get("apiVersion"))), ref.name)
        timed_out = CliError(
            f"timed out waiting for the condition on {ref.resource.plural}/{ref.name}"
        )
        what = f"{ref.resource.singular}/{ref.name} to be deleted" if command.condition == \
            "delete" else f"condition {command.condition} on {ref.resource.singular}/{ref.name}"
        obj: Obj | None = first
        while True:
            if command.condition == "delete":
                if obj is None or obj["metadata"].get("uid") != uid:
                    break
            elif obj is None:
                ctx.output.fail([ApiError(404, {
                    "kind": "Status", "status": "Failure", "reason": "NotFound", "code": 404,
                    "message": f'{ref.resource.qualified_plural} "{ref.name}" not found'})])
                return
            elif condition_met(obj, command.condition):
                break
            if command.timeout == 0:  # kubectl: check once, do not wait
                ctx.output.fail([CliError(
                    f"condition not met for {ref.resource.plural}/{ref.name}")])
                return
            now = time.monotonic()
            if now >= kubectl_end and kubectl_end <= ctx.deadline.end:
                ctx.output.fail([timed_out])
                return
            if now >= ctx.deadline.end:
                raise ctx.deadline.timeout_error(what)
            ctx.deadline.report(what)
            time.sleep(max(0.0, min(POLL_INTERVAL, kubectl_end - now, ctx.deadline.end - now)))
            obj = ctx.get_or_none(path)
        ctx.output.out(f"{shown} condition met\n")
