"""``kubectl describe endpoints`` (kubectl's EndpointsDescriber)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, search_events, write_annotations, write_events, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


def _addresses(addresses: list[Obj] | None) -> str:
    return ",".join(str(a.get("ip") or "") for a in addresses or []) or "<none>"


def _write_subset(w: PrefixWriter, subset: Obj) -> None:
    w.write(1, f"Addresses:\t{_addresses(subset.get('addresses'))}\n")
    w.write(1, f"NotReadyAddresses:\t{_addresses(subset.get('notReadyAddresses'))}\n")
    ports = subset.get("ports") or []
    if ports:
        w.write(1, "Ports:\n")
        w.write(2, "Name\tPort\tProtocol\n")
        w.write(2, "----\t----\t--------\n")
        for port in ports:
            w.write(2, f"{port.get('name') or '<unset>'}\t{port.get('port', 0)}\t"
                       f"{port.get('protocol') or ''}\n")
    w.write(0, "\n")


@describer("", "Endpoints")
def describe_endpoints(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    endpoints = reader.get_or_none(f"/api/v1/namespaces/{namespace}/endpoints/{name}")
    if endpoints is None:
        raise NotFound("endpoints", name)
    metadata = endpoints.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, "Subsets:\n")
    for subset in endpoints.get("subsets") or []:
        _write_subset(w, subset)
    if settings.show_events:
        write_events(w, search_events(reader, endpoints, "Endpoints", settings), settings)
    return w.text()
