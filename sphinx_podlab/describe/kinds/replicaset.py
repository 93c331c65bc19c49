"""``kubectl describe replicaset`` (kubectl's ReplicaSetDescriber)."""

from __future__ import annotations

from ..common import (
    Settings,
    controlled_by,
    format_label_selector,
    search_events,
    write_annotations,
    write_events,
    write_labels,
)
from ..podtemplate import write_pod_template
from ..reader import Reader, is_api_answer
from ..registry import describer
from ..workloads import fetch, pod_phases, pods_status_line, write_conditions
from ..writer import PrefixWriter


@describer("apps", "ReplicaSet")
def describe_replicaset(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    rs = fetch(reader, "/apis/apps/v1", "replicasets", namespace, name)
    try:
        phases: tuple[int, int, int, int] | str = pod_phases(reader, rs, settings)
    except Exception as error:  # kubectl prints the error in place of the counts
        if not is_api_answer(error):
            raise
        phases = f"error in fetching pods: {error}"
    events = search_events(reader, rs, "ReplicaSet", settings) if settings.show_events else None
    metadata, spec, status = rs["metadata"], rs.get("spec") or {}, rs.get("status") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    owner = controlled_by(rs)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    w.write(0, f"Replicas:\t{int(status.get('replicas') or 0)} current / "
               f"{int(spec.get('replicas') or 0)} desired\n")
    w.write(0, "Pods Status:\t")
    w.write(0, (phases if isinstance(phases, str) else pods_status_line(phases)) + "\n")
    write_pod_template(w, spec.get("template"), settings)
    write_conditions(w, status.get("conditions"))
    if events is not None:
        write_events(w, events, settings)
    return w.text()
