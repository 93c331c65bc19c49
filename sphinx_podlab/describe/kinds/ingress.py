"""``kubectl describe ingress`` (kubectl's ``describeIngressV1``): its rules, each backend
with the endpoints of its service."""

from __future__ import annotations

from typing import Any

from ..common import Settings, search_events, write_annotations, write_events, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter
from .service import format_endpoint_slices, service_slices

Obj = dict[str, Any]


def _service_backend_text(backend: Obj) -> str:
    """``serviceBackendStringer``: ``name:port`` (the port's number, else its name)."""
    port = backend.get("port") or {}
    return f"{backend.get('name') or ''}:{port.get('number') or port.get('name') or ''}"


def _port_name(service: Obj, wanted: Obj) -> str:
    """The name of the service port a backend refers to by number or by name."""
    found = ""
    for port in (service.get("spec") or {}).get("ports") or []:
        by_number = bool(wanted.get("number")) and wanted["number"] == port.get("port")
        by_name = bool(wanted.get("name")) and wanted["name"] == port.get("name")
        if by_number or by_name:  # the last port that matches, as kubectl
            found = str(port.get("name") or "")
    return found


def describe_backend(reader: Reader, namespace: str, backend: Obj) -> str:
    """``describeBackendV1``: a service backend with its endpoints, or a resource backend."""
    service_backend = backend.get("service")
    if service_backend is not None:
        text = _service_backend_text(service_backend)
        service_name = str(service_backend.get("name") or "")
        slices = service_slices(reader, namespace, service_name)
        service = reader.get_or_none(f"/api/v1/namespaces/{namespace}/services/{service_name}")
        if service is None:  # the message of the server's NotFound, as kubectl shows it
            return f'{text} (<error: services "{service_name}" not found>)'
        port_name = _port_name(service, service_backend.get("port") or {})
        return f"{text} ({format_endpoint_slices(slices, {port_name})})"
    resource = backend.get("resource")
    if resource is not None:
        group = resource.get("apiGroup")
        return (f"APIGroup: {'<none>' if group is None else group}, "
                f"Kind: {resource.get('kind') or ''}, Name: {resource.get('name') or ''}")
    return ""


def _address(status: Obj) -> str:
    """``ingressLoadBalancerStatusStringerV1``: the distinct IPs or host names, sorted."""
    found = {str(i.get("ip") or i.get("hostname") or "")
             for i in (status.get("loadBalancer") or {}).get("ingress") or []}
    return ",".join(sorted(found - {""}))


def _write_tls(w: PrefixWriter, entries: list[Obj]) -> None:
    w.write(0, "TLS:\n")
    for tls in entries:
        hosts = ",".join(tls.get("hosts") or [])
        if tls.get("secretName"):
            w.write(1, f"{tls['secretName']} terminates {hosts}\n")
        else:
            w.write(1, f"SNI routes {hosts}\n")


def _write_rules(w: PrefixWriter, reader: Reader, namespace: str, rules: list[Obj],
                 default_text: str) -> None:
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    shown = 0
    for rule in rules:
        if rule.get("http") is None:
            continue
        shown += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            backend = describe_backend(reader, namespace, path.get("backend") or {})
            w.write(2, f"\t{path.get('path') or ''} \t{backend}\n")
    if not shown:
        w.write(1, f"*\t*\t{default_text}\n")


@describer("networking.k8s.io", "Ingress")
def describe_ingress(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    ingress = reader.get_or_none(
        f"/apis/networking.k8s.io/v1/namespaces/{namespace}/ingresses/{name}")
    if ingress is None:
        raise NotFound("ingresses.networking.k8s.io", name)
    metadata = ingress.get("metadata") or {}
    spec = ingress.get("spec") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"Address:\t{_address(ingress.get('status') or {})}\n")
    w.write(0, f"Ingress Class:\t{spec.get('ingressClassName') or '<none>'}\n")
    default = spec.get("defaultBackend")
    default_text = "<default>" if default is None else describe_backend(reader, namespace,
                                                                         default)
    w.write(0, f"Default backend:\t{default_text}\n")
    if spec.get("tls"):
        _write_tls(w, spec["tls"])
    _write_rules(w, reader, namespace, spec.get("rules") or [], default_text)
    write_annotations(w, "Annotations", metadata.get("annotations"))
    if settings.show_events:
        write_events(w, search_events(reader, ingress, "Ingress", settings), settings)
    return w.text()
