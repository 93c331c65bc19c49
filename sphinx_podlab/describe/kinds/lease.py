"""``kubectl describe lease``: kubectl has no describer of its own for it (the generic one)."""

from __future__ import annotations

from ..common import Settings
from ..generic import describe_generic
from ..reader import Reader
from ..registry import describer


@describer("coordination.k8s.io", "Lease")
def describe_lease(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    return describe_generic(
        reader, f"/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}",
        "leases.coordination.k8s.io", name, settings)
