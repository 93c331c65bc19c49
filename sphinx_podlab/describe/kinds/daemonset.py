"""``kubectl describe daemonset`` (kubectl's DaemonSetDescriber)."""

from __future__ import annotations

from ..common import (
    Settings,
    format_labels,
    search_events,
    selector_string,
    write_annotations,
    write_events,
    write_labels,
)
from ..podtemplate import write_pod_template
from ..reader import Reader
from ..registry import describer
from ..workloads import fetch, pod_phases, pods_status_line
from ..writer import PrefixWriter


@describer("apps", "DaemonSet")
def describe_daemonset(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    ds = fetch(reader, "/apis/apps/v1", "daemonsets", namespace, name)
    phases = pod_phases(reader, ds, settings)
    events = search_events(reader, ds, "DaemonSet", settings) if settings.show_events else None
    metadata, spec, status = ds["metadata"], ds.get("spec") or {}, ds.get("status") or {}
    template = spec.get("template") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    node_selector = (template.get("spec") or {}).get("nodeSelector")
    w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    for title, field in (
        ("Desired Number of Nodes Scheduled", "desiredNumberScheduled"),
        ("Current Number of Nodes Scheduled", "currentNumberScheduled"),
        ("Number of Nodes Scheduled with Up-to-date Pods", "updatedNumberScheduled"),
        ("Number of Nodes Scheduled with Available Pods", "numberAvailable"),
        ("Number of Nodes Misscheduled", "numberMisscheduled"),
    ):
        w.write(0, f"{title}: {int(status.get(field) or 0)}\n")
    w.write(0, f"Pods Status:\t{pods_status_line(phases)}\n")
    write_pod_template(w, template, settings)
    if events is not None:
        write_events(w, events, settings)
    return w.text()
