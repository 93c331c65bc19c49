"""Taking a snapshot: list the namespace's pods, services, endpoint slices, claims and
workloads, and the cluster's nodes, into compact entries (``execute/compact.py``)."""

from __future__ import annotations

from collections.abc import Callable

from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from ..model.objects import ResourceType
from ..model.snapshot import ObjectState, sorted_objects
from . import compact
from .context import Context, known_type
from .rest import ApiError, collection_path

Entries = Callable[[list[Obj]], list[ObjectState]]


def _each(entry: Callable[[Obj], ObjectState]) -> Entries:
    return lambda items: [entry(item) for item in items]


def _workloads(kind: str) -> Entries:
    return lambda items: [compact.workload_entry(item, kind) for item in items]


# What a snapshot lists, in order; pods are required, the rest is recorded when the server
# serves it to us (a 403 or 404 leaves that kind out of the snapshot).
SNAPSHOT_KINDS: tuple[tuple[ResourceType, Entries, bool], ...] = (
    (known_type("pods"), _each(compact.pod_entry), True),
    (known_type("services"), _each(compact.service_entry), False),
    (known_type("endpointslices"), compact.endpoints_entries, False),
    (known_type("persistentvolumeclaims"), _each(compact.claim_entry), False),
    (known_type("deployments"), _workloads("Deployment"), False),
    (known_type("statefulsets"), _workloads("StatefulSet"), False),
    (known_type("replicasets"), _workloads("ReplicaSet"), False),
    (known_type("daemonsets"), _each(compact.daemonset_entry), False),
    (known_type("nodes"), _each(compact.node_entry), False),
)


def take_snapshot(ctx: Context, namespace: str) -> tuple[ObjectState, ...]:
    """Every recorded object of the namespace (and every node), in the record's order."""
    objects: list[ObjectState] = []
    for resource, entries, required in SNAPSHOT_KINDS:
        try:
            items = _list_all(ctx, collection_path(resource, namespace))
        except ApiError as exc:
            if required or exc.code not in (403, 404):
                raise PodlabExecutionError(
                    f"cannot list the {resource.plural} of namespace {namespace}: "
                    f"{exc.message}") from exc
            continue
        objects.extend(entries(items))
    return sorted_objects(objects)


def _list_all(ctx: Context, path: str) -> list[Obj]:
    items: list[Obj] = []
    token = ""
    while True:
        query: dict[str, str | int] = {"limit": 500}
        if token:
            query["continue"] = token
        page = ctx.get(path, query)
        items.extend(page.get("items") or [])
        token = str((page.get("metadata") or {}).get("continue") or "")
        if not token:
            return items
