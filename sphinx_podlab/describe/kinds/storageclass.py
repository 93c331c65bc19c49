"""``kubectl describe storageclass`` (kubectl's ``describeStorageClass``)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, format_labels, search_events, write_events
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter
from .persistentvolume import write_requirements

Obj = dict[str, Any]

DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"


def _title_bool(value: object) -> str:
    """kubectl's ``printBoolPtr``: ``True``, ``False`` or ``<unset>``."""
    if value is None:
        return "<unset>"
    return "True" if value else "False"


def _write_topologies(w: PrefixWriter, topologies: list[Obj]) -> None:
    """``printAllowedTopologies``: each term's label requirements (always ``in``)."""
    w.write(0, "AllowedTopologies:\t")
    if not topologies:
        w.write_line("<none>")
        return
    w.write_line("")
    for index, term in enumerate(topologies):
        write_requirements(w, 1, f"Term {index}", term.get("matchLabelExpressions") or [],
                           operator="in")


@describer("storage.k8s.io", "StorageClass")
def describe_storage_class(reader: Reader, namespace: str, name: str,
                           settings: Settings) -> str:
    storage_class = reader.get_or_none(f"/apis/storage.k8s.io/v1/storageclasses/{name}")
    if storage_class is None:
        raise NotFound("storageclasses.storage.k8s.io", name)
    metadata = storage_class.get("metadata") or {}
    annotations = metadata.get("annotations") or {}
    default = "true" in (annotations.get(DEFAULT_CLASS), annotations.get(BETA_DEFAULT_CLASS))
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"IsDefaultClass:\t{'Yes' if default else 'No'}\n")
    # every annotation, last-applied-configuration included, on one line
    w.write(0, f"Annotations:\t{format_labels(annotations)}\n")
    w.write(0, f"Provisioner:\t{storage_class.get('provisioner') or ''}\n")
    w.write(0, f"Parameters:\t{format_labels(storage_class.get('parameters'))}\n")
    w.write(0, f"AllowVolumeExpansion:\t{_title_bool(storage_class.get('allowVolumeExpansion'))}\n")
    options = storage_class.get("mountOptions") or []
    if options:
        w.write(0, "MountOptions:\n")
        for option in options:
            w.write(1, f"{option}\n")
    else:
        w.write(0, "MountOptions:\t<none>\n")
    if storage_class.get("reclaimPolicy") is not None:
        w.write(0, f"ReclaimPolicy:\t{storage_class['reclaimPolicy']}\n")
    if storage_class.get("volumeBindingMode") is not None:
        w.write(0, f"VolumeBindingMode:\t{storage_class['volumeBindingMode']}\n")
    if storage_class.get("allowedTopologies") is not None:
        _write_topologies(w, storage_class["allowedTopologies"])
    if settings.show_events:
        write_events(w, search_events(reader, storage_class, "StorageClass", settings), settings)
    return w.text()
