"""Pods as kubectl sees them: its orderings for picking one pod, readiness, snapshots.

kubectl ``exec``/``attach`` into ``TYPE/NAME`` lists the pods matching the controller's
selector, sorts them with ``sort.Reverse(podutils.ActivePods)`` and takes the first; ``logs``
sorts with ``podutils.ByLogging``. Go sorts up to 12 elements by insertion sort, which is
stable, so a stable sort with the same comparison picks the same pod.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from ..model.kinds import Obj
from ..model.results import PodState

RESTART_QUIET = 10.0  # seconds a restarted container must keep running to count as ready
# seconds a container without a readiness probe must have run: the kubelet calls it ready
# the moment it starts, so one that crashes at once would pass for ready (the node's
# timestamps have whole seconds: 3 means at least 2)
STARTUP_QUIET = 3.0


def parse_time(value: object) -> datetime | None:
    """An RFC 3339 timestamp of the API (``2024-05-01T10:00:00Z``); ``None`` for zero/absent."""
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _after_or_zero(t1: datetime | None, t2: datetime | None) -> bool:
    """podutils.afterOrZero: a zero time counts as later than any other."""
    if t1 is None or t2 is None:
        return t1 is None
    return t1 > t2


def condition(pod: Obj, kind: str) -> Obj | None:
    for item in (pod.get("status") or {}).get("conditions") or []:
        if item.get("type") == kind:
            return dict(item)
    return None


def is_ready(pod: Obj) -> bool:
    ready = condition(pod, "Ready")
    return ready is not None and ready.get("status") == "True"


def ready_time(pod: Obj) -> datetime | None:
    ready = condition(pod, "Ready")
    if ready is not None and ready.get("status") == "True":
        return parse_time(ready.get("lastTransitionTime"))
    return None


def max_restarts(pod: Obj) -> int:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    return max((int(s.get("restartCount") or 0) for s in statuses), default=0)


def _node(pod: Obj) -> str:
    return str((pod.get("spec") or {}).get("nodeName") or "")


def _phase(pod: Obj) -> str:
    return str((pod.get("status") or {}).get("phase") or "")


def _created(pod: Obj) -> datetime | None:
    return parse_time((pod.get("metadata") or {}).get("creationTimestamp"))


def active_pods_less(a: Obj, b: Obj) -> bool:
    """podutils.ActivePods.Less: the pod a controller would rather delete comes first."""
    if _node(a) != _node(b) and (not _node(a) or not _node(b)):
        return not _node(a)  # unassigned < assigned
    rank = {"Pending": 0, "Unknown": 1, "Running": 2}
    if rank.get(_phase(a), 0) != rank.get(_phase(b), 0):
        return rank.get(_phase(a), 0) < rank.get(_phase(b), 0)
    if is_ready(a) != is_ready(b):
        return not is_ready(a)  # not ready < ready
    if is_ready(a) and is_ready(b) and ready_time(a) != ready_time(b):
        return _after_or_zero(ready_time(a), ready_time(b))  # ready later < ready longer
    if max_restarts(a) != max_restarts(b):
        return max_restarts(a) > max_restarts(b)
    if _created(a) != _created(b):
        return _after_or_zero(_created(a), _created(b))  # newer < older
    return False


def by_logging_less(a: Obj, b: Obj) -> bool:
    """podutils.ByLogging.Less: the pod whose logs kubectl shows comes first."""
    if _node(a) != _node(b) and (not _node(a) or not _node(b)):
        return bool(_node(a))  # assigned < unassigned
    rank = {"Running": 0, "Unknown": 1, "Pending": 2}
    if rank.get(_phase(a), 0) != rank.get(_phase(b), 0):
        return rank.get(_phase(a), 0) < rank.get(_phase(b), 0)
    if is_ready(a) != is_ready(b):
        return is_ready(a)
    if is_ready(a) and is_ready(b) and ready_time(a) != ready_time(b):
        return _after_or_zero(ready_time(b), ready_time(a))  # ready longer first
    if max_restarts(a) != max_restarts(b):
        return max_restarts(a) > max_restarts(b)
    if _created(a) != _created(b):
        return _after_or_zero(_created(b), _created(a))  # older first
    return False


def _stable_sort(pods: Sequence[Obj], less: Callable[[Obj, Obj], bool]) -> list[Obj]:
    def compare(a: Obj, b: Obj) -> int:
        if less(a, b):
            return -1
        return 1 if less(b, a) else 0

    return sorted(pods, key=functools.cmp_to_key(compare))


def pick_for_exec(pods: Sequence[Obj]) -> Obj | None:
    """The pod ``kubectl exec TYPE/NAME`` uses: first by reversed ActivePods order."""
    ordered = _stable_sort(pods, lambda a, b: active_pods_less(b, a))
    return ordered[0] if ordered else None


def pick_for_logs(pods: Sequence[Obj]) -> Obj | None:
    """The pod ``kubectl logs TYPE/NAME`` uses: first by ByLogging order."""
    ordered = _stable_sort(pods, by_logging_less)
    return ordered[0] if ordered else None


def selector_string(selector: Obj | None) -> str:
    """metav1.LabelSelectorAsSelector(...).String(): ``app=mysql,tier in (a,b)``."""
    if not selector:
        return ""
    requirements: list[tuple[str, str]] = []
    for key, value in sorted((selector.get("matchLabels") or {}).items()):
        requirements.append((key, f"{key}={value}"))
    for expression in selector.get("matchExpressions") or []:
        key = str(expression.get("key"))
        operator = expression.get("operator")
        values = ",".join(sorted(str(v) for v in expression.get("values") or []))
        if operator == "In":
            requirements.append((key, f"{key} in ({values})"))
        elif operator == "NotIn":
            requirements.append((key, f"{key} notin ({values})"))
        elif operator == "Exists":
            requirements.append((key, key))
        elif operator == "DoesNotExist":
            requirements.append((key, f"!{key}"))
    requirements.sort(key=lambda item: item[0])
    return ",".join(text for _key, text in requirements)


def is_terminating(obj: Obj) -> bool:
    return bool((obj.get("metadata") or {}).get("deletionTimestamp"))


def last_restart(pod: Obj) -> datetime | None:
    """When a container of the pod last ended and was restarted (its ``lastState``)."""
    times = []
    for container in (pod.get("status") or {}).get("containerStatuses") or []:
        terminated = (container.get("lastState") or {}).get("terminated") or {}
        finished = parse_time(terminated.get("finishedAt"))
        if finished is not None:
            times.append(finished)
    return max(times, default=None)


def restarted_recently(pod: Obj, now: datetime | None = None,
                       quiet: float = RESTART_QUIET) -> bool:
    """Whether a container restarted less than ``quiet`` seconds ago: a crash-looping pod
    without a probe is Ready between two crashes, and must not pass for ready."""
    finished = last_restart(pod)
    if finished is None:
        return False
    now = now or datetime.now(UTC)
    return (now - finished).total_seconds() < quiet


def _unprobed_start(pod: Obj) -> datetime | None:
    """When the latest of the pod's containers without a readiness probe started."""
    probed = {str(c.get("name")) for c in (pod.get("spec") or {}).get("containers") or []
              if c.get("readinessProbe") or c.get("startupProbe")}
    times = []
    for container in (pod.get("status") or {}).get("containerStatuses") or []:
        if container.get("name") in probed:
            continue
        started = parse_time(((container.get("state") or {}).get("running") or {})
                             .get("startedAt"))
        if started is not None:
            times.append(started)
    return max(times, default=None)


def settling(pod: Obj, now: datetime | None = None) -> str:
    """Why a Running and Ready pod is not trusted yet (empty: it is): a container restarted
    in the last seconds, or one without a readiness probe has only just started.

    (Compares the node's timestamps with this machine's clock.)
    """
    now = now or datetime.now(UTC)
    if restarted_recently(pod, now):
        count = max_restarts(pod)
        return (f"restarted {count} time{'s' if count > 1 else ''}, last less than "
                f"{RESTART_QUIET:.0f} s ago")
    started = _unprobed_start(pod)
    if started is not None and (now - started).total_seconds() < STARTUP_QUIET:
        return "just started (no readiness probe)"
    return ""


def is_steady(pod: Obj, now: datetime | None = None) -> bool:
    """Running, Ready, not being deleted and not just (re)started: what a careful author
    waits for."""
    return (_phase(pod) == "Running" and is_ready(pod) and not is_terminating(pod)
            and not settling(pod, now))


def describe_state(pod: Obj) -> str:
    """A short account of why a pod is not steady, for progress and timeout messages."""
    parts = [f"phase {_phase(pod) or 'unknown'}"]
    if is_terminating(pod):
        parts.append("terminating")
    status = pod.get("status") or {}
    for container in (status.get("initContainerStatuses") or []) + (
        status.get("containerStatuses") or []
    ):
        state = container.get("state") or {}
        waiting = state.get("waiting")
        terminated = state.get("terminated")
        name = container.get("name")
        if waiting:
            reason = waiting.get("reason") or "waiting"
            message = waiting.get("message")
            parts.append(f"container {name} {reason}" + (f": {message}" if message else ""))
        elif terminated and not container.get("ready"):
            parts.append(f"container {name} terminated: {terminated.get('reason') or ''}".rstrip())
    if _phase(pod) == "Running" and not is_ready(pod):
        parts.append("not ready")
    elif _phase(pod) == "Running" and settling(pod):
        parts.append(settling(pod))
    scheduled = condition(pod, "PodScheduled")
    if scheduled is not None and scheduled.get("status") == "False":
        parts.append(f"unschedulable: {scheduled.get('message') or scheduled.get('reason')}")
    return ", ".join(parts)


def pod_state(pod: Obj) -> PodState:
    metadata = pod.get("metadata") or {}
    status = pod.get("status") or {}
    restarts = sum(int(s.get("restartCount") or 0) for s in status.get("containerStatuses") or [])
    return PodState(
        name=str(metadata.get("name")),
        ip=status.get("podIP") or None,
        uid=str(metadata.get("uid")),
        phase=str(status.get("phase") or ""),
        ready=is_ready(pod),
        restarts=restarts,
    )


def controller_of(obj: Obj) -> Obj | None:
    """The ownerReference marked ``controller: true``, if any."""
    for owner in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if owner.get("controller"):
            return dict(owner)
    return None


def has_container(pod: Obj, name: str) -> bool:
    """podcmd.FindContainerByName: among the containers, init and ephemeral containers."""
    spec = pod.get("spec") or {}
    return any(c.get("name") == name for key in ("containers", "initContainers",
                                                 "ephemeralContainers")
               for c in spec.get(key) or [])


def not_a_container(pod: Obj, name: str) -> str:
    """kubectl 1.37's error for ``-c`` naming no container of the pod."""
    return (f"container {name} is not valid for pod {pod['metadata']['name']} out of: "
            f"{container_names(pod)}")


def container_names(pod: Obj) -> str:
    """podcmd.AllContainerNames: ``a, b, c (ephem), d (init)``."""
    spec = pod.get("spec") or {}
    names = [str(c.get("name")) for c in spec.get("containers") or []]
    names += [f"{c.get('name')} (ephem)" for c in spec.get("ephemeralContainers") or []]
    names += [f"{c.get('name')} (init)" for c in spec.get("initContainers") or []]
    return ", ".join(names)


def default_container(pod: Obj) -> tuple[str, str]:
    """The container kubectl uses without ``-c``, and the stderr line it prints, if any.

    (podcmd.FindOrDefaultContainerByName: the ``kubectl.kubernetes.io/default-container``
    annotation when it names a container, else the first one, with a notice when the pod
    has other containers.)
    """
    spec = pod.get("spec") or {}
    containers = spec.get("containers") or []
    annotations = (pod.get("metadata") or {}).get("annotations") or {}
    wanted = annotations.get("kubectl.kubernetes.io/default-container")
    if wanted:
        everything = containers + (spec.get("initContainers") or []) + (
            spec.get("ephemeralContainers") or []
        )
        if any(c.get("name") == wanted for c in everything):
            return str(wanted), ""
    first = str(containers[0].get("name")) if containers else ""
    notice = ""
    if len(containers) > 1 or spec.get("initContainers") or spec.get("ephemeralContainers"):
        notice = f'Defaulted container "{first}" out of: {container_names(pod)}\n'
    return first, notice
