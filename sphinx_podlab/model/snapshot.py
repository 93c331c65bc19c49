"""What a snapshot keeps of each object of the namespace: a compact, human-diffable record of
the fields books cite (a pod's IP and node, a Service's ClusterIP and node port, the
addresses behind a Service, a claim's volume, a workload's ready count, a node's address).

An entry is ``{"kind": "Service", "name": "mysql", "clusterIP": "10.0.0.12", ...}`` in the
record; which fields each kind has is :data:`KIND_FIELDS`. Records made before snapshots held
other kinds have pod entries without ``kind``: they are read as pods.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .results import PodState

# A field's value: text, a count, a flag, nothing, or a list (addresses, ports, images).
Value = str | int | bool | None | tuple[str, ...]

# Every kind a snapshot records, with the fields its entries have (besides kind and name).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "Pod": ("ip", "uid", "phase", "ready", "restarts", "node"),
    "Service": ("type", "clusterIP", "ports", "nodePort", "selector", "uid"),
    "Endpoints": ("addresses", "notReadyAddresses", "ports", "pods"),
    "PersistentVolumeClaim": ("status", "volumeName", "capacity", "storageClass",
                              "accessModes", "uid"),
    "Deployment": ("replicas", "ready", "updated", "available", "images", "uid"),
    "StatefulSet": ("replicas", "ready", "updated", "available", "images", "uid"),
    "ReplicaSet": ("replicas", "ready", "available", "images", "uid"),
    "DaemonSet": ("replicas", "ready", "updated", "available", "images", "uid"),
    "Node": ("ready", "internalIP", "kubeletVersion", "podCIDR", "uid"),
}

# The words a reference may use for a kind: kubectl's names, short names and plurals.
KIND_WORDS: dict[str, str] = {
    word: kind
    for kind, words in {
        "Pod": ("pod", "pods", "po"),
        "Service": ("service", "services", "svc"),
        "Endpoints": ("endpoints", "ep"),
        "PersistentVolumeClaim": ("persistentvolumeclaim", "persistentvolumeclaims", "pvc"),
        "Deployment": ("deployment", "deployments", "deploy"),
        "StatefulSet": ("statefulset", "statefulsets", "sts"),
        "ReplicaSet": ("replicaset", "replicasets", "rs"),
        "DaemonSet": ("daemonset", "daemonsets", "ds"),
        "Node": ("node", "nodes", "no"),
    }.items()
    for word in words
}

# The order of kinds in a snapshot (pods first, as records always had them).
KIND_ORDER = tuple(KIND_FIELDS)


@dataclass(frozen=True)
class ObjectState:
    """One object in a snapshot: its kind, name and compact fields."""

    kind: str
    name: str
    fields: Mapping[str, Value] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name == "name" or name in self.fields

    def get(self, name: str) -> Value:
        return self.name if name == "name" else self.fields.get(name)

    def pod_state(self) -> PodState:
        """A pod's entry as the IP role and the browser steps read it."""
        ip = self.fields.get("ip")
        return PodState(
            name=self.name,
            ip=ip if isinstance(ip, str) and ip else None,
            uid=str(self.fields.get("uid") or ""),
            phase=str(self.fields.get("phase") or ""),
            ready=bool(self.fields.get("ready")),
            restarts=int(self.fields.get("restarts") or 0),  # type: ignore[arg-type]
        )


def from_pod_state(pod: PodState, node: str | None = None) -> ObjectState:
    return ObjectState("Pod", pod.name, {
        "ip": pod.ip, "uid": pod.uid, "phase": pod.phase, "ready": pod.ready,
        "restarts": pod.restarts, "node": node,
    })


def shown(value: Value) -> str:
    """A value as prose shows it (lists joined by ", ", flags as true/false)."""
    if value is None:
        return "<none>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "<none>"
    return str(value)


def sorted_objects(objects: list[ObjectState]) -> tuple[ObjectState, ...]:
    """Kinds in :data:`KIND_ORDER`, names sorted within a kind."""
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return tuple(sorted(objects, key=lambda obj: (order.get(obj.kind, len(order)), obj.name)))


def object_data(obj: ObjectState) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": obj.kind, "name": obj.name}
    for name, value in obj.fields.items():
        data[name] = list(value) if isinstance(value, tuple) else value
    return data


def object_from(data: Mapping[str, Any]) -> ObjectState:
    """An entry of a record (a pod entry of an older record has no ``kind``)."""
    kind = str(data.get("kind") or "Pod")
    fields: dict[str, Value] = {}
    for name, value in data.items():
        if name in ("kind", "name"):
            continue
        if isinstance(value, list):
            fields[name] = tuple(str(item) for item in value)
        elif value is None or isinstance(value, (str, int, bool)):
            fields[name] = value
        else:
            raise ValueError(f"snapshot field {name!r} of {kind} {data.get('name')!r} is "
                             f"not a value: {value!r}")
    return ObjectState(kind, str(data["name"]), fields)
