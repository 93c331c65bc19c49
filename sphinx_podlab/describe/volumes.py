"""Volumes and claims as kubectl's describers print them: a pod's ``Volumes:`` section,
a StatefulSet's ``Volume Claims:``, and the claim body the PVC describer shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..model.kinds import Obj
from .common import go_bool, since, write_annotations, write_labels
from .quantity import parse_quantity
from .writer import NestedPrefixWriter, PrefixWriter

BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class"


class UnsupportedVolume(Exception):
    """A volume type whose description podlab does not reproduce."""


def go_list(values: list[Any] | None) -> str:
    """Go's ``%v`` of a slice of strings: ``[a b]``."""
    return "[" + " ".join(str(v) for v in values or []) + "]"


def claim_class(claim: Obj) -> str:
    """``GetPersistentVolumeClaimClass``: the beta annotation first, then the spec."""
    annotations = (claim.get("metadata") or {}).get("annotations") or {}
    if BETA_STORAGE_CLASS in annotations:
        return str(annotations[BETA_STORAGE_CLASS])
    name = (claim.get("spec") or {}).get("storageClassName")
    return "" if name is None else str(name)


def access_modes(modes: list[str] | None) -> str:
    """``GetAccessModesAsString``: ``RWO,ROX,RWX,RWOP`` in that order, no duplicates."""
    present = set(modes or [])
    names = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"),
             ("ReadWriteOncePod", "RWOP"))
    return ",".join(short for mode, short in names if mode in present)


def write_claim(w: PrefixWriter, claim: Obj, full: bool, now: datetime) -> None:
    """``printPersistentVolumeClaim``: a PVC's body (``full``) or an ephemeral volume's
    claim template (no name, namespace, status or finalizers)."""
    metadata = claim.get("metadata") or {}
    spec = claim.get("spec") or {}
    status = claim.get("status") or {}
    if full:
        w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
        w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"StorageClass:\t{claim_class(claim)}\n")
    if full:
        if metadata.get("deletionTimestamp"):
            age = since(metadata["deletionTimestamp"], now)
            w.write(0, f"Status:\tTerminating (lasts {age})\n")
        else:
            w.write(0, f"Status:\t{status.get('phase') or ''}\n")
    volume_name = str(spec.get("volumeName") or "")
    w.write(0, f"Volume:\t{volume_name}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    if full:
        w.write(0, f"Finalizers:\t{go_list(metadata.get('finalizers'))}\n")
    capacity, modes = "", ""
    if volume_name:
        modes = access_modes(status.get("accessModes"))
        capacity = str((status.get("capacity") or {}).get("storage") or "0")
    w.write(0, f"Capacity:\t{capacity}\n")
    w.write(0, f"Access Modes:\t{modes}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    source = spec.get("dataSource")
    if source is not None:
        w.write(0, "DataSource:\n")
        if source.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{source['apiGroup']}\n")
        w.write(1, f"Kind:\t{source.get('kind') or ''}\n")
        w.write(1, f"Name:\t{source.get('name') or ''}\n")


def write_claim_templates(w: PrefixWriter, templates: list[Obj] | None) -> None:
    """``describeVolumeClaimTemplates`` (a StatefulSet's ``Volume Claims:``)."""
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for claim in templates:
        metadata = claim.get("metadata") or {}
        spec = claim.get("spec") or {}
        w.write(1, f"Name:\t{metadata.get('name') or ''}\n")
        w.write(1, f"StorageClass:\t{claim_class(claim)}\n")
        write_labels(w, "Labels", metadata.get("labels"), initial_indent="  ")
        write_labels(w, "Annotations", metadata.get("annotations"), initial_indent="  ")
        requests = (spec.get("resources") or {}).get("requests") or {}
        w.write(1, f"Capacity:\t{requests.get('storage', '<default>')}\n")
        w.write(1, f"Access Modes:\t{go_list(spec.get('accessModes'))}\n")


# -- one function per volume source -------------------------------------------------------

def _host_path(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tHostPath (bare host directory volume)\n"
               f"    Path:\t{source.get('path') or ''}\n"
               f"    HostPathType:\t{source.get('type') or '<none>'}\n")


def _empty_dir(w: PrefixWriter, source: Obj, now: datetime) -> None:
    limit = source.get("sizeLimit")
    size = str(limit) if limit is not None and parse_quantity(str(limit)) > 0 else "<unset>"
    w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
               f"    Medium:\t{source.get('medium') or ''}\n"
               f"    SizeLimit:\t{size}\n")


def _git_repo(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n"
               f"    Repository:\t{source.get('repository') or ''}\n"
               f"    Revision:\t{source.get('revision') or ''}\n")


def _secret(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tSecret (a volume populated by a Secret)\n"
               f"    SecretName:\t{source.get('secretName') or ''}\n"
               f"    Optional:\t{go_bool(source.get('optional'))}\n")


def _config_map(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
               f"    Name:\t{source.get('name') or ''}\n"
               f"    Optional:\t{go_bool(source.get('optional'))}\n")


def _projected(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for item in source.get("sources") or []:
        if item.get("secret") is not None:
            w.write(2, f"SecretName:\t{item['secret'].get('name') or ''}\n"
                       f"    Optional:\t{go_bool(item['secret'].get('optional'))}\n")
        elif item.get("downwardAPI") is not None:
            w.write(2, "DownwardAPI:\ttrue\n")
        elif item.get("configMap") is not None:
            w.write(2, f"ConfigMapName:\t{item['configMap'].get('name') or ''}\n"
                       f"    Optional:\t{go_bool(item['configMap'].get('optional'))}\n")
        elif item.get("serviceAccountToken") is not None:
            seconds = int(item["serviceAccountToken"].get("expirationSeconds") or 0)
            w.write(2, f"TokenExpirationSeconds:\t{seconds}\n")


def _nfs(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
               f"    Server:\t{source.get('server') or ''}\n"
               f"    Path:\t{source.get('path') or ''}\n"
               f"    ReadOnly:\t{go_bool(source.get('readOnly'))}\n")


def _claim(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
               "namespace)\n"
               f"    ClaimName:\t{source.get('claimName') or ''}\n"
               f"    ReadOnly:\t{go_bool(source.get('readOnly'))}\n")


def _ephemeral(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created "
               "and deleted with the pod)\n")
    template = source.get("volumeClaimTemplate")
    if template is not None:
        claim = {"metadata": template.get("metadata") or {}, "spec": template.get("spec") or {}}
        write_claim(NestedPrefixWriter(w, 2), claim, False, now)


def _downward_api(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n"
               "    Items:\n")
    for item in source.get("items") or []:
        if item.get("fieldRef") is not None:
            w.write(3, f"{item['fieldRef'].get('fieldPath') or ''} -> {item.get('path') or ''}\n")
        if item.get("resourceFieldRef") is not None:
            w.write(3, f"{item['resourceFieldRef'].get('resource') or ''} -> "
                       f"{item.get('path') or ''}\n")


def write_csi_attributes(w: PrefixWriter, title: str, attributes: dict[str, str] | None) -> None:
    """``printCSIPersistentVolumeAttributesMultiline`` (every line at level 2)."""
    w.write(2, f"{title}:\t")
    if not attributes:
        w.write_line("<none>")
        return
    for index, key in enumerate(sorted(attributes)):
        if index:
            w.write(2, "")
            w.write(2, "\t")
        line = f"{key}={attributes[key]}"
        w.write(2, f"{line[:140]}...\n" if len(line) > 140 else f"{line}\n")


def _csi(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
               f"    Driver:\t{source.get('driver') or ''}\n"
               f"    FSType:\t{source.get('fsType') or ''}\n"
               f"    ReadOnly:\t{go_bool(source.get('readOnly'))}\n")
    write_csi_attributes(w, "VolumeAttributes", source.get("volumeAttributes"))


def _image(w: PrefixWriter, source: Obj, now: datetime) -> None:
    w.write(2, "Type:\tImage (a container image or OCI artifact)\n"
               f"    Reference:\t{source.get('reference') or ''}\n"
               f"    PullPolicy:\t{source.get('pullPolicy') or ''}\n")


# kubectl tests the sources in this order (describeVolumes' switch); the cloud and
# network storage types a lab cannot run are left out and refused.
_SOURCES: tuple[tuple[str, Callable[[PrefixWriter, Obj, datetime], None]], ...] = (
    ("hostPath", _host_path), ("emptyDir", _empty_dir), ("gitRepo", _git_repo),
    ("secret", _secret), ("configMap", _config_map), ("nfs", _nfs),
    ("persistentVolumeClaim", _claim), ("ephemeral", _ephemeral),
    ("downwardAPI", _downward_api), ("projected", _projected), ("csi", _csi),
    ("image", _image),
)
_UNSUPPORTED = ("gcePersistentDisk", "awsElasticBlockStore", "iscsi", "glusterfs", "rbd",
                "quobyte", "azureDisk", "vsphereVolume", "cinder", "photonPersistentDisk",
                "portworxVolume", "scaleIO", "cephfs", "storageos", "fc", "azureFile",
                "flexVolume", "flocker")


def write_volumes(w: PrefixWriter, volumes: list[Obj] | None, space: str, now: datetime
                  ) -> None:
    """``describeVolumes``: each volume's name and the fields of its source."""
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in volumes:
        w.write(1, f"{' ' if space else ''}{volume.get('name') or ''}:\n")
        for field in _UNSUPPORTED:
            if volume.get(field) is not None:
                raise UnsupportedVolume(f"podlab does not describe {field} volumes")
        for field, write in _SOURCES:
            if volume.get(field) is not None:
                write(w, volume[field], now)
                break
        else:
            w.write(1, "<unknown>\n")
