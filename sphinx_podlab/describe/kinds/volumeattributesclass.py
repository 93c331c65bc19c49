"""``kubectl describe volumeattributesclass`` (kubectl's ``describeVolumeAttributesClass``)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, format_labels, search_events, write_events
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


@describer("storage.k8s.io", "VolumeAttributesClass")
def describe_volume_attributes_class(reader: Reader, namespace: str, name: str,
                                     settings: Settings) -> str:
    found = reader.get_or_none(f"/apis/storage.k8s.io/v1/volumeattributesclasses/{name}")
    if found is None:
        raise NotFound("volumeattributesclasses.storage.k8s.io", name)
    metadata = found.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Annotations:\t{format_labels(metadata.get('annotations'))}\n")
    w.write(0, f"DriverName:\t{found.get('driverName') or ''}\n")
    w.write(0, f"Parameters:\t{format_labels(found.get('parameters'))}\n")
    if settings.show_events:
        write_events(w, search_events(reader, found, "VolumeAttributesClass", settings), settings)
    return w.text()
