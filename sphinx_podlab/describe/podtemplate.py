"""The pod-spec sections a pod and every workload's ``Pod Template:`` share:
containers, volumes, tolerations, topology spread constraints."""

from __future__ import annotations

from ..model.kinds import Obj
from .common import Settings, format_label_selector, write_annotations, write_labels
from .containers import write_containers
from .gosort import go_sort
from .volumes import write_volumes
from .writer import PrefixWriter


def write_tolerations(w: PrefixWriter, title: str, tolerations: list[Obj] | None,
                      initial_indent: str = "", inner_indent: str = "\t") -> None:
    """``printTolerationsMultilineWithIndent``: ``key=value:Effect op=Exists for 300s``."""
    w.write(0, f"{initial_indent}{title}:{inner_indent}")
    if not tolerations:
        w.write_line("<none>")
        return
    ordered = go_sort(list(tolerations),
                      lambda a, b: str(a.get("key") or "") < str(b.get("key") or ""))
    for index, toleration in enumerate(ordered):
        if index:
            w.write(0, initial_indent)
            w.write(0, inner_indent)
        key = str(toleration.get("key") or "")
        value = str(toleration.get("value") or "")
        effect = str(toleration.get("effect") or "")
        text = key
        if value:
            text += f"={value}"
        if effect:
            text += f":{effect}"
        if toleration.get("operator") == "Exists" and not value:
            text += " op=Exists" if key or effect else "op=Exists"
        if toleration.get("tolerationSeconds") is not None:
            text += f" for {int(toleration['tolerationSeconds'])}s"
        w.write(0, text + "\n")


def write_topology_spread(w: PrefixWriter, constraints: list[Obj] | None, space: str) -> None:
    """``describeTopologySpreadConstraints`` (nothing when there are none)."""
    if not constraints:
        return
    w.write(0, f"{space}Topology Spread Constraints:\t")
    ordered = go_sort(list(constraints), lambda a, b: str(a.get("topologyKey") or "")
                      < str(b.get("topologyKey") or ""))
    for index, constraint in enumerate(ordered):
        if index:
            w.write(0, space)
            w.write(0, "\t")
        text = (f"{constraint.get('topologyKey') or ''}:{constraint.get('whenUnsatisfiable') or ''}"
                f" when max skew {int(constraint.get('maxSkew') or 0)} is exceeded")
        if constraint.get("labelSelector") is not None:
            text += f" for selector {format_label_selector(constraint['labelSelector'])}"
        w.write(0, text + "\n")


def write_scheduling_group(w: PrefixWriter, spec: Obj, space: str, settings: Settings) -> None:
    """``describeSchedulingGroup`` (kubectl 1.37; gated there, earlier releases unknown):
    the pod group a pod is scheduled with, when its spec names one."""
    group = spec.get("schedulingGroup")
    if group is None or not settings.since(37):
        return
    w.write(0, f"{space}SchedulingGroup:\n")
    w.write(1, f"PodGroupName:\t{group.get('podGroupName') or ''}\n")


def write_pod_template(w: PrefixWriter, template: Obj | None, settings: Settings) -> None:
    """``DescribePodTemplate``: the ``Pod Template:`` section of deployments, replica sets,
    stateful sets, daemon sets, jobs and cron jobs."""
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    metadata = template.get("metadata") or {}
    spec = template.get("spec") or {}
    write_labels(w, "  Labels", metadata.get("labels"))
    if metadata.get("annotations"):
        write_annotations(w, "  Annotations", metadata["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        write_containers(w, "Init Containers", spec["initContainers"], None, None, "  ",
                         settings)
    write_containers(w, "Containers", spec.get("containers") or [], None, None, "  ", settings)
    write_volumes(w, spec.get("volumes"), "  ", settings.now)
    write_topology_spread(w, spec.get("topologySpreadConstraints"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    write_labels(w, "  Node-Selectors", spec.get("nodeSelector"))
    write_tolerations(w, "  Tolerations", spec.get("tolerations"))
    write_scheduling_group(w, spec, "  ", settings)
