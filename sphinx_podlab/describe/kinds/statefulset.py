"""``kubectl describe statefulset`` (kubectl's StatefulSetDescriber)."""

from __future__ import annotations

from ..common import (
    Settings,
    rfc1123z,
    search_events,
    selector_string,
    write_annotations,
    write_events,
    write_labels,
)
from ..podtemplate import write_pod_template
from ..reader import Reader
from ..registry import describer
from ..volumes import write_claim_templates
from ..workloads import fetch, int_or_string, pod_phases, pods_status_line
from ..writer import PrefixWriter


@describer("apps", "StatefulSet")
def describe_statefulset(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    sts = fetch(reader, "/apis/apps/v1", "statefulsets", namespace, name)
    phases = pod_phases(reader, sts, settings)
    events = search_events(reader, sts, "StatefulSet", settings) if settings.show_events else None
    metadata, spec, status = sts["metadata"], sts.get("spec") or {}, sts.get("status") or {}
    now = settings.now
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(metadata.get('creationTimestamp'), now)}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    # kubectl 1.37 added these three (kubernetes PR 137547, merged after 1.36 was out)
    if settings.since(37) and spec.get("serviceName"):
        w.write(0, f"Service Name:\t{spec['serviceName']}\n")
    if settings.since(37) and spec.get("podManagementPolicy"):
        w.write(0, f"Pod Management Policy:\t{spec['podManagementPolicy']}\n")
    w.write(0, f"Replicas:\t{int(spec.get('replicas') or 0)} desired | "
               f"{int(status.get('replicas') or 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type') or ''}\n")
    rolling = strategy.get("rollingUpdate")
    if rolling is not None and rolling.get("partition") is not None:
        w.write(1, f"Partition:\t{int(rolling['partition'])}\n")
        if rolling.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{int_or_string(rolling['maxUnavailable'])}\n")
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if settings.since(37) and retention is not None:
        w.write(0, "Persistent Volume Claim Retention Policy:\n")
        w.write(1, f"WhenDeleted:\t{retention.get('whenDeleted') or ''}\n")
        w.write(1, f"WhenScaled:\t{retention.get('whenScaled') or ''}\n")
    w.write(0, f"Pods Status:\t{pods_status_line(phases)}\n")
    write_pod_template(w, spec.get("template"), settings)
    write_claim_templates(w, spec.get("volumeClaimTemplates"))
    if events is not None:
        write_events(w, events, settings)
    return w.text()
