"""``kubectl describe hpa`` (kubectl's ``describeHorizontalPodAutoscalerV2``): each metric
as ``current / target``, the replica bounds, the scaling behavior, conditions and events."""

from __future__ import annotations

from typing import Any

from ...printers.gofmt import go_quote
from ..common import (
    Settings,
    rfc1123z,
    search_events,
    write_annotations,
    write_events,
    write_labels,
)
from ..quantity import parse
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]

MAX_CHANGE = "Max"  # autoscalingv2.MaxChangePolicySelect, the default select policy


def quantity(value: object) -> str:
    """A quantity as ``Quantity.String()`` prints it; ``<nil>`` when it is unset."""
    return "<nil>" if value is None else str(parse(str(value)))


def _current(hpa: Obj, index: int, source: str) -> Obj | None:
    """The status of the ``index``-th metric's ``source``, when there is one."""
    metrics = (hpa.get("status") or {}).get("currentMetrics") or []
    if index < len(metrics):
        found = metrics[index].get(source)
        return dict(found) if found is not None else None
    return None


def _shown(current: Obj | None, key: str, required: bool = False) -> str:
    """A metric's current ``key``: ``<unknown>`` without a status for it (or, when
    ``required``, without that value), else the quantity (``<nil>`` when unset)."""
    value = ((current or {}).get("current") or {}).get(key)
    if current is None or (required and value is None):
        return "<unknown>"
    return quantity(value)


def _write_resource(w: PrefixWriter, spec: Obj, current: Obj | None, heading: str) -> None:
    """A ``Resource`` or ``ContainerResource`` metric: an average value, or a utilization
    (kubectl indents the second part once more: a quirk kept)."""
    target = spec.get("target") or {}
    w.write(1, heading)
    if target.get("averageValue") is not None:
        w.write(0, f":\t{_shown(current, 'averageValue')} / {quantity(target['averageValue'])}\n")
        return
    now = (current or {}).get("current") or {}
    shown = "<unknown>"
    if current is not None and now.get("averageUtilization") is not None:
        shown = f"{now['averageUtilization']}% ({quantity(now.get('averageValue'))})"
    wanted = target.get("averageUtilization")
    w.write(1, f"(as a percentage of request):\t{shown} / "
               f"{'<auto>' if wanted is None else f'{wanted}%'}\n")


def _write_metric(w: PrefixWriter, hpa: Obj, index: int, metric: Obj) -> None:
    kind = metric.get("type")
    if kind == "External":
        spec = metric.get("external") or {}
        name = go_quote(str((spec.get("metric") or {}).get("name") or ""))
        target = spec.get("target") or {}
        current = _current(hpa, index, "external")
        if target.get("averageValue") is not None:
            shown = _shown(current, "averageValue", required=True)
            w.write(1, f"{name} (target average value):\t{shown} / "
                       f"{quantity(target['averageValue'])}\n")
        else:
            shown = _shown(current, "value")
            w.write(1, f"{name} (target value):\t{shown} / {quantity(target.get('value'))}\n")
    elif kind == "Pods":
        spec = metric.get("pods") or {}
        name = go_quote(str((spec.get("metric") or {}).get("name") or ""))
        shown = _shown(_current(hpa, index, "pods"), "averageValue")
        w.write(1, f"{name} on pods:\t{shown} / "
                   f"{quantity((spec.get('target') or {}).get('averageValue'))}\n")
    elif kind == "Object":
        spec = metric.get("object") or {}
        described = spec.get("describedObject") or {}
        target = spec.get("target") or {}
        w.write(1, f'"{(spec.get("metric") or {}).get("name") or ""}" on '
                   f"{described.get('kind') or ''}/{described.get('name') or ''} ")
        current = _current(hpa, index, "object")
        if target.get("type") == "AverageValue":
            shown = _shown(current, "averageValue")
            w.write(0, f"(target average value):\t{shown} / "
                       f"{quantity(target.get('averageValue'))}\n")
        else:
            shown = _shown(current, "value")
            w.write(0, f"(target value):\t{shown} / {quantity(target.get('value'))}\n")
    elif kind == "Resource":
        spec = metric.get("resource") or {}
        _write_resource(w, spec, _current(hpa, index, "resource"),
                        f"resource {spec.get('name') or ''} on pods")
    elif kind == "ContainerResource":
        spec = metric.get("containerResource") or {}
        _write_resource(w, spec, _current(hpa, index, "containerResource"),
                        f'resource {spec.get("name") or ""} of container '
                        f'"{spec.get("container") or ""}" on pods')
    else:
        w.write(1, f"<unknown metric type {go_quote(str(kind or ''))}>\n")


def _write_direction(w: PrefixWriter, direction: str, rules: Obj | None) -> None:
    """``printDirectionBehavior``: a scaling direction's window and policies."""
    if rules is None:
        return
    w.write(1, f"{direction}:\n")
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
    policies = rules.get("policies") or []
    if policies:
        w.write(2, f"Select Policy: {rules.get('selectPolicy') or MAX_CHANGE}\n")
        w.write(2, "Policies:\n")
        for policy in policies:
            w.write(3, f"- Type: {policy.get('type') or ''}\tValue: {policy.get('value', 0)}\t"
                       f"Period: {policy.get('periodSeconds', 0)} seconds\n")


@describer("autoscaling", "HorizontalPodAutoscaler")
def describe_horizontal_pod_autoscaler(reader: Reader, namespace: str, name: str,
                                       settings: Settings) -> str:
    hpa = reader.get_or_none(
        f"/apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers/{name}")
    if hpa is None:
        raise NotFound("horizontalpodautoscalers.autoscaling", name)
    metadata = hpa.get("metadata") or {}
    spec = hpa.get("spec") or {}
    status = hpa.get("status") or {}
    target = spec.get("scaleTargetRef") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(metadata.get('creationTimestamp'), settings.now)}\n")
    w.write(0, f"Reference:\t{target.get('kind') or ''}/{target.get('name') or ''}\n")
    w.write(0, "Metrics:\t( current / target )\n")
    for index, metric in enumerate(spec.get("metrics") or []):
        _write_metric(w, hpa, index, metric)
    minimum = spec.get("minReplicas")
    w.write(0, f"Min replicas:\t{'<unset>' if minimum is None else minimum}\n")
    w.write(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
    behavior = spec.get("behavior")
    if behavior is not None:
        w.write(0, "Behavior:\n")
        _write_direction(w, "Scale Up", behavior.get("scaleUp"))
        _write_direction(w, "Scale Down", behavior.get("scaleDown"))
    w.write(0, f"{target.get('kind') or ''} pods:\t")
    w.write(0, f"{status.get('currentReplicas', 0)} current / "
               f"{status.get('desiredReplicas', 0)} desired\n")
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for condition in conditions:
            w.write(1, f"{condition.get('type') or ''}\t{condition.get('status') or ''}\t"
                       f"{condition.get('reason') or ''}\t{condition.get('message') or ''}\n")
    if settings.show_events:
        write_events(w, search_events(reader, hpa, "HorizontalPodAutoscaler", settings), settings)
    return w.text()
