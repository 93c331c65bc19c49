"""``kubectl describe pvc`` (kubectl's PersistentVolumeClaimDescriber): the claim, the pods
that use it, its conditions and events."""

from __future__ import annotations

from typing import Any

from ..common import Settings, rfc1123z, search_events, write_events
from ..reader import Reader, list_all
from ..registry import NotFound, describer
from ..volumes import write_claim
from ..writer import PrefixWriter

Obj = dict[str, Any]


def pods_using_claim(pods: list[Obj], claim: Obj) -> list[Obj]:
    """``getPodsForPVC``: the pods with a volume of the claim (a pod once per such volume),
    then the pods that own the claim (an ephemeral volume's), each once."""
    name = (claim.get("metadata") or {}).get("name")
    using = [pod for pod in pods for volume in (pod.get("spec") or {}).get("volumes") or []
             if (volume.get("persistentVolumeClaim") or {}).get("claimName") == name]
    for owner in (claim.get("metadata") or {}).get("ownerReferences") or []:
        if owner.get("kind") != "Pod":
            continue
        owning = [p for p in pods if (p.get("metadata") or {}).get("uid") == owner.get("uid")]
        if owning and all((p.get("metadata") or {}).get("uid") != owner.get("uid")
                          for p in using):
            using.append(owning[0])
    return using


def write_pod_names(w: PrefixWriter, title: str, pods: list[Obj]) -> None:
    """``printPodsMultiline``: the pods' names, sorted, one a line, or ``<none>``."""
    w.write(0, f"{title}:\t")
    if not pods:
        w.write_line("<none>")
        return
    names = sorted(str((pod.get("metadata") or {}).get("name") or "") for pod in pods)
    for index, name in enumerate(names):
        if index:
            w.write(0, "\t")
        w.write(0, f"{name}\n")


def _write_conditions(w: PrefixWriter, conditions: list[Obj], settings: Settings) -> None:
    w.write(0, "Conditions:\n")
    w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for condition in conditions:
        # kubectl's format puts a space before each tab here
        w.write(1, f"{condition.get('type') or ''} \t{condition.get('status') or ''} \t"
                   f"{rfc1123z(condition.get('lastProbeTime'), settings.now)} \t"
                   f"{rfc1123z(condition.get('lastTransitionTime'), settings.now)} \t"
                   f"{condition.get('reason') or ''} \t{condition.get('message') or ''}\n")


@describer("", "PersistentVolumeClaim")
def describe_persistent_volume_claim(reader: Reader, namespace: str, name: str,
                                     settings: Settings) -> str:
    claim = reader.get_or_none(f"/api/v1/namespaces/{namespace}/persistentvolumeclaims/{name}")
    if claim is None:
        raise NotFound("persistentvolumeclaims", name)
    pods = list_all(reader, f"/api/v1/namespaces/{namespace}/pods", {}, settings.chunk_size)
    w = PrefixWriter()
    write_claim(w, claim, True, settings.now)
    write_pod_names(w, "Used By", pods_using_claim(pods, claim))
    conditions = (claim.get("status") or {}).get("conditions") or []
    if conditions:
        _write_conditions(w, conditions, settings)
    if settings.show_events:
        write_events(w, search_events(reader, claim, "PersistentVolumeClaim", settings), settings)
    return w.text()
