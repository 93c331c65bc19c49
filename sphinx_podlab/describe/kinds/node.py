"""``kubectl describe node`` (kubectl's NodeDescriber)."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.kinds import Obj
from ..common import (
    Settings,
    field_selector,
    rfc1123z,
    search_events,
    since,
    write_annotations,
    write_events,
    write_labels,
)
from ..gosort import go_sort
from ..quantity import Quantity, ResourceList, add_into, pod_limits, pod_requests, resource_list
from ..reader import Reader, is_api_answer, list_all
from ..registry import NotFound, describer
from ..writer import PrefixWriter

ROLE_PREFIX = "node-role.kubernetes.io/"
ROLE_LABEL = "kubernetes.io/role"
STANDARD = ("cpu", "memory", "ephemeral-storage")


def node_roles(labels: dict[str, str]) -> list[str]:
    """``findNodeRoles``: ``node-role.kubernetes.io/ROLE`` labels and ``kubernetes.io/role``."""
    roles = set()
    for key, value in labels.items():
        if key.startswith(ROLE_PREFIX) and key[len(ROLE_PREFIX):]:
            roles.add(key[len(ROLE_PREFIX):])
        elif key == ROLE_LABEL and value:
            roles.add(value)
    return sorted(roles)


def taint_text(taint: Obj) -> str:
    """``Taint.ToString``: ``key=value:Effect``."""
    key, value, effect = (str(taint.get(f) or "") for f in ("key", "value", "effect"))
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def _taints(w: PrefixWriter, taints: list[Obj] | None) -> None:
    w.write(0, "Taints:\t")
    if not taints:
        w.write_line("<none>")
        return
    def key(taint: Obj) -> str:
        return f"{taint.get('effect') or ''},{taint.get('key') or ''}"

    ordered = go_sort(list(taints), lambda a, b: key(a) < key(b))
    for index, taint in enumerate(ordered):
        if index:
            w.write(0, "\t")
        w.write(0, taint_text(taint) + "\n")


def _lease(w: PrefixWriter, reader: Reader, name: str, settings: Settings) -> None:
    lease = reader.get_or_none(f"/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/"
                               f"leases/{name}")
    if lease is None:
        w.write(0, f"Lease:\tFailed to get lease: leases.coordination.k8s.io \"{name}\" "
                   "not found\n")
        return
    spec = lease.get("spec") or {}
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{spec.get('holderIdentity') or '<unset>'}\n")
    for title, field in (("AcquireTime", "acquireTime"), ("RenewTime", "renewTime")):
        value = spec.get(field)
        w.write(1, f"{title}:\t{rfc1123z(value, settings.now) if value else '<unset>'}\n")


def _conditions(w: PrefixWriter, conditions: list[Obj] | None, settings: Settings) -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason"
               "\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for c in conditions:
        w.write(1, f"{c.get('type') or ''} \t{c.get('status') or ''} \t"
                   f"{rfc1123z(c.get('lastHeartbeatTime'), settings.now)} \t"
                   f"{rfc1123z(c.get('lastTransitionTime'), settings.now)} \t"
                   f"{c.get('reason') or ''} \t{c.get('message') or ''}\n")


def _percent(part: int, whole: int) -> int:
    """Go's ``int64(float64(part) / float64(whole) * 100)``."""
    if whole == 0:
        return 0
    return int(part / whole * 100)


def _get(resources: ResourceList, name: str) -> Quantity:
    return resources.get(name, Quantity())


def _node_resources(w: PrefixWriter, pods: list[Obj], node: Obj, settings: Settings) -> None:
    """``describeNodeResource``: each non-terminated pod's share, then the totals."""
    status = node.get("status") or {}
    allocatable = resource_list(status.get("allocatable") or status.get("capacity"))
    cpu = _get(allocatable, "cpu").milli_value()
    memory = _get(allocatable, "memory").whole_value()
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits"
               "\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------"
               "\t---\n")
    requests: ResourceList = {}
    limits: ResourceList = {}
    for pod in pods:
        metadata = pod.get("metadata") or {}
        req, lim = pod_requests(pod), pod_limits(pod)
        add_into(requests, req)
        add_into(limits, lim)
        cells = [str(metadata.get("namespace") or ""), str(metadata.get("name") or ""), ""]
        for quantity, whole, milli in ((_get(req, "cpu"), cpu, True),
                                       (_get(lim, "cpu"), cpu, True),
                                       (_get(req, "memory"), memory, False),
                                       (_get(lim, "memory"), memory, False)):
            part = quantity.milli_value() if milli else quantity.whole_value()
            cells.append(f"{quantity} ({_percent(part, whole)}%)")
        cells.append(since(metadata.get("creationTimestamp"), settings.now))
        w.write(1, "\t".join(cells) + "\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., "
               "overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    for name in STANDARD:
        whole = (_get(allocatable, name).milli_value() if name == "cpu"
                 else _get(allocatable, name).whole_value())
        asked, capped = _get(requests, name), _get(limits, name)
        if name == "cpu":
            shares = _percent(asked.milli_value(), whole), _percent(capped.milli_value(), whole)
        else:
            shares = _percent(asked.whole_value(), whole), _percent(capped.whole_value(), whole)
        w.write(1, f"{name}\t{asked} ({shares[0]}%)\t{capped} ({shares[1]}%)\n")
    huge = sorted(n for n in allocatable if n.startswith("hugepages-"))
    extended = sorted(n for n in allocatable
                      if not n.startswith("hugepages-") and n not in STANDARD and n != "pods")
    for name in huge:
        whole = _get(allocatable, name).whole_value()
        asked, capped = _get(requests, name), _get(limits, name)
        w.write(1, f"{name}\t{asked} ({_percent(asked.whole_value(), whole)}%)\t"
                   f"{capped} ({_percent(capped.whole_value(), whole)}%)\n")
    for name in extended:
        w.write(1, f"{name}\t{_get(requests, name)}\t{_get(limits, name)}\n")


def _node_events(reader: Reader, node: Obj, settings: Settings) -> list[Obj]:
    """Events about the node by its UID (controllers) and by its name as UID (the kubelet)."""
    by_uid = search_events(reader, node, "Node", settings)
    name = str(node["metadata"].get("name") or "")
    by_name = search_events(reader, {"metadata": {"name": name, "uid": name}}, "Node", settings)
    return by_uid + by_name


MAX_POOLS = 10  # kubectl lists this many ResourceSlice pools, then counts the rest


def _resource_slices(reader: Reader, name: str) -> list[Obj]:
    """kubectl 1.37 reads the ResourceSlices of the node (one request, no chunks); any
    answer of the server but the list leaves none."""
    query: dict[str, str | int] = {"fieldSelector": field_selector({"spec.nodeName": name})}
    try:
        return list(reader.get("/apis/resource.k8s.io/v1/resourceslices", query)
                    .get("items") or [])
    except Exception as error:
        if not is_api_answer(error):
            raise
        return []


@dataclass
class _Pool:
    driver: str
    name: str
    slices: int = 0
    devices: int = 0


def _write_resource_slices(w: PrefixWriter, slices: list[Obj]) -> None:
    """``describeNodeResourceSlices``: slices and devices per driver and pool, sorted."""
    pools: dict[str, _Pool] = {}
    for item in slices:
        spec = item.get("spec") or {}
        driver = str(spec.get("driver") or "")
        name = str((spec.get("pool") or {}).get("name") or "")
        pool = pools.setdefault(f"{driver}/{name}", _Pool(driver, name))
        pool.slices += 1
        pool.devices += len(spec.get("devices") or [])
    if not pools:
        return
    w.write(0, "Node-Local ResourceSlices:\n")
    w.write(1, "Driver\tPool\tSlices\tDevices\n")
    w.write(1, "------\t----\t------\t-------\n")
    keys = sorted(pools)
    for shown, key in enumerate(keys):
        if shown >= MAX_POOLS:
            w.write(1, f"...and {len(keys) - MAX_POOLS} more pools\n")
            break
        pool = pools[key]
        w.write(1, f"{pool.driver}\t{pool.name}\t{pool.slices}\t{pool.devices}\n")


@describer("", "Node")
def describe_node(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    node = reader.get_or_none(f"/api/v1/nodes/{name}")
    if node is None:
        raise NotFound("nodes", name)
    selector = field_selector({"spec.nodeName": name}) + ",status.phase!=Succeeded," \
        "status.phase!=Failed"
    pods = list_all(reader, f"/api/v1/namespaces/{namespace}/pods" if namespace
                    else "/api/v1/pods", {"fieldSelector": selector}, settings.chunk_size)
    events = _node_events(reader, node, settings) if settings.show_events else None
    slices = _resource_slices(reader, name) if settings.since(37) else []
    metadata, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    now = settings.now
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Roles:\t{','.join(node_roles(metadata.get('labels') or {})) or '<none>'}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(metadata.get('creationTimestamp'), now)}\n")
    _taints(w, spec.get("taints"))
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    _lease(w, reader, name, settings)
    _conditions(w, status.get("conditions"), settings)
    w.write(0, "Addresses:\n")
    for address in status.get("addresses") or []:
        w.write(1, f"{address.get('type') or ''}:\t{address.get('address') or ''}\n")
    for title, field in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        values = status.get(field) or {}
        if values:
            w.write(0, f"{title}:\n")
            for resource in sorted(values):
                w.write(0, f"  {resource}:\t{values[resource]}\n")
    _write_resource_slices(w, slices)
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for title, field in (("Machine ID", "machineID"), ("System UUID", "systemUUID"),
                         ("Boot ID", "bootID"), ("Kernel Version", "kernelVersion"),
                         ("OS Image", "osImage"), ("Operating System", "operatingSystem"),
                         ("Architecture", "architecture"),
                         ("Container Runtime Version", "containerRuntimeVersion"),
                         ("Kubelet Version", "kubeletVersion"),
                         ("Kube-Proxy Version", "kubeProxyVersion")):
        # kubectl 1.37 no longer prints the kube-proxy version (gated at 37: whether 1.35
        # or 1.36 did is not known here)
        if field == "kubeProxyVersion" and settings.since(37):
            continue
        w.write(0, f"  {title}:\t{info.get(field) or ''}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _node_resources(w, pods, node, settings)
    if events is not None:
        write_events(w, events, settings)
    return w.text()
