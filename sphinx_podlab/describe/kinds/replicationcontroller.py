"""``kubectl describe rc`` (kubectl's ReplicationControllerDescriber): a replica set's
description for the older controller, whose selector is a plain label map."""

from __future__ import annotations

from ..common import (
    Settings,
    format_labels,
    search_events,
    write_annotations,
    write_events,
    write_labels,
)
from ..podtemplate import write_pod_template
from ..reader import Reader
from ..registry import describer
from ..workloads import fetch, pod_phases, pods_status_line, write_conditions
from ..writer import PrefixWriter


@describer("", "ReplicationController")
def describe_replication_controller(reader: Reader, namespace: str, name: str,
                                    settings: Settings) -> str:
    rc = fetch(reader, "/api/v1", "replicationcontrollers", namespace, name)
    metadata, spec, status = rc["metadata"], rc.get("spec") or {}, rc.get("status") or {}
    # the pods are listed with the map as a selector (labels.SelectorFromSet)
    as_selector = {"metadata": metadata,
                   "spec": {"selector": {"matchLabels": spec.get("selector")}}}
    phases = pod_phases(reader, as_selector, settings)
    events = (search_events(reader, rc, "ReplicationController", settings)
              if settings.show_events else None)
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"Replicas:\t{int(status.get('replicas') or 0)} current / "
               f"{int(spec.get('replicas') or 0)} desired\n")
    w.write(0, f"Pods Status:\t{pods_status_line(phases)}\n")
    write_pod_template(w, spec.get("template"), settings)
    write_conditions(w, status.get("conditions"))
    if events is not None:
        write_events(w, events, settings)
    return w.text()
