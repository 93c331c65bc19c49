"""``kubectl describe pv`` (kubectl's PersistentVolumeDescriber)."""

from __future__ import annotations

from typing import Any

from ..common import (
    Settings,
    go_bool,
    search_events,
    since,
    write_annotations,
    write_events,
    write_labels,
)
from ..reader import Reader
from ..registry import NotFound, describer
from ..volumes import UnsupportedVolume, access_modes, go_list, write_csi_attributes
from ..writer import PrefixWriter

Obj = dict[str, Any]

BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class"
# sources kubectl prints that a lab cannot have; podlab refuses them rather than guess
UNSUPPORTED_SOURCES = ("gcePersistentDisk", "awsElasticBlockStore", "iscsi", "glusterfs", "rbd",
                       "quobyte", "vsphereVolume", "cinder", "azureDisk",
                       "photonPersistentDisk", "portworxVolume", "scaleIO", "cephfs",
                       "storageos", "fc", "azureFile", "flexVolume", "flocker")


def volume_class(volume: Obj) -> str:
    """``GetPersistentVolumeClass``: the beta annotation first, then the spec."""
    annotations = (volume.get("metadata") or {}).get("annotations") or {}
    if BETA_STORAGE_CLASS in annotations:
        return str(annotations[BETA_STORAGE_CLASS])
    return str((volume.get("spec") or {}).get("storageClassName") or "")


def write_requirements(w: PrefixWriter, level: int, title: str, requirements: list[Obj],
                       operator: str | None = None) -> None:
    """``printNodeSelectorTermsMultilineWithIndent``: ``key op [v1, v2]`` lines after a
    title; ``operator`` replaces the requirements' own (topology terms are always ``in``)."""
    w.write(level, f"{title}:\t")
    if not requirements:
        w.write_line("<none>")
        return
    for index, requirement in enumerate(requirements):
        if index:
            w.write(level, "\t")
        text = f"{requirement.get('key') or ''} "
        text += operator or str(requirement.get("operator") or "").lower()
        if requirement.get("values"):
            text += f" [{', '.join(requirement['values'])}]"
        w.write(0, f"{text}\n")


def _write_node_affinity(w: PrefixWriter, affinity: Obj | None) -> None:
    w.write(0, "Node Affinity:\t")
    required = (affinity or {}).get("required")
    if required is None:
        w.write_line("<none>")
        return
    w.write_line("")
    w.write(1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.write_line("<none>")
        return
    w.write_line("")
    for index, term in enumerate(terms):
        write_requirements(w, 2, f"Term {index}", term.get("matchExpressions") or [])


def _write_source(w: PrefixWriter, spec: Obj) -> None:
    """The volume's source as kubectl prints it, for the kinds a lab or a textbook has."""
    for field in UNSUPPORTED_SOURCES:
        if spec.get(field) is not None:
            raise UnsupportedVolume(f"podlab does not describe {field} persistent volumes")
    if spec.get("hostPath") is not None:
        source = spec["hostPath"]
        w.write(2, "Type:\tHostPath (bare host directory volume)\n"
                   f"    Path:\t{source.get('path') or ''}\n"
                   f"    HostPathType:\t{source.get('type') or '<none>'}\n")
    elif spec.get("nfs") is not None:
        source = spec["nfs"]
        w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
                   f"    Server:\t{source.get('server') or ''}\n"
                   f"    Path:\t{source.get('path') or ''}\n"
                   f"    ReadOnly:\t{go_bool(source.get('readOnly'))}\n")
    elif spec.get("local") is not None:
        w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a "
                   f"node)\n    Path:\t{spec['local'].get('path') or ''}\n")
    elif spec.get("csi") is not None:
        source = spec["csi"]
        w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
                   f"    Driver:\t{source.get('driver') or ''}\n"
                   f"    FSType:\t{source.get('fsType') or ''}\n"
                   f"    VolumeHandle:\t{source.get('volumeHandle') or ''}\n"
                   f"    ReadOnly:\t{go_bool(source.get('readOnly'))}\n")
        write_csi_attributes(w, "VolumeAttributes", source.get("volumeAttributes"))
    else:
        w.write(1, "<unknown>\n")


@describer("", "PersistentVolume")
def describe_persistent_volume(reader: Reader, namespace: str, name: str,
                               settings: Settings) -> str:
    volume = reader.get_or_none(f"/api/v1/persistentvolumes/{name}")
    if volume is None:
        raise NotFound("persistentvolumes", name)
    metadata = volume.get("metadata") or {}
    spec = volume.get("spec") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"Finalizers:\t{go_list(metadata.get('finalizers'))}\n")
    w.write(0, f"StorageClass:\t{volume_class(volume)}\n")
    if metadata.get("deletionTimestamp"):
        age = since(metadata["deletionTimestamp"], settings.now)
        w.write(0, f"Status:\tTerminating (lasts {age})\n")
    else:
        w.write(0, f"Status:\t{(volume.get('status') or {}).get('phase') or ''}\n")
    claim = spec.get("claimRef")
    claim_text = f"{claim.get('namespace') or ''}/{claim.get('name') or ''}" if claim else ""
    w.write(0, f"Claim:\t{claim_text}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy') or ''}\n")
    w.write(0, f"Access Modes:\t{access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{(spec.get('capacity') or {}).get('storage') or '0'}\n")
    _write_node_affinity(w, spec.get("nodeAffinity"))
    w.write(0, f"Message:\t{(volume.get('status') or {}).get('message') or ''}\n")
    w.write(0, "Source:\n")
    _write_source(w, spec)
    if settings.show_events:
        write_events(w, search_events(reader, volume, "PersistentVolume", settings), settings)
    return w.text()
