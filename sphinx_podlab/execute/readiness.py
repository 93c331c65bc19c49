"""Waiting like a careful author: workloads rolled out, pods Running and Ready, objects gone."""

from __future__ import annotations

from ..model.kinds import Obj
from ..model.objects import ResourceType
from .context import Context, known_type
from .deadline import poll
from .pods import describe_state, is_steady, is_terminating, selector_string
from .rest import collection_path, object_path

PODS = known_type("pods")
WAITED_KINDS = {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Pod"}


def _int(value: object, default: int = 0) -> int:
    return int(value) if isinstance(value, int | float) else default


def workload_problem(obj: Obj) -> str | None:
    """Why a workload is not rolled out yet (``None``: it is), from its status alone."""
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    generation = _int((obj.get("metadata") or {}).get("generation"))
    observed = _int(status.get("observedGeneration"))
    if kind in {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"} and (
        observed == 0 or observed < generation
    ):
        return "spec update not observed yet"
    if kind == "Deployment":
        want = _int(spec.get("replicas"), 1)
        updated = _int(status.get("updatedReplicas"))
        if updated < want:
            return f"{updated} of {want} new replicas updated"
        if _int(status.get("replicas")) > updated:
            return f"{_int(status.get('replicas')) - updated} old replicas pending termination"
        if _int(status.get("availableReplicas")) < updated:
            return f"{_int(status.get('availableReplicas'))} of {updated} replicas available"
        return None
    if kind == "StatefulSet":
        want = _int(spec.get("replicas"), 1)
        ready = _int(status.get("readyReplicas"))
        if ready < want or _int(status.get("replicas")) != want:
            return f"{ready} of {want} pods ready"
        strategy = spec.get("updateStrategy") or {}
        partition = _int((strategy.get("rollingUpdate") or {}).get("partition"))
        if strategy.get("type", "RollingUpdate") == "RollingUpdate":
            if _int(status.get("updatedReplicas")) < want - partition:
                return f"{_int(status.get('updatedReplicas'))} of {want - partition} pods updated"
            if partition == 0 and status.get("updateRevision") != status.get("currentRevision"):
                return f"rolling update to revision {status.get('updateRevision')} in progress"
        return None
    if kind == "ReplicaSet":
        want = _int(spec.get("replicas"), 1)
        ready = _int(status.get("readyReplicas"))
        if ready < want or _int(status.get("replicas")) != want:
            return f"{ready} of {want} replicas ready"
        if _int(status.get("availableReplicas")) < want:
            return f"{_int(status.get('availableReplicas'))} of {want} replicas available"
        return None
    if kind == "DaemonSet":
        want = _int(status.get("desiredNumberScheduled"))
        for field_name in ("updatedNumberScheduled", "numberReady", "numberAvailable"):
            if _int(status.get(field_name)) < want:
                return f"{field_name} {_int(status.get(field_name))} of {want}"
        return None
    if kind == "Pod":
        phase = status.get("phase")
        if phase in {"Succeeded", "Failed"} or is_steady(obj):
            return None
        return describe_state(obj)
    return None


def _selected_pods(ctx: Context, namespace: str, obj: Obj) -> list[Obj]:
    selector = selector_string((obj.get("spec") or {}).get("selector"))
    if not selector:
        return []
    listing = ctx.get(collection_path(PODS, namespace), {"labelSelector": selector})
    return list(listing.get("items") or [])


def wait_workload(ctx: Context, resource: ResourceType, namespace: str | None, name: str) -> None:
    """Until the workload is rolled out, all its pods Running and Ready, none terminating."""
    if resource.kind not in WAITED_KINDS:
        return
    path = object_path(resource, namespace, name)
    what = f"{resource.singular}/{name} to be ready"

    def probe() -> tuple[bool | None, str]:
        obj = ctx.get_or_none(path)
        if obj is None:
            return None, "not found"
        problem = workload_problem(obj)
        if resource.kind != "Pod":
            pods = _selected_pods(ctx, namespace or "", obj)
            if problem is None:
                terminating = [p for p in pods if is_terminating(p)]
                if terminating:
                    problem = f"pod {terminating[0]['metadata']['name']} terminating"
            elif pods:
                stuck = [p for p in pods if not is_steady(p)]
                if stuck:
                    pod = stuck[0]
                    problem += f"; pod {pod['metadata']['name']}: {describe_state(pod)}"
        return (True if problem is None else None), problem or ""

    poll(ctx.deadline, what, probe)


def wait_pod_steady(ctx: Context, namespace: str, name: str, not_uid: str | None = None) -> Obj:
    """Until pod ``name`` (a new one, when ``not_uid`` is given) is Running and Ready."""
    path = object_path(PODS, namespace, name)
    what = f"pod/{name} to be Running and Ready"
    if not_uid:
        what = f"the replacement of pod/{name} to be Running and Ready"

    def probe() -> tuple[Obj | None, str]:
        pod = ctx.get_or_none(path)
        if pod is None:
            return None, "not created yet"
        if not_uid and pod["metadata"].get("uid") == not_uid:
            return None, "the old pod is still there"
        if is_steady(pod):
            return pod, ""
        return None, describe_state(pod)

    return poll(ctx.deadline, what, probe)


def wait_gone(ctx: Context, resource: ResourceType, namespace: str | None, name: str,
              uid: str | None) -> None:
    """Until the object with that UID no longer exists (kubectl delete's own wait)."""
    path = object_path(resource, namespace, name)

    def probe() -> tuple[bool | None, str]:
        obj = ctx.get_or_none(path)
        if obj is None or (uid and obj["metadata"].get("uid") != uid):
            return True, ""
        if resource.kind == "Pod":
            return None, describe_state(obj)
        return None, "still there"

    poll(ctx.deadline, f"{resource.singular}/{name} to be deleted", probe)
