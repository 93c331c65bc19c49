"""``kubectl describe ipaddress`` (kubectl's ``describeIPAddressV1``): which object holds the
address (a Service's ClusterIP)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, search_events, write_annotations, write_events, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


@describer("networking.k8s.io", "IPAddress")
def describe_ip_address(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    address = reader.get_or_none(f"/apis/networking.k8s.io/v1/ipaddresses/{name}")
    if address is None:
        raise NotFound("ipaddresses.networking.k8s.io", name)
    metadata = address.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    parent = (address.get("spec") or {}).get("parentRef")
    if parent is not None:
        w.write(0, "Parent Reference:\n")
        for title, field in (("Group", "group"), ("Resource", "resource"),
                             ("Namespace", "namespace"), ("Name", "name")):
            w.write(1, f"{title}:\t{parent.get(field) or ''}\n")
    if settings.show_events:
        write_events(w, search_events(reader, address, "IPAddress", settings), settings)
    return w.text()
