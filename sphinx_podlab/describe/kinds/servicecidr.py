"""``kubectl describe servicecidr`` (kubectl's ``describeServiceCIDRV1``)."""

from __future__ import annotations

from typing import Any

from ..common import (
    Settings,
    rfc1123z,
    search_events,
    write_annotations,
    write_events,
    write_labels,
)
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


@describer("networking.k8s.io", "ServiceCIDR")
def describe_service_cidr(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    cidr = reader.get_or_none(f"/apis/networking.k8s.io/v1/servicecidrs/{name}")
    if cidr is None:
        raise NotFound("servicecidrs.networking.k8s.io", name)
    metadata = cidr.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"CIDRs:\t{', '.join((cidr.get('spec') or {}).get('cidrs') or [])}\n")
    conditions = (cidr.get("status") or {}).get("conditions") or []
    if conditions:
        w.write(0, "Status:\n")
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for condition in conditions:
            w.write(1, f"{condition.get('type') or ''}\t{condition.get('status') or ''}\t"
                       f"{rfc1123z(condition.get('lastTransitionTime'), settings.now)}\t"
                       f"{condition.get('reason') or ''}\t{condition.get('message') or ''}\n")
    if settings.show_events:
        write_events(w, search_events(reader, cidr, "ServiceCIDR", settings), settings)
    return w.text()
