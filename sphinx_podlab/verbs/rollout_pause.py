"""``kubectl rollout pause|resume deployment/NAME`` and ``kubectl rollout restart
deployment|statefulset|daemonset/NAME``: kubectl's strategic patches (``spec.paused``; the
template annotation ``kubectl.kubernetes.io/restartedAt``) and its messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.readiness import wait_workload
from ..execute.rest import STRATEGIC_MERGE_PATCH, ApiError, object_path
from ..model.kinds import Obj
from ..model.objects import ObjectRef
from ..parse.args import object_refs
from ..parse.flags import FlagSpec, ParsedArgs
from .base import Verb

RESTARTABLE = {"Deployment", "StatefulSet", "DaemonSet"}


@dataclass(frozen=True)
class RolloutChange:
    action: str  # "pause", "resume", "restart"
    targets: tuple[ObjectRef, ...]
    namespace: str | None = None


FLAGS = FlagSpec()


def _parser(action: str) -> Callable[[ParsedArgs], RolloutChange]:
    def parse(args: ParsedArgs) -> RolloutChange:
        return RolloutChange(action, object_refs(args.positionals, args.verb), args.namespace)
    return parse


def rfc3339_now() -> str:
    """Go's ``time.Now().Format(time.RFC3339)`` in the build machine's time zone."""
    text = datetime.now().astimezone().replace(microsecond=0).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _patch(action: str, obj: Obj) -> tuple[Obj | None, str | None]:
    """(the patch, or None when nothing changes; kubectl's error for the object)."""
    kind = obj.get("kind")
    paused = bool((obj.get("spec") or {}).get("paused"))
    if action in ("pause", "resume"):
        if kind != "Deployment":
            return None, f"{'pausing' if action == 'pause' else 'resuming'} is not supported"
        if paused == (action == "pause"):
            return None, "is already paused" if paused else "is not paused"
        return {"spec": {"paused": action == "pause"}}, None
    if kind not in RESTARTABLE:
        return None, "restarting is not supported"
    if kind == "Deployment" and paused:
        return None, "can't restart paused deployment (run rollout resume first)"
    annotation = {"kubectl.kubernetes.io/restartedAt": rfc3339_now()}
    return {"spec": {"template": {"metadata": {"annotations": annotation}}}}, None


DONE = {"pause": "paused", "resume": "resumed", "restart": "restarted"}


def run(ctx: Context, command: RolloutChange) -> None:
    namespace = ctx.namespace(command.namespace)
    errors: list[CliError | ApiError] = []
    restarted: list[ObjectRef] = []
    for ref in command.targets:
        path = object_path(ref.resource, namespace, ref.name)
        try:
            obj = ctx.get(path)
        except ApiError as exc:
            errors.append(exc)
            continue
        patch, problem = _patch(command.action, obj)
        if problem is not None:
            errors.append(CliError(f'error: {ref.resource.qualified_plural} "{ref.name}" '
                                   f"{problem}"))
            continue
        try:
            ctx.rest.send("PATCH", path, patch, content_type=STRATEGIC_MERGE_PATCH,
                          query={"fieldManager": "kubectl-rollout"}, timeout=ctx.timeout())
        except ApiError as exc:
            errors.append(CliError(f"failed to patch: {exc.message}"))
            continue
        ctx.output.out(f"{ref.resource.qualified_kind}/{ref.name} {DONE[command.action]}\n")
        if command.action != "pause":
            restarted.append(ref)
    for ref in restarted:  # a careful author waits for the new pods
        wait_workload(ctx, ref.resource, namespace, ref.name)
    ctx.output.fail(list(errors))


def _verb(action: str, kinds: str) -> Verb[RolloutChange]:
    return Verb(f"rollout {action}", f"kubectl rollout {action} {kinds}/NAME", FLAGS,
                _parser(action))


PAUSE = _verb("pause", "deployment")
RESUME = _verb("resume", "deployment")
RESTART = _verb("restart", "deployment|statefulset|daemonset")
