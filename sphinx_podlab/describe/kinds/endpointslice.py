"""``kubectl describe endpointslice`` (kubectl's ``describeEndpointSliceV1``)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, search_events, write_annotations, write_events, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


def _unset(value: object) -> str:
    return "<unset>" if value is None else str(value)


def _write_ports(w: PrefixWriter, ports: list[Obj]) -> None:
    if not ports:
        w.write(0, "Ports: <unset>\n")
        return
    w.write(0, "Ports:\n")
    w.write(1, "Name\tPort\tProtocol\n")
    w.write(1, "----\t----\t--------\n")
    for port in ports:
        w.write(1, f"{port.get('name') or '<unset>'}\t{_unset(port.get('port'))}\t"
                   f"{port.get('protocol') or ''}\n")


def _write_endpoint(w: PrefixWriter, endpoint: Obj) -> None:
    w.write(1, f"- Addresses:\t{', '.join(endpoint.get('addresses') or []) or '<none>'}\n")
    w.write(2, "Conditions:\n")
    ready = (endpoint.get("conditions") or {}).get("ready")
    w.write(3, f"Ready:\t{'<unset>' if ready is None else str(bool(ready)).lower()}\n")
    w.write(2, f"Hostname:\t{_unset(endpoint.get('hostname'))}\n")
    target = endpoint.get("targetRef")
    if target is not None:
        w.write(2, f"TargetRef:\t{target.get('kind') or ''}/{target.get('name') or ''}\n")
    w.write(2, f"NodeName:\t{_unset(endpoint.get('nodeName'))}\n")
    w.write(2, f"Zone:\t{_unset(endpoint.get('zone'))}\n")


@describer("discovery.k8s.io", "EndpointSlice")
def describe_endpoint_slice(reader: Reader, namespace: str, name: str, settings: Settings
                            ) -> str:
    endpoint_slice = reader.get_or_none(
        f"/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices/{name}")
    if endpoint_slice is None:
        raise NotFound("endpointslices.discovery.k8s.io", name)
    metadata = endpoint_slice.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"AddressType:\t{endpoint_slice.get('addressType') or ''}\n")
    _write_ports(w, endpoint_slice.get("ports") or [])
    endpoints = endpoint_slice.get("endpoints") or []
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for endpoint in endpoints:
            _write_endpoint(w, endpoint)
    if settings.show_events:
        write_events(w, search_events(reader, endpoint_slice, "EndpointSlice", settings), settings)
    return w.text()
