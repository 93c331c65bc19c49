"""``kubectl describe pdb`` (kubectl's ``describePodDisruptionBudgetV1``): the budget, its
selector and how many disruptions it allows now (kubectl shows no labels or annotations)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, format_label_selector, search_events, write_events
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


@describer("policy", "PodDisruptionBudget")
def describe_pod_disruption_budget(reader: Reader, namespace: str, name: str,
                                   settings: Settings) -> str:
    budget = reader.get_or_none(
        f"/apis/policy/v1/namespaces/{namespace}/poddisruptionbudgets/{name}")
    if budget is None:
        raise NotFound("poddisruptionbudgets.policy", name)
    metadata = budget.get("metadata") or {}
    spec = budget.get("spec") or {}
    status = budget.get("status") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    if spec.get("minAvailable") is not None:
        w.write(0, f"Min available:\t{spec['minAvailable']}\n")
    elif spec.get("maxUnavailable") is not None:
        w.write(0, f"Max unavailable:\t{spec['maxUnavailable']}\n")
    selector = spec.get("selector")
    w.write(0, f"Selector:\t{'<unset>' if selector is None else format_label_selector(selector)}\n")
    w.write(0, "Status:\n")
    w.write(2, f"Allowed disruptions:\t{status.get('disruptionsAllowed', 0)}\n")
    w.write(2, f"Current:\t{status.get('currentHealthy', 0)}\n")
    w.write(2, f"Desired:\t{status.get('desiredHealthy', 0)}\n")
    w.write(2, f"Total:\t{status.get('expectedPods', 0)}\n")
    if settings.show_events:
        write_events(w, search_events(reader, budget, "PodDisruptionBudget", settings), settings)
    return w.text()
