"""``kubectl describe service`` (kubectl's ServiceDescriber) and the endpoint list it shares
with the Ingress describer (``formatEndpointSlices``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..common import (
    Settings,
    format_labels,
    search_events,
    write_annotations,
    write_events,
    write_labels,
)
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MAX_LISTED_ENDPOINTS = 3


def service_slices(reader: Reader, namespace: str, service: str) -> list[Obj]:
    """The EndpointSlices labelled with the service's name."""
    found = reader.get(f"/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices",
                       {"labelSelector": f"{SERVICE_NAME_LABEL}={service}"})
    return list(found.get("items") or [])


def join_host_port(host: str, port: object) -> str:
    """Go's ``net.JoinHostPort``: an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _ready(endpoint: Obj) -> bool:
    """An endpoint whose readiness is unknown counts as ready (discovery/v1's advice)."""
    ready = (endpoint.get("conditions") or {}).get("ready")
    return ready is None or bool(ready)


def format_endpoint_slices(slices: list[Obj], port_names: Collection[str] | None) -> str:
    """``formatEndpointSlices``: the first three ready ``address:port`` of the ports named
    ``port_names`` (every port when None), then ``+ N more...``; ``<none>`` without slices."""
    if not slices:
        return "<none>"
    listed: list[str] = []
    more = False
    count = 0

    def add(endpoint: Obj, text: str) -> None:
        nonlocal more, count
        # as kubectl: "more" is decided before readiness, so three listed endpoints
        # followed only by endpoints that are not ready still end in "+ 0 more..."
        if len(listed) == MAX_LISTED_ENDPOINTS:
            more = True
        if not _ready(endpoint):
            return
        if not more:
            listed.append(text)
        count += 1

    for endpoint_slice in slices:
        endpoints = endpoint_slice.get("endpoints") or []
        ports = endpoint_slice.get("ports") or []
        if not ports:  # a headless service without ports
            for endpoint in endpoints:
                add(endpoint, (endpoint.get("addresses") or [""])[0])
            continue
        for port in ports:
            if port_names is not None and str(port.get("name") or "") not in port_names:
                continue
            for endpoint in endpoints:
                address = (endpoint.get("addresses") or [""])[0]
                add(endpoint, join_host_port(address, port.get("port")))
    text = ",".join(listed)
    if more:
        return f"{text} + {count - MAX_LISTED_ENDPOINTS} more..."
    return text


def _load_balancer_ingress(ingresses: list[Obj]) -> str:
    """``buildIngressString``: IPs (with their mode) or host names, comma-separated."""
    parts = []
    for ingress in ingresses:
        if ingress.get("ip"):
            mode = f" ({ingress['ipMode']})" if ingress.get("ipMode") else ""
            parts.append(f"{ingress['ip']}{mode}")
        else:
            parts.append(str(ingress.get("hostname") or ""))
    return ", ".join(parts)


def _write_ports(w: PrefixWriter, ports: list[Obj], slices: list[Obj], settings: Settings
                 ) -> None:
    for port in ports:
        name = str(port.get("name") or "")
        shown = name or "<unset>"
        protocol = port.get("protocol") or ""
        w.write(0, f"Port:\t{shown}\t{port.get('port', 0)}/{protocol}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort', 0)}/{protocol}\n")
        # kubectl 1.37 (gated there: whether 1.35 or 1.36 printed it is not known here)
        if port.get("appProtocol") is not None and settings.since(37):
            w.write(0, f"AppProtocol:\t{port['appProtocol']}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{shown}\t{port['nodePort']}/{protocol}\n")
        w.write(0, f"Endpoints:\t{format_endpoint_slices(slices, {name})}\n")


@describer("", "Service")
def describe_service(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    service = reader.get_or_none(f"/api/v1/namespaces/{namespace}/services/{name}")
    if service is None:
        raise NotFound("services", name)
    slices = service_slices(reader, namespace, name)
    metadata = service.get("metadata") or {}
    spec = service.get("spec") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type') or ''}\n")
    if spec.get("ipFamilyPolicy") is not None:
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP') or ''}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingresses = ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress")
    if ingresses:
        w.write(0, f"LoadBalancer Ingress:\t{_load_balancer_ingress(ingresses)}\n")
    _write_ports(w, spec.get("ports") or [], slices, settings)
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity') or ''}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy") is not None:
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, "LoadBalancer Source Ranges:\t"
                   f"{','.join(spec['loadBalancerSourceRanges'])}\n")
    if spec.get("trafficDistribution") is not None:
        w.write(0, f"Traffic Distribution:\t{spec['trafficDistribution']}\n")
    if settings.show_events:
        write_events(w, search_events(reader, service, "Service", settings), settings)
    return w.text()
