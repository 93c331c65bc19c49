"""Waiting like a careful author: workloads rolled out, pods Running and Ready, objects gone."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from ..model.objects import ResourceType
from .context import Context, known_type
from .deadline import poll
from .pods import condition, describe_state, is_steady, is_terminating, selector_string
from .rest import ApiError, collection_path, object_path
from .wait_failures import (
    Trouble,
    TroubleWatch,
    WaitFailed,
    claim_trouble,
    events_table,
    failed_create_trouble,
    selected_pods_trouble,
    waits_for_consumer,
    workload_trouble,
)

PODS = known_type("pods")
EVENTS = known_type("events")
PVCS = known_type("persistentvolumeclaims")
SERVICES = known_type("services")
ENDPOINT_SLICES = known_type("endpointslices")
STORAGE_CLASSES = known_type("storageclasses")
WAITED_KINDS = {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Pod",
                "PersistentVolumeClaim"}
EVENTS_EVERY = 1.0  # seconds between looks at a workload's or claim's events while waiting


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


class WaitGuard:
    """Fails a wait as soon as the cluster has said (for the trouble's grace) why it cannot
    succeed, with the object's last events."""

    def __init__(self, ctx: Context, namespace: str, waiting_for: str) -> None:
        self.ctx = ctx
        self.namespace = namespace
        self.waiting_for = waiting_for
        self.watch = TroubleWatch()
        self._looked: dict[str, float] = {}
        self._events: dict[str, list[Obj]] = {}
        self._classes: dict[str, tuple[Obj | None, bool]] = {}

    def check(self, trouble: Trouble | None) -> None:
        if trouble is None or not self.watch.confirmed(trouble):
            return
        if trouble.missing is not None and self._exists(*trouble.missing):
            return  # created since: the kubelet takes the error back on its next sync
        events = self.events(trouble.uid, fresh=True)
        raise WaitFailed(self.waiting_for, trouble, events_table(events, datetime.now(UTC)))

    def events(self, uid: str, fresh: bool = False) -> list[Obj]:
        """The events of the object with that UID (looked up at most every EVENTS_EVERY)."""
        now = time.monotonic()
        if not uid:
            return []
        if fresh or now - self._looked.get(uid, -EVENTS_EVERY) >= EVENTS_EVERY:
            self._looked[uid] = now
            try:
                listing = self.ctx.get(collection_path(EVENTS, self.namespace),
                                       {"fieldSelector": f"involvedObject.uid={uid}"})
            except ApiError:
                listing = {}
            self._events[uid] = list(listing.get("items") or [])
        return self._events.get(uid, [])

    def storage_class(self, name: str) -> tuple[Obj | None, bool]:
        """The StorageClass and whether it is missing (unknown when it cannot be read)."""
        if name not in self._classes:
            try:
                self._classes[name] = (self.ctx.get(object_path(STORAGE_CLASSES, None, name)),
                                       False)
            except ApiError as exc:
                self._classes[name] = (None, exc.not_found)
        return self._classes[name]

    def check_claim(self, pvc: Obj) -> bool:
        """Raise for a claim that cannot bind; whether it needs no more waiting (Bound, or
        left for its first consumer)."""
        if (pvc.get("status") or {}).get("phase") == "Bound":
            return True
        class_name = str((pvc.get("spec") or {}).get("storageClassName") or "")
        storage_class, missing = self.storage_class(class_name) if class_name else (None, False)
        if waits_for_consumer(storage_class):
            return True
        uid = str((pvc.get("metadata") or {}).get("uid") or "")
        self.check(claim_trouble(pvc, self.events(uid), storage_class, missing))
        return False

    def check_pods(self, pods: list[Obj]) -> None:
        self.check(selected_pods_trouble(pods))
        for claim in _unbound_claims(pods):
            pvc = self.ctx.get_or_none(object_path(PVCS, self.namespace, claim))
            if pvc is not None:
                self.check_claim(pvc)

    def _exists(self, kind: str, name: str) -> bool:
        resource = known_type("secrets" if kind == "secret" else "configmaps")
        return self.ctx.get_or_none(object_path(resource, self.namespace, name)) is not None


def _unbound_claims(pods: list[Obj]) -> list[str]:
    """Claims of pods the scheduler holds back because their claims are not bound yet."""
    names: list[str] = []
    for pod in pods:
        scheduled = condition(pod, "PodScheduled")
        if not scheduled or scheduled.get("status") != "False":
            continue
        for volume in (pod.get("spec") or {}).get("volumes") or []:
            claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if claim and claim not in names:
                names.append(str(claim))
    return names


def wait_workload(ctx: Context, resource: ResourceType, namespace: str | None, name: str) -> None:
    """Until the workload is rolled out, all its pods Running and Ready, none terminating;
    a PersistentVolumeClaim until Bound (unless its class waits for the first consumer).

    Fails within seconds when the cluster says it cannot happen (WaitFailed). Not at all
    when the block said ``:wait: none``.
    """
    if resource.kind not in WAITED_KINDS or not ctx.waits:
        return
    path = object_path(resource, namespace, name)
    if resource.kind == "PersistentVolumeClaim":
        _wait_claim(ctx, namespace or "", name)
        return
    what = f"{resource.singular}/{name} to be ready"
    guard = WaitGuard(ctx, namespace or "", what)
    seen: list[str] = []  # its UID, once seen
    latest: list[Obj] = []  # its pods, as the last look saw them

    def probe() -> tuple[bool | None, str]:
        obj = ctx.get_or_none(path)
        if obj is None:
            if seen:  # deleted under us (by hand, or with its namespace): it will not be ready
                raise PodlabExecutionError(f"{resource.singular}/{name} was deleted while "
                                           f"podlab waited for it to be ready")
            return None, "not found"
        seen[:] = [str(obj["metadata"].get("uid") or "")]
        problem = workload_problem(obj)
        if resource.kind == "Pod":
            latest[:] = [obj]
            if problem is not None:
                guard.check_pods([obj])
        else:
            pods = _selected_pods(ctx, namespace or "", obj)
            latest[:] = pods
            stuck = [p for p in pods if not is_terminating(p) and not is_steady(p)]
            if problem is None:
                terminating = [p for p in pods if is_terminating(p)]
                if terminating:
                    problem = f"pod {terminating[0]['metadata']['name']} terminating"
                elif stuck:  # counted as available, but just (re)started
                    problem = f"pod {stuck[0]['metadata']['name']}: {describe_state(stuck[0])}"
            else:
                guard.check(workload_trouble(obj))
                if not pods and resource.kind != "Deployment":
                    uid = str(obj["metadata"].get("uid") or "")
                    guard.check(failed_create_trouble(obj, guard.events(uid)))
                if stuck:
                    pod = stuck[0]
                    problem += f"; pod {pod['metadata']['name']}: {describe_state(pod)}"
            if problem is not None:
                guard.check_pods(pods)
        return (True if problem is None else None), problem or ""

    poll(ctx.deadline, what, probe)
    wait_in_service(ctx, namespace or "", latest)


def wait_in_service(ctx: Context, namespace: str, pods: list[Obj]) -> None:
    """Until every Service of the namespace that selects one of the ready ``pods`` lists its
    address as ready in its EndpointSlices: a careful author's pod is ready once the
    Services send it traffic (the EndpointSlice controller follows the pod a moment later)."""
    ready = {str((pod.get("status") or {}).get("podIP") or ""): pod for pod in pods
             if is_steady(pod) and (pod.get("status") or {}).get("podIP")}
    if not ready:
        return
    services = ctx.get(collection_path(SERVICES, namespace)).get("items") or []
    for service in services:
        selector = (service.get("spec") or {}).get("selector") or {}
        wanted = {ip for ip, pod in ready.items() if selector and all(
            ((pod.get("metadata") or {}).get("labels") or {}).get(key) == value
            for key, value in selector.items())}
        if wanted:
            _wait_endpoints(ctx, namespace, str(service["metadata"]["name"]), wanted)


def _wait_endpoints(ctx: Context, namespace: str, service: str, wanted: set[str]) -> None:
    what = f"service/{service}'s endpoints to include the ready pods"

    def probe() -> tuple[bool | None, str]:
        listing = ctx.get(collection_path(ENDPOINT_SLICES, namespace),
                          {"labelSelector": f"kubernetes.io/service-name={service}"})
        listed = {address for item in listing.get("items") or []
                  for endpoint in item.get("endpoints") or []
                  if (endpoint.get("conditions") or {}).get("ready") is not False
                  for address in endpoint.get("addresses") or []}
        missing = sorted(wanted - listed)
        return (True if not missing else None), f"{', '.join(missing)} not listed yet"

    poll(ctx.deadline, what, probe)


def _wait_claim(ctx: Context, namespace: str, name: str) -> None:
    path = object_path(PVCS, namespace, name)
    what = f"persistentvolumeclaim/{name} to be Bound"
    guard = WaitGuard(ctx, namespace, what)

    def probe() -> tuple[bool | None, str]:
        pvc = ctx.get_or_none(path)
        if pvc is None:
            return None, "not found"
        if guard.check_claim(pvc):
            return True, ""
        return None, f"phase {(pvc.get('status') or {}).get('phase') or 'unknown'}"

    poll(ctx.deadline, what, probe)


def wait_pod_steady(ctx: Context, namespace: str, name: str, not_uid: str | None = None) -> Obj:
    """Until pod ``name`` (a new one, when ``not_uid`` is given) is Running and Ready."""
    path = object_path(PODS, namespace, name)
    what = f"pod/{name} to be Running and Ready"
    if not_uid:
        what = f"the replacement of pod/{name} to be Running and Ready"
    guard = WaitGuard(ctx, namespace, what)

    def probe() -> tuple[Obj | None, str]:
        pod = ctx.get_or_none(path)
        if pod is None:
            return None, "not created yet"
        if not_uid and pod["metadata"].get("uid") == not_uid:
            return None, "the old pod is still there"
        if is_steady(pod):
            return pod, ""
        guard.check_pods([pod])
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
