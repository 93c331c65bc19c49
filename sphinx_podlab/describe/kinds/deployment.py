"""``kubectl describe deployment`` (kubectl's DeploymentDescriber)."""

from __future__ import annotations

from typing import Any

from ...model.kinds import Obj
from ..common import (
    Settings,
    controller_of,
    parse_time,
    rfc1123z,
    search_events,
    selector_string,
    write_annotations,
    write_events,
    write_labels,
)
from ..podtemplate import write_pod_template
from ..reader import Reader, list_all
from ..registry import describer
from ..workloads import fetch, int_or_string, write_conditions
from ..writer import PrefixWriter

HASH_LABEL = "pod-template-hash"


def _semantic(value: Any) -> Any:
    """A value with empty maps and lists dropped: apimachinery's semantic DeepEqual treats
    nil and empty alike."""
    if isinstance(value, dict):
        kept = {k: _semantic(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_semantic(v) for v in value]
    return value


def _template_without_hash(template: Obj | None) -> Any:
    template = dict(template or {})
    metadata = dict(template.get("metadata") or {})
    labels = {k: v for k, v in (metadata.get("labels") or {}).items() if k != HASH_LABEL}
    template["metadata"] = {**metadata, "labels": labels}
    return _semantic(template)


def _by_creation(rs: Obj) -> tuple[Any, str]:
    metadata = rs.get("metadata") or {}
    return parse_time(metadata.get("creationTimestamp")), str(metadata.get("name") or "")


def replica_sets(reader: Reader, deployment: Obj, settings: Settings
                 ) -> tuple[list[Obj], list[Obj]]:
    """kubectl's ``GetAllReplicaSetsInChunks``: (every old replica set, [the new one]) among
    those the deployment controls, oldest first; the new one has the deployment's template."""
    metadata = deployment["metadata"]
    selector = selector_string((deployment.get("spec") or {}).get("selector"))
    listed = list_all(reader, f"/apis/apps/v1/namespaces/{metadata['namespace']}/replicasets",
                      {"labelSelector": selector}, settings.chunk_size)
    owned = [rs for rs in listed
             if (controller_of(rs) or {}).get("uid") == metadata.get("uid")]
    owned.sort(key=_by_creation)
    wanted = _template_without_hash((deployment.get("spec") or {}).get("template"))
    new = next((rs for rs in owned
                if _template_without_hash((rs.get("spec") or {}).get("template")) == wanted), None)
    old = [rs for rs in owned if rs is not new]
    return old, [new] if new is not None else []


def _replica_sets_line(sets: list[Obj]) -> str:
    texts = [f"{rs['metadata']['name']} ({int((rs.get('status') or {}).get('replicas') or 0)}/"
             f"{int((rs.get('spec') or {}).get('replicas') or 0)} replicas created)"
             for rs in sets]
    return ", ".join(texts) or "<none>"


@describer("apps", "Deployment")
def describe_deployment(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    deployment = fetch(reader, "/apis/apps/v1", "deployments", namespace, name)
    events = (search_events(reader, deployment, "Deployment", settings)
              if settings.show_events else None)
    old, new = replica_sets(reader, deployment, settings)
    metadata = deployment["metadata"]
    spec, status = deployment.get("spec") or {}, deployment.get("status") or {}
    now = settings.now
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(metadata.get('creationTimestamp'), now)}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.write(0, f"Replicas:\t{int(spec.get('replicas') or 0)} desired | "
               f"{int(status.get('updatedReplicas') or 0)} updated | "
               f"{int(status.get('replicas') or 0)} total | "
               f"{int(status.get('availableReplicas') or 0)} available | "
               f"{int(status.get('unavailableReplicas') or 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type') or ''}\n")
    w.write(0, f"MinReadySeconds:\t{int(spec.get('minReadySeconds') or 0)}\n")
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        w.write(0, f"RollingUpdateStrategy:\t{int_or_string(rolling.get('maxUnavailable'))} max "
                   f"unavailable, {int_or_string(rolling.get('maxSurge'))} max surge\n")
    write_pod_template(w, spec.get("template"), settings)
    write_conditions(w, status.get("conditions"))
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_replica_sets_line(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_replica_sets_line(new)}\n")
    if events is not None:
        write_events(w, events, settings)
    return w.text()
