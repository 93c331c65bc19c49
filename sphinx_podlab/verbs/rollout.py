"""``kubectl rollout status TYPE/NAME``: kubectl's status messages, one per watch event.

kubectl lists the object and watches it, printing its status viewer's message for every
ADDED/MODIFIED event until the rollout is done (kubectl 1.34 wording).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.rest import ApiError, collection_path, object_path
from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import object_refs, parse_duration
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb


@dataclass(frozen=True)
class RolloutStatus:
    target: ObjectRef
    timeout: float | None = None
    namespace: str | None = None


# -w/--watch is kubectl's default (the status until the rollout is done): accepted as such
STATUS_FLAGS = FlagSpec(booleans={"-w": "watch", "--watch": "watch"},
                        values={"--timeout": "timeout"})


def parse_status(args: ParsedArgs) -> RolloutStatus:
    refs = object_refs(args.positionals, "rollout status")
    if len(refs) != 1:
        raise unsupported(msg("'kubectl %(verb)s' takes one object", verb=args.verb))
    timeout = args.single("timeout")
    return RolloutStatus(refs[0], parse_duration(timeout) if timeout else None, args.namespace)


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0


def rollout_message(obj: Obj) -> tuple[str, bool]:
    """(message, done) of polymorphichelpers' status viewers; CliError when kubectl fails."""
    kind = obj.get("kind")
    name = (obj.get("metadata") or {}).get("name")
    generation = _int((obj.get("metadata") or {}).get("generation"))
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    if kind == "Deployment":
        if generation <= _int(status.get("observedGeneration")):
            for item in status.get("conditions") or []:
                if item.get("type") == "Progressing" and \
                        item.get("reason") == "ProgressDeadlineExceeded":
                    raise CliError(f'deployment "{name}" exceeded its progress deadline')
            replicas = spec.get("replicas")
            updated = _int(status.get("updatedReplicas"))
            if replicas is not None and updated < _int(replicas):
                return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of'
                        f" {_int(replicas)} new replicas have been updated...\n"), False
            if _int(status.get("replicas")) > updated:
                return (f'Waiting for deployment "{name}" rollout to finish:'
                        f" {_int(status.get('replicas')) - updated} old replicas are pending"
                        " termination...\n"), False
            available = _int(status.get("availableReplicas"))
            if available < updated:
                return (f'Waiting for deployment "{name}" rollout to finish: {available} of'
                        f" {updated} updated replicas are available...\n"), False
            return f'deployment "{name}" successfully rolled out\n', True
        return "Waiting for deployment spec update to be observed...\n", False
    if kind == "DaemonSet":
        strategy = (spec.get("updateStrategy") or {}).get("type")
        if strategy != "RollingUpdate":
            raise CliError("rollout status is only available for RollingUpdate strategy type")
        if generation <= _int(status.get("observedGeneration")):
            desired = _int(status.get("desiredNumberScheduled"))
            updated = _int(status.get("updatedNumberScheduled"))
            if updated < desired:
                return (f'Waiting for daemon set "{name}" rollout to finish: {updated} out of'
                        f" {desired} new pods have been updated...\n"), False
            available = _int(status.get("numberAvailable"))
            if available < desired:
                return (f'Waiting for daemon set "{name}" rollout to finish: {available} of'
                        f" {desired} updated pods are available...\n"), False
            return f'daemon set "{name}" successfully rolled out\n', True
        return "Waiting for daemon set spec update to be observed...\n", False
    if kind == "StatefulSet":
        strategy = spec.get("updateStrategy") or {}
        if strategy.get("type") != "RollingUpdate":
            raise CliError("rollout status is only available for RollingUpdate strategy type")
        observed = _int(status.get("observedGeneration"))
        if observed == 0 or generation > observed:
            return "Waiting for statefulset spec update to be observed...\n", False
        replicas = spec.get("replicas")
        ready = _int(status.get("readyReplicas"))
        if replicas is not None and ready < _int(replicas):
            return f"Waiting for {_int(replicas) - ready} pods to be ready...\n", False
        rolling = strategy.get("rollingUpdate")
        updated = _int(status.get("updatedReplicas"))
        if rolling is not None:
            partition = rolling.get("partition")
            if replicas is not None and partition is not None and \
                    updated < _int(replicas) - _int(partition):
                return ("Waiting for partitioned roll out to finish: "
                        f"{updated} out of {_int(replicas) - _int(partition)} new pods have been"
                        " updated...\n"), False
            return f"partitioned roll out complete: {updated} new pods have been updated...\n", True
        if status.get("updateRevision") != status.get("currentRevision"):
            return ("waiting for statefulset rolling update to complete "
                    f"{updated} pods at revision {status.get('updateRevision')}...\n"), False
        return ("statefulset rolling update complete "
                f"{_int(status.get('currentReplicas'))} pods at revision"
                f" {status.get('currentRevision')}...\n"), True
    group = str(obj.get("apiVersion", "")).rpartition("/")[0]
    group_kind = f"{kind}.{group}" if group else str(kind)
    raise CliError(f"no status viewer has been implemented for {group_kind}")


def run_status(ctx: Context, command: RolloutStatus) -> None:
    resource = command.target.resource
    namespace = ctx.namespace(command.namespace) if resource.namespaced else None
    name = command.target.name
    try:
        ctx.get(object_path(resource, namespace, name))
    except ApiError as exc:
        ctx.output.fail([exc])
        return
    kubectl_end = time.monotonic() + command.timeout if command.timeout else float("inf")
    collection = collection_path(resource, namespace)
    selector = f"metadata.name={name}"
    try:
        while True:  # list, then watch from the list's resourceVersion; relist on expiry
            listing = ctx.get(collection, {"fieldSelector": selector})
            items = listing.get("items") or []
            if items:
                item = {"apiVersion": listing.get("apiVersion"), "kind": resource.kind, **items[0]}
                if _show(ctx, item):
                    return
            version = str((listing.get("metadata") or {}).get("resourceVersion") or "")
            while True:
                remaining = min(kubectl_end, ctx.deadline.end) - time.monotonic()
                if remaining <= 0:
                    break
                expired = False
                for event in ctx.rest.watch_lines(
                    collection,
                    {"fieldSelector": selector, "resourceVersion": version,
                     "allowWatchBookmarks": "true",
                     "timeoutSeconds": max(1, int(min(remaining, 5)))},
                    timeout=min(remaining, 5) + 1,  # short watches: progress can be reported
                ):
                    kind = event.get("type")
                    obj = event.get("object") or {}
                    version = str((obj.get("metadata") or {}).get("resourceVersion") or version)
                    if kind in {"ADDED", "MODIFIED"}:
                        if _show(ctx, {"kind": resource.kind, **obj}):
                            return
                    elif kind == "DELETED":
                        raise CliError("object has been deleted")
                    elif kind == "ERROR":
                        expired = True
                        break
                    if time.monotonic() >= min(kubectl_end, ctx.deadline.end):
                        break
                if expired:
                    break
                ctx.deadline.report(f"the rollout of {resource.singular}/{name}")
            if time.monotonic() >= kubectl_end and kubectl_end <= ctx.deadline.end:
                raise CliError("timed out waiting for the condition")
            if time.monotonic() >= ctx.deadline.end:
                raise ctx.deadline.timeout_error(f"the rollout of {resource.singular}/{name}")
    except (ApiError, CliError) as exc:
        ctx.output.fail([exc])


def _show(ctx: Context, obj: Obj) -> bool:
    message, done = rollout_message(obj)
    ctx.output.out(message)
    if not done:
        name = (obj.get("metadata") or {}).get("name")
        ctx.deadline.report(f"the rollout of {str(obj.get('kind')).lower()}/{name}",
                            message.strip())
    return done


STATUS = Verb("rollout status", "kubectl rollout status TYPE/NAME", STATUS_FLAGS, parse_status)
