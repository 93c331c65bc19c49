"""``kubectl describe pod`` (kubectl's PodDescriber)."""

from __future__ import annotations

from typing import Any

from ...model.kinds import Obj
from ..common import (
    Settings,
    controlled_by,
    events_path,
    field_selector,
    rfc1123z,
    search_events,
    since,
    write_annotations,
    write_events,
    write_labels,
)
from ..containers import EnvResolver, write_containers, write_resources
from ..podtemplate import write_scheduling_group, write_tolerations, write_topology_spread
from ..quantity import parse_quantity
from ..reader import Reader, list_all
from ..registry import NotFound, describer
from ..volumes import write_volumes
from ..writer import PrefixWriter

MIRROR_POD = "kubernetes.io/config.mirror"
QOS_RESOURCES = ("cpu", "memory")


def env_resolver(pod: Obj) -> EnvResolver:
    """kubectl's ``EnvValueRetriever``: its scheme converts only ``metadata.name`` and
    ``metadata.namespace`` field paths, so every other fieldRef shows an empty value."""
    metadata = pod.get("metadata") or {}

    def resolve(var: Obj) -> str:
        path = ((var.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath")
        if path == "metadata.name":
            return str(metadata.get("name") or "")
        if path == "metadata.namespace":
            return str(metadata.get("namespace") or "")
        return ""

    return resolve


def _positive(resources: dict[str, str] | None) -> dict[str, Any]:
    return {name: parse_quantity(str(value)) for name, value in (resources or {}).items()
            if name in QOS_RESOURCES and parse_quantity(str(value)) > 0}


def qos_class(pod: Obj) -> str:
    """``qos.GetPodQOS``: the status' class, else computed from the requests and limits."""
    status_class = (pod.get("status") or {}).get("qosClass")
    if status_class:
        return str(status_class)
    spec = pod.get("spec") or {}
    requests: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    guaranteed = True
    if spec.get("resources") is not None:
        sources = [spec["resources"]]
    else:
        sources = [c.get("resources") or {} for c in
                   (spec.get("containers") or []) + (spec.get("initContainers") or [])]
    for resources in sources:
        for name, value in _positive(resources.get("requests")).items():
            requests[name] = requests.get(name, 0) + value
        container_limits = _positive(resources.get("limits"))
        for name, value in container_limits.items():
            limits[name] = limits.get(name, 0) + value
        if not set(QOS_RESOURCES) <= set(container_limits):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and any(limits.get(name) != value for name, value in requests.items()):
        guaranteed = False
    return "Guaranteed" if guaranteed and len(requests) == len(limits) else "Burstable"


def _pod_ips(w: PrefixWriter, status: Obj) -> None:
    ips = status.get("podIPs") or []
    if not ips:
        w.write(0, "IPs:\t<none>\n")
        return
    w.write(0, "IPs:\n")
    for ip in ips:
        w.write(1, f"IP:\t{ip.get('ip') or ''}\n")


def _conditions(w: PrefixWriter, spec: Obj, status: Obj) -> None:
    conditions = status.get("conditions") or []
    gates = spec.get("readinessGates") or []
    if gates:
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in gates:
            found = next((c for c in conditions if c.get("type") == gate.get("conditionType")),
                         None)
            state = str(found.get("status") or "") if found is not None else "<none>"
            w.write(1, f"{gate.get('conditionType') or ''} \t{state} \n")
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for condition in conditions:
            w.write(1, f"{condition.get('type') or ''} \t{condition.get('status') or ''} \n")


def write_pod(w: PrefixWriter, pod: Obj, events: list[Obj] | None, settings: Settings) -> None:
    now = settings.now
    metadata = pod.get("metadata") or {}
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{int(spec['priority'])}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    node = spec.get("nodeName") or ""
    w.write(0, f"Node:\t{node}/{status.get('hostIP') or ''}\n" if node else "Node:\t<none>\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'], now)}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    phase = str(status.get("phase") or "")
    if metadata.get("deletionTimestamp") and phase not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {since(metadata['deletionTimestamp'], now)})\n")
        w.write(0, f"Termination Grace Period:\t"
                   f"{int(metadata.get('deletionGracePeriodSeconds') or 0)}s\n")
    else:
        w.write(0, f"Status:\t{phase}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    seccomp = (spec.get("securityContext") or {}).get("seccompProfile")
    if seccomp is not None:
        w.write(0, f"SeccompProfile:\t{seccomp.get('type') or ''}\n")
        if seccomp.get("type") == "Localhost":
            w.write(0, f"LocalhostProfile:\t{seccomp.get('localhostProfile') or ''}\n")
    w.write(0, f"IP:\t{status.get('podIP') or ''}\n")
    _pod_ips(w, status)
    owner = controlled_by(pod)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("resources") is not None:
        w.write(0, "Resources:\n")
        write_resources(w, spec["resources"], 1)
    resolve = env_resolver(pod)
    if spec.get("initContainers"):
        write_containers(w, "Init Containers", spec["initContainers"],
                         status.get("initContainerStatuses"), resolve, "", settings)
    write_containers(w, "Containers", spec.get("containers") or [],
                     status.get("containerStatuses"), resolve, "", settings)
    if spec.get("ephemeralContainers"):
        write_containers(w, "Ephemeral Containers", spec["ephemeralContainers"],
                         status.get("ephemeralContainerStatuses"), resolve, "", settings)
    _conditions(w, spec, status)
    write_volumes(w, spec.get("volumes"), "", now)
    w.write(0, f"QoS Class:\t{qos_class(pod)}\n")
    write_labels(w, "Node-Selectors", spec.get("nodeSelector"))
    write_tolerations(w, "Tolerations", spec.get("tolerations"))
    write_topology_spread(w, spec.get("topologySpreadConstraints"), "")
    write_scheduling_group(w, spec, "", settings)
    if events is not None:
        write_events(w, events, settings)


def _events_without_pod(reader: Reader, namespace: str, name: str, settings: Settings
                        ) -> list[Obj]:
    selector = field_selector({"involvedObject.name": name,
                               "involvedObject.namespace": namespace})
    return list_all(reader, events_path(namespace), {"fieldSelector": selector},
                    settings.chunk_size)


@describer("", "Pod")
def describe_pod(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    pod = reader.get_or_none(f"/api/v1/namespaces/{namespace}/pods/{name}")
    w = PrefixWriter()
    if pod is None:
        # kubectl until 1.36 still shows the events of a pod that is gone (1.37 does not;
        # whether 1.35 or 1.36 did is not known here)
        found = _events_without_pod(reader, namespace, name, settings) \
            if settings.show_events and not settings.since(37) else []
        if not found:
            raise NotFound("pods", name)
        w.write(0, f"Pod '{name}': error 'pods \"{name}\" not found', but found events.\n")
        write_events(w, found, settings)
        return w.text()
    events: list[Obj] | None = None
    if settings.show_events:
        # kubectl asks by name, namespace and UID (the kind left out); a mirror pod's events
        # are those of the static pod it mirrors
        annotations = (pod.get("metadata") or {}).get("annotations") or {}
        ref = pod
        if MIRROR_POD in annotations:
            ref = {"metadata": {**pod["metadata"], "uid": annotations[MIRROR_POD]}}
        events = search_events(reader, ref, None, settings)
    write_pod(w, pod, events, settings)
    return w.text()
