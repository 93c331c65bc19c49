"""``kubectl describe quota`` (kubectl's ``describeQuota``): what the quota's scopes match
and how much of each limit is used."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..common import Settings
from ..quantity import Quantity, parse
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]

SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited "
                   "lifespan on a node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods "
                      "usually include long running pods whose container command is not "
                      "expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods "
                  "have a best effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. "
                     "These pods have a burstable or guaranteed quality of service.",
}


def used_as_hard(used: object, hard: object) -> str:
    """The used amount, re-expressed as a whole number in the hard limit's format when the
    two formats differ (kubectl: ``resource.NewQuantity(used.Value(), hard.Format)``)."""
    limit = parse(str(hard))
    if used is None:
        return "0"
    amount = parse(str(used))
    if amount.format != limit.format:
        amount = Quantity(Fraction(amount.whole_value()), limit.format)
    return str(amount)


@describer("", "ResourceQuota")
def describe_resource_quota(reader: Reader, namespace: str, name: str,
                            settings: Settings) -> str:
    quota = reader.get_or_none(f"/api/v1/namespaces/{namespace}/resourcequotas/{name}")
    if quota is None:
        raise NotFound("resourcequotas", name)
    metadata = quota.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    scopes = sorted((quota.get("spec") or {}).get("scopes") or [])
    if scopes:
        w.write(0, f"Scopes:\t{', '.join(scopes)}\n")
        for scope in scopes:
            if scope in SCOPE_HELP:
                w.write(0, f" * {SCOPE_HELP[scope]}\n")
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    status = quota.get("status") or {}
    hard = status.get("hard") or {}
    used = status.get("used") or {}
    for resource in sorted(hard):
        w.write(0, f"{resource}\t{used_as_hard(used.get(resource), hard[resource])}\t"
                   f"{hard[resource]}\n")
    return w.text()
