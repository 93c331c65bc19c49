"""``POD`` or ``TYPE/NAME`` into the pod kubectl would use, waiting until it is usable."""

from __future__ import annotations

from typing import Literal

from ..model.kinds import Obj
from ..model.objects import ObjectRef
from .context import Context
from .deadline import poll
from .failures import CliError
from .pods import describe_state, is_steady, pick_for_exec, pick_for_logs, selector_string
from .readiness import PODS, WaitGuard
from .rest import ApiError, collection_path, object_path

Purpose = Literal["exec", "logs"]

# kinds polymorphichelpers.SelectorsForObject knows
SELECTOR_KINDS = {"ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet",
                  "Deployment", "Job", "Service"}


def _selector_of(obj: Obj, purpose: Purpose) -> str:
    kind = str(obj.get("kind"))
    spec = obj.get("spec") or {}
    if kind not in SELECTOR_KINDS:
        version = str(obj.get("apiVersion", "v1")).rsplit("/", 1)[-1]
        verb = "attach to" if purpose == "exec" else "get the logs from"
        raise CliError(
            f"cannot {verb} *{version}.{kind}: selector for *{version}.{kind} not implemented"
        )
    if kind == "Service":
        selector = spec.get("selector") or {}
        if not selector:
            name = (obj.get("metadata") or {}).get("name")
            raise CliError(f"invalid service '{name}': Service is defined without a selector")
        return ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    if kind == "ReplicationController":
        return ",".join(f"{k}={v}" for k, v in sorted((spec.get("selector") or {}).items()))
    return selector_string(spec.get("selector"))


def _expected_statefulset_pod(ctx: Context, namespace: str, name: str) -> bool:
    """Whether a StatefulSet will (re)create pod ``name`` (``mysql-0`` of ``mysql``)."""
    base, _, ordinal = name.rpartition("-")
    if not base or not ordinal.isdigit():
        return False
    statefulset = ctx.get_or_none(f"/apis/apps/v1/namespaces/{namespace}/statefulsets/{base}")
    if statefulset is None:
        return False
    spec = statefulset.get("spec") or {}
    start = int(((spec.get("ordinals") or {}).get("start")) or 0)
    replicas = int(spec.get("replicas", 1))
    return start <= int(ordinal) < start + replicas


def usable(pod: Obj, purpose: Purpose) -> bool:
    phase = (pod.get("status") or {}).get("phase")
    if phase in {"Succeeded", "Failed"}:
        return True  # final: kubectl's own error or output follows
    if purpose == "exec":
        return is_steady(pod)
    return phase == "Running"


def resolve_pod(ctx: Context, ref: ObjectRef, namespace: str, purpose: Purpose) -> tuple[Obj, str]:
    """The pod, once usable (exec: Running and Ready; logs: started), and kubectl's notice.

    Raises ApiError/CliError for what kubectl itself reports (a missing pod or controller),
    PodlabExecutionError when the wait times out.
    """
    notice = ""
    if ref.resource.kind == "Pod":
        path = object_path(PODS, namespace, ref.name)
        verb = "Running and Ready" if purpose == "exec" else "running"
        guard = WaitGuard(ctx, namespace, f"pod/{ref.name} to be {verb}")

        def probe_pod() -> tuple[Obj | None, str]:
            try:
                pod = ctx.get(path)
            except ApiError as exc:
                if exc.not_found and _expected_statefulset_pod(ctx, namespace, ref.name):
                    return None, "not created yet"
                raise
            if usable(pod, purpose):
                return pod, ""
            guard.check_pods([pod])
            return None, describe_state(pod)

        return poll(ctx.deadline, f"pod/{ref.name} to be {verb}", probe_pod), notice

    owner = ctx.get(object_path(ref.resource, namespace, ref.name))
    selector = _selector_of(owner, purpose)
    pods_path = collection_path(PODS, namespace)
    count = 0
    what = f"a pod of {ref.resource.singular}/{ref.name} to be ready"
    guard = WaitGuard(ctx, namespace, what)

    def probe_controller() -> tuple[Obj | None, str]:
        nonlocal count
        pods = list(ctx.get(pods_path, {"labelSelector": selector}).get("items") or [])
        count = len(pods)
        pod = pick_for_exec(pods) if purpose == "exec" else pick_for_logs(pods)
        if pod is None:
            return None, "no pods yet"
        if usable(pod, purpose):
            return pod, ""
        guard.check_pods([pod])
        return None, f"pod {pod['metadata']['name']}: {describe_state(pod)}"

    pod = poll(ctx.deadline, what, probe_controller)
    if purpose == "logs" and count > 1:
        notice = f"Found {count} pods, using pod/{pod['metadata']['name']}\n"
    return pod, notice
