"""``kubectl describe csinode`` (kubectl's ``describeCSINode``): the CSI drivers a node's
kubelet registered."""

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
from ..volumes import go_list
from ..writer import PrefixWriter

Obj = dict[str, Any]


@describer("storage.k8s.io", "CSINode")
def describe_csi_node(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    node = reader.get_or_none(f"/apis/storage.k8s.io/v1/csinodes/{name}")
    if node is None:
        raise NotFound("csinodes.storage.k8s.io", name)
    metadata = node.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(metadata.get('creationTimestamp'), settings.now)}\n")
    w.write(0, "Spec:\n")
    drivers = (node.get("spec") or {}).get("drivers")
    if drivers is not None:  # an empty list still prints its heading, as kubectl
        w.write(1, "Drivers:\n")
        for driver in drivers:
            w.write(2, f"{driver.get('name') or ''}:\n")
            w.write(3, f"Node ID:\t{driver.get('nodeID') or ''}\n")
            count = (driver.get("allocatable") or {}).get("count")
            if count is not None:
                w.write(3, "Allocatables:\n")
                w.write(4, f"Count:\t{count}\n")
            if driver.get("topologyKeys") is not None:
                w.write(3, f"Topology Keys:\t{go_list(driver['topologyKeys'])}\n")
    if settings.show_events:
        write_events(w, search_events(reader, node, "CSINode", settings), settings)
    return w.text()
