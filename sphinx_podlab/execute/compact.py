"""API objects into the compact entries of a snapshot (``model/snapshot.py``): pure functions,
one per kind, tested on objects captured from the lab."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model.kinds import Obj
from ..model.snapshot import ObjectState, Value, from_pod_state
from .pods import pod_state


def _name(obj: Obj) -> str:
    return str((obj.get("metadata") or {}).get("name") or "")


def _uid(obj: Obj) -> str:
    return str((obj.get("metadata") or {}).get("uid") or "")


def _count(value: object) -> int:
    return int(value) if isinstance(value, int) else 0


def pod_entry(pod: Obj) -> ObjectState:
    node = (pod.get("spec") or {}).get("nodeName")
    return from_pod_state(pod_state(pod), str(node) if node else None)


def _port_text(port: Obj, with_node_port: bool) -> str:
    """kubectl's PORT(S) cell for one port: ``80/TCP``, ``80:30080/TCP``."""
    node_port = f":{port['nodePort']}" if with_node_port and port.get("nodePort") else ""
    return f"{port.get('port')}{node_port}/{port.get('protocol') or 'TCP'}"


def service_entry(service: Obj) -> ObjectState:
    spec = service.get("spec") or {}
    ports = list(spec.get("ports") or [])
    node_ports = [port["nodePort"] for port in ports if port.get("nodePort")]
    selector = spec.get("selector") or {}
    return ObjectState("Service", _name(service), {
        "type": str(spec.get("type") or "ClusterIP"),
        "clusterIP": str(spec.get("clusterIP") or "") or None,
        "ports": tuple(_port_text(port, True) for port in ports),
        "nodePort": int(node_ports[0]) if node_ports else None,
        "selector": ",".join(f"{key}={value}" for key, value in sorted(selector.items()))
        or None,
        "uid": _uid(service),
    })


def endpoints_entries(slices: Iterable[Obj]) -> list[ObjectState]:
    """One ``Endpoints`` entry per Service, from its EndpointSlices (the API kubectl and the
    cluster use since v1 Endpoints was deprecated): ready and not-ready addresses, ports and
    the pods behind them, each sorted."""
    by_service: dict[str, list[Obj]] = defaultdict(list)
    for item in slices:
        labels = (item.get("metadata") or {}).get("labels") or {}
        service = labels.get("kubernetes.io/service-name")
        if service:
            by_service[str(service)].append(item)
    entries = []
    for service, items in by_service.items():
        ready: set[str] = set()
        not_ready: set[str] = set()
        ports: set[str] = set()
        pods: set[str] = set()
        for item in items:
            for port in item.get("ports") or []:
                ports.add(f"{port.get('port')}/{port.get('protocol') or 'TCP'}")
            for endpoint in item.get("endpoints") or []:
                # an endpoint without conditions.ready is ready (discovery/v1's rule)
                is_ready = (endpoint.get("conditions") or {}).get("ready") is not False
                (ready if is_ready else not_ready).update(endpoint.get("addresses") or [])
                target = endpoint.get("targetRef") or {}
                if is_ready and target.get("kind") == "Pod" and target.get("name"):
                    pods.add(str(target["name"]))
        entries.append(ObjectState("Endpoints", service, {
            "addresses": tuple(sorted(ready, key=_address_order)),
            "notReadyAddresses": tuple(sorted(not_ready, key=_address_order)),
            "ports": tuple(sorted(ports)),
            "pods": tuple(sorted(pods)),
        }))
    return entries


def _address_order(address: str) -> tuple[int, ...] | tuple[str]:
    parts = address.split(".")
    if len(parts) == 4 and all(part.isdigit() for part in parts):
        return tuple(int(part) for part in parts)
    return (address,)


def claim_entry(claim: Obj) -> ObjectState:
    spec = claim.get("spec") or {}
    status = claim.get("status") or {}
    capacity = (status.get("capacity") or {}).get("storage")
    return ObjectState("PersistentVolumeClaim", _name(claim), {
        "status": str(status.get("phase") or ""),
        "volumeName": str(spec.get("volumeName") or "") or None,
        "capacity": str(capacity) if capacity else None,
        "storageClass": str(spec.get("storageClassName") or "") or None,
        "accessModes": tuple(str(mode) for mode in status.get("accessModes")
                             or spec.get("accessModes") or []),
        "uid": _uid(claim),
    })


def _images(workload: Obj) -> tuple[str, ...]:
    template = ((workload.get("spec") or {}).get("template") or {}).get("spec") or {}
    return tuple(str(c.get("image")) for c in template.get("containers") or [])


def workload_entry(workload: Obj, kind: str) -> ObjectState:
    """A Deployment, StatefulSet or ReplicaSet (a list's items do not say their kind):
    desired, ready, updated, available, images."""
    spec = workload.get("spec") or {}
    status = workload.get("status") or {}
    fields: dict[str, Value] = {
        "replicas": _count(spec.get("replicas", 1)),
        "ready": _count(status.get("readyReplicas")),
    }
    if kind != "ReplicaSet":
        fields["updated"] = _count(status.get("updatedReplicas"))
    fields["available"] = _count(status.get("availableReplicas"))
    fields["images"] = _images(workload)
    fields["uid"] = _uid(workload)
    return ObjectState(kind, _name(workload), fields)


def daemonset_entry(daemonset: Obj) -> ObjectState:
    status = daemonset.get("status") or {}
    return ObjectState("DaemonSet", _name(daemonset), {
        "replicas": _count(status.get("desiredNumberScheduled")),
        "ready": _count(status.get("numberReady")),
        "updated": _count(status.get("updatedNumberScheduled")),
        "available": _count(status.get("numberAvailable")),
        "images": _images(daemonset),
        "uid": _uid(daemonset),
    })


def node_entry(node: Obj) -> ObjectState:
    status = node.get("status") or {}
    ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                for c in status.get("conditions") or [])
    internal = [a.get("address") for a in status.get("addresses") or []
                if a.get("type") == "InternalIP"]
    return ObjectState("Node", _name(node), {
        "ready": ready,
        "internalIP": str(internal[0]) if internal else None,
        "kubeletVersion": str((status.get("nodeInfo") or {}).get("kubeletVersion") or ""),
        "podCIDR": str((node.get("spec") or {}).get("podCIDR") or "") or None,
        "uid": _uid(node),
    })
