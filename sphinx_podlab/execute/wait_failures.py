"""What the cluster says when a wait can never succeed, and the error that tells the author.

A careful author who sees ``ErrImagePull`` or ``CrashLoopBackOff`` in ``kubectl get pods``
stops waiting; so does podlab: within seconds of the cluster saying so, the wait fails naming
the reason, the message and the object's last events (as ``kubectl describe`` shows them).

Some of these reasons can also be passing states (a Secret applied a moment after the
Deployment that uses it; a scheduler retry): each kind of trouble has a grace, the seconds
the cluster must keep saying it before podlab believes it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from .pods import condition, parse_time
from .tables import tabwrite

# container waiting reasons that never pass without a change by the author
IMAGE_REASONS = {"ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
                 "ImageInspectError", "RegistryUnavailable", "SignatureValidationFailed"}
CRASH_REASONS = {"CrashLoopBackOff"}
# reasons the kubelet may take back on its next sync (a Secret created a moment later)
CONFIG_REASONS = {"CreateContainerConfigError", "CreateContainerError", "RunContainerError",
                  "PreCreateHookError", "PreStartHookError", "PostStartHookError"}
CONFIG_GRACE = 12.0  # a little more than the kubelet's 10 s back-off between pod syncs
SCHEDULING_GRACE = 5.0  # the scheduler retries when nodes or pods change
CLAIM_GRACE = 5.0  # the PV controller retries provisioning
# "no persistent volumes available for this claim": a PV applied a moment later binds at the
# PV controller's next sync (every 15 s), and the event is of type Normal
BINDING_GRACE = 16.0
EVENT_LINES = 5  # how many of the object's latest events an error shows

# kubelet's message when a container's env or volume names an object that is absent
_MISSING_REFERENCE = re.compile(r'^(secret|configmap) "([^"]+)" not found$')
_UNBOUND_CLAIMS = "unbound immediate PersistentVolumeClaims"


@dataclass(frozen=True)
class Trouble:
    """Why an object will not become ready, as the cluster put it."""

    kind: str  # "pod", "persistentvolumeclaim", "deployment"...
    name: str
    uid: str
    reason: str
    message: str
    grace: float = 0.0  # seconds the cluster must keep saying it
    missing: tuple[str, str] | None = None  # (kind, name) of an object it waits for

    @property
    def subject(self) -> str:
        return f"{self.kind}/{self.name}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.uid, self.reason)


class WaitFailed(PodlabExecutionError):
    """A wait that cannot succeed: the cluster said why."""

    def __init__(self, waiting_for: str, trouble: Trouble, events: str) -> None:
        text = f"{trouble.subject}: {trouble.reason}"
        if trouble.message:
            text += f": {trouble.message}"
        text = f"gave up waiting for {waiting_for}: {text}"
        if events:
            text += f"\nEvents of {trouble.subject}:\n{events}"
        super().__init__(text)
        self.trouble = trouble


# -- pods -----------------------------------------------------------------------------------


def pod_trouble(pod: Obj) -> Trouble | None:
    """What in the pod's status says it will not become ready without the author's help."""
    metadata = pod.get("metadata") or {}
    name, uid = str(metadata.get("name") or ""), str(metadata.get("uid") or "")
    status = pod.get("status") or {}

    def trouble(reason: str, message: str, grace: float = 0.0,
                missing: tuple[str, str] | None = None) -> Trouble:
        return Trouble("pod", name, uid, reason, message, grace, missing)

    if metadata.get("deletionTimestamp"):
        return None  # going away: the caller waits for it (or for its replacement)
    if status.get("phase") == "Failed":
        reason = str(status.get("reason") or "Failed")
        message = str(status.get("message") or "") or _terminated_summary(status)
        return trouble(reason, message)
    for container in _containers(status):
        state = container.get("state") or {}
        waiting = state.get("waiting") or {}
        reason = str(waiting.get("reason") or "")
        message = str(waiting.get("message") or "").strip()
        label = f"container {container.get('name')}"
        if reason in IMAGE_REASONS:
            image = container.get("image") or ""
            return trouble(reason, message or f"{label} cannot pull image {image}")
        if reason in CRASH_REASONS:
            return trouble(reason, _crash_message(container, message))
        if reason in CONFIG_REASONS:
            found = _MISSING_REFERENCE.match(message)
            missing = (found.group(1), found.group(2)) if found else None
            return trouble(reason, message or label, CONFIG_GRACE, missing)
        terminated = state.get("terminated") or {}
        restarts = int(container.get("restartCount") or 0)
        if terminated and terminated.get("exitCode") not in (0, None) and restarts >= 1:
            # exited again after a restart: the kubelet says CrashLoopBackOff only at its
            # next sync, seconds later
            return trouble(str(terminated.get("reason") or "Error"),
                           f"{label} exited with code {terminated.get('exitCode')} again, "
                           f"after {_restarts(restarts)}")
    scheduled = condition(pod, "PodScheduled")
    if scheduled and scheduled.get("status") == "False" and \
            scheduled.get("reason") == "Unschedulable":
        message = str(scheduled.get("message") or "")
        if _UNBOUND_CLAIMS in message:
            return None  # the claims' own wait says why they do not bind
        return trouble("Unschedulable", message, SCHEDULING_GRACE)
    return None


def _containers(status: Obj) -> list[Obj]:
    return list(status.get("initContainerStatuses") or []) + list(
        status.get("containerStatuses") or [])


def _crash_message(container: Obj, waiting_message: str) -> str:
    last = (container.get("lastState") or {}).get("terminated") or {}
    parts = [f"container {container.get('name')} keeps exiting"]
    if last:
        parts.append(f"(last exit code {last.get('exitCode')}"
                     + (f", {last.get('reason')}" if last.get("reason") else "") + ")")
    parts.append(f"after {_restarts(int(container.get('restartCount') or 0))}")
    text = " ".join(parts)
    return f"{text}; {waiting_message}" if waiting_message else text


def _restarts(count: int) -> str:
    return "1 restart" if count == 1 else f"{count} restarts"


def _terminated_summary(status: Obj) -> str:
    for container in _containers(status):
        terminated = (container.get("state") or {}).get("terminated") or {}
        code = terminated.get("exitCode")
        if terminated and code not in (0, None):
            reason = terminated.get("reason") or "Error"
            return f"container {container.get('name')} exited with code {code} ({reason})"
    return ""


def selected_pods_trouble(pods: Sequence[Obj]) -> Trouble | None:
    """The first trouble among a workload's pods (by name, so the message is stable)."""
    for pod in sorted(pods, key=lambda p: str((p.get("metadata") or {}).get("name"))):
        found = pod_trouble(pod)
        if found is not None:
            return found
    return None


# -- workloads ------------------------------------------------------------------------------


def workload_trouble(obj: Obj) -> Trouble | None:
    """A Deployment whose ReplicaSet cannot create pods, or that exceeded its progress
    deadline (from the Deployment's own conditions)."""
    if obj.get("kind") != "Deployment":
        return None
    metadata = obj.get("metadata") or {}
    name, uid = str(metadata.get("name") or ""), str(metadata.get("uid") or "")
    failure = condition(obj, "ReplicaFailure")
    if failure and failure.get("status") == "True":
        return Trouble("deployment", name, uid, str(failure.get("reason") or "ReplicaFailure"),
                       str(failure.get("message") or ""), SCHEDULING_GRACE)
    progressing = condition(obj, "Progressing")
    if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
        return Trouble("deployment", name, uid, "ProgressDeadlineExceeded",
                       str(progressing.get("message") or ""))
    return None


def failed_create_trouble(obj: Obj, events: Sequence[Obj]) -> Trouble | None:
    """A controller that reported ``FailedCreate`` (its pods or claims are refused)."""
    metadata = obj.get("metadata") or {}
    for event in reversed(sort_events(events)):
        if event.get("type") == "Warning" and event.get("reason") == "FailedCreate":
            return Trouble(str(obj.get("kind") or "").lower(), str(metadata.get("name") or ""),
                           str(metadata.get("uid") or ""), "FailedCreate",
                           str(event.get("message") or "").strip(), SCHEDULING_GRACE)
    return None


# -- claims ---------------------------------------------------------------------------------


def claim_trouble(pvc: Obj, events: Sequence[Obj], storage_class: Obj | None,
                  class_missing: bool) -> Trouble | None:
    """Why a PersistentVolumeClaim will not bind: Lost, a class that does not exist, or the
    PV controller's warnings (ProvisioningFailed, FailedBinding)."""
    metadata = pvc.get("metadata") or {}
    name, uid = str(metadata.get("name") or ""), str(metadata.get("uid") or "")
    phase = (pvc.get("status") or {}).get("phase")
    if phase == "Lost":
        return Trouble("persistentvolumeclaim", name, uid, "Lost",
                       "its PersistentVolume is gone")
    if phase == "Bound":
        return None
    class_name = (pvc.get("spec") or {}).get("storageClassName")
    if class_missing and class_name:
        return Trouble("persistentvolumeclaim", name, uid, "StorageClassNotFound",
                       f'storageclass.storage.k8s.io "{class_name}" not found')
    if storage_class is not None and \
            storage_class.get("volumeBindingMode") == "WaitForFirstConsumer":
        return None  # binding waits for a pod: not a failure
    for event in reversed(sort_events(events)):
        reason = str(event.get("reason") or "")
        if event.get("type") == "Warning" or reason == "FailedBinding":
            grace = BINDING_GRACE if reason == "FailedBinding" else CLAIM_GRACE
            return Trouble("persistentvolumeclaim", name, uid, reason,
                           str(event.get("message") or "").strip(), grace)
    return None


def waits_for_consumer(storage_class: Obj | None) -> bool:
    return storage_class is not None and \
        storage_class.get("volumeBindingMode") == "WaitForFirstConsumer"


# -- events ---------------------------------------------------------------------------------


def _event_time(event: Obj) -> datetime | None:
    series = event.get("series") or {}
    return (parse_time(event.get("lastTimestamp")) or parse_time(series.get("lastObservedTime"))
            or parse_time(event.get("eventTime")) or parse_time(event.get("firstTimestamp")))


def sort_events(events: Iterable[Obj]) -> list[Obj]:
    """Oldest first, as ``kubectl describe`` lists them (by last time seen)."""
    zero = datetime.min.replace(tzinfo=UTC)
    return sorted(events, key=lambda e: _event_time(e) or zero)


def human_duration(seconds: float) -> str:
    """apimachinery's ``duration.HumanDuration``: ``5s``, ``2m30s``, ``3h``, ``4d2h``."""
    whole = int(seconds)
    if whole < -1:
        return "<invalid>"
    if whole < 0:
        return "0s"
    if whole < 120:
        return f"{whole}s"
    minutes = whole // 60
    if minutes < 10:
        rest = whole % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = whole // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d{rest}h" if rest else f"{hours // 24}d"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        rest = (hours // 24) % 365
        return f"{hours // 24 // 365}y{rest}d" if rest else f"{hours // 24 // 365}y"
    return f"{hours // 24 // 365}y"


def events_table(events: Sequence[Obj], now: datetime, limit: int = EVENT_LINES) -> str:
    """The object's last events in ``kubectl describe``'s layout, indented by two spaces."""
    latest = sort_events(events)[-limit:]
    if not latest:
        return ""

    def since(value: datetime | None) -> str:
        return "<unknown>" if value is None else human_duration((now - value).total_seconds())

    rows = ["Type\tReason\tAge\tFrom\tMessage", "----\t------\t----\t----\t-------"]
    for event in latest:
        first = parse_time(event.get("eventTime")) or parse_time(event.get("firstTimestamp"))
        series = event.get("series") or {}
        count = int(series.get("count") or event.get("count") or 1)
        age = since(first)
        if count > 1:
            last = parse_time(series.get("lastObservedTime")) or parse_time(
                event.get("lastTimestamp"))
            age = f"{since(last)} (x{count} over {age})"
        source = (event.get("source") or {}).get("component") or event.get(
            "reportingComponent") or ""
        message = " ".join(str(event.get("message") or "").split())
        rows.append("\t".join((str(event.get("type") or ""), str(event.get("reason") or ""),
                               age, str(source), message)))
    return "\n".join("  " + line for line in tabwrite("\n".join(rows), 0, 2).split("\n"))


# -- the watch that confirms a trouble ------------------------------------------------------


class TroubleWatch:
    """Remembers since when each trouble is seen; says when one has lasted its grace."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._since: dict[tuple[str, str], float] = {}

    def confirmed(self, trouble: Trouble | None) -> bool:
        if trouble is None:
            return False
        now = self._clock()
        first = self._since.setdefault(trouble.key, now)
        return now - first >= trouble.grace
