"""``kubectl describe priorityclass`` (kubectl's ``describePriorityClass``)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, format_labels, search_events, write_events
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


@describer("scheduling.k8s.io", "PriorityClass")
def describe_priority_class(reader: Reader, namespace: str, name: str,
                            settings: Settings) -> str:
    priority_class = reader.get_or_none(f"/apis/scheduling.k8s.io/v1/priorityclasses/{name}")
    if priority_class is None:
        raise NotFound("priorityclasses.scheduling.k8s.io", name)
    metadata = priority_class.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Value:\t{priority_class.get('value', 0)}\n")
    w.write(0, f"GlobalDefault:\t{'true' if priority_class.get('globalDefault') else 'false'}\n")
    w.write(0, f"PreemptionPolicy:\t{priority_class.get('preemptionPolicy') or ''}\n")
    w.write(0, f"Description:\t{priority_class.get('description') or ''}\n")
    w.write(0, f"Annotations:\t{format_labels(metadata.get('annotations'))}\n")
    if settings.show_events:
        write_events(w, search_events(reader, priority_class, "PriorityClass", settings), settings)
    return w.text()
