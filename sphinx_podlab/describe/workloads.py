"""What the workload describers share: fetching the object, counting its pods by phase,
and the ``Conditions:`` table of deployments and replica sets."""

from __future__ import annotations

from ..model.kinds import Obj
from .common import Settings, controller_of, selector_string
from .reader import Reader, list_all
from .registry import NotFound
from .writer import PrefixWriter


def fetch(reader: Reader, api: str, resource: str, namespace: str, name: str) -> Obj:
    """The object, or NotFound named as kubectl names it (``deployments.apps "x"``)."""
    obj = reader.get_or_none(f"{api}/namespaces/{namespace}/{resource}/{name}")
    if obj is None:
        group = api.split("/")[2] if api.startswith("/apis/") else ""
        raise NotFound(f"{resource}.{group}" if group else resource, name)
    return obj


def pod_phases(reader: Reader, obj: Obj, settings: Settings) -> tuple[int, int, int, int]:
    """``getPodStatusForController``: Running, Pending (waiting), Succeeded and Failed pods
    among those the selector matches and ``obj`` controls."""
    metadata = obj.get("metadata") or {}
    selector = selector_string((obj.get("spec") or {}).get("selector"))
    pods = list_all(reader, f"/api/v1/namespaces/{metadata.get('namespace')}/pods",
                    {"labelSelector": selector}, settings.chunk_size)
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in pods:
        owner = controller_of(pod)
        if owner is None or owner.get("uid") != metadata.get("uid"):
            continue
        phase = str((pod.get("status") or {}).get("phase") or "")
        if phase in counts:
            counts[phase] += 1
    return counts["Running"], counts["Pending"], counts["Succeeded"], counts["Failed"]


def pods_status_line(phases: tuple[int, int, int, int]) -> str:
    running, waiting, succeeded, failed = phases
    return f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed"


def write_conditions(w: PrefixWriter, conditions: list[Obj] | None) -> None:
    """The ``Type Status Reason`` table of deployments and replica sets (none: nothing)."""
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
    w.write(1, "----\t------\t------\n")
    for condition in conditions:
        w.write(1, f"{condition.get('type') or ''} \t{condition.get('status') or ''}\t"
                   f"{condition.get('reason') or ''}\n")


def int_or_string(value: object) -> str:
    """``intstr.IntOrString.String()``."""
    return "" if value is None else str(value)
