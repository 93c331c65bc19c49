"""``kubectl describe namespace`` (kubectl's NamespaceDescriber): the namespace, then its
resource quotas and limit ranges."""

from __future__ import annotations

from typing import Any

from ..common import Settings, rfc1123z, write_annotations, write_labels
from ..reader import Reader, list_all
from ..registry import NotFound, describer
from ..writer import PrefixWriter
from .limitrange import HEADER, RULE, write_limit_items
from .resourcequota import SCOPE_HELP

Obj = dict[str, Any]

def write_resource_quotas(w: PrefixWriter, quotas: list[Obj]) -> None:
    """``DescribeResourceQuotas``: each quota by name, its scopes, what it uses of each
    limit (one tabwriter block for all of them)."""
    if not quotas:
        w.write(0, "No resource quota.\n")
        return
    w.write(0, "Resource Quotas\n")
    for quota in sorted(quotas, key=lambda q: str((q.get("metadata") or {}).get("name"))):
        w.write(1, f"Name:\t{(quota.get('metadata') or {}).get('name') or ''}\n")
        scopes = sorted((quota.get("spec") or {}).get("scopes") or [])
        if scopes:
            w.write(1, f"Scopes:\t{', '.join(scopes)}\n")
            for scope in scopes:
                if scope in SCOPE_HELP:
                    w.write(1, f"* {SCOPE_HELP[scope]}\n")
        w.write(1, "Resource\tUsed\tHard\n")
        w.write(1, "--------\t---\t---\n")
        status = quota.get("status") or {}
        hard = status.get("hard") or {}
        used = status.get("used") or {}
        for resource in sorted(hard):
            w.write(1, f"{resource}\t{used.get(resource) or '0'}\t{hard[resource]}\n")


def write_limit_ranges(w: PrefixWriter, limit_ranges: list[Obj]) -> None:
    """``DescribeLimitRanges``: a line per item and resource, ``-`` where a value is unset."""
    if not limit_ranges:
        w.write(0, "No LimitRange resource.\n")
        return
    w.write(0, f"Resource Limits\n {HEADER}")
    w.write(0, f" {RULE}")
    for limit_range in limit_ranges:
        write_limit_items(w, limit_range.get("spec") or {}, " ")


def _write_conditions(w: PrefixWriter, conditions: list[Obj], settings: Settings) -> None:
    w.write(0, "Conditions:\n")
    w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t------------------\t------\t-------\n")
    for condition in conditions:
        w.write(1, f"{condition.get('type') or ''}\t{condition.get('status') or ''}\t"
                   f"{rfc1123z(condition.get('lastTransitionTime'), settings.now)}\t"
                   f"{condition.get('reason') or ''}\t{condition.get('message') or ''}\n")


@describer("", "Namespace")
def describe_namespace(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    obj = reader.get_or_none(f"/api/v1/namespaces/{name}")
    if obj is None:
        raise NotFound("namespaces", name)
    quotas = list_all(reader, f"/api/v1/namespaces/{name}/resourcequotas", {},
                      settings.chunk_size)
    limit_ranges = list_all(reader, f"/api/v1/namespaces/{name}/limitranges", {},
                            settings.chunk_size)
    metadata = obj.get("metadata") or {}
    status = obj.get("status") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"Status:\t{status.get('phase') or ''}\n")
    if status.get("conditions"):
        _write_conditions(w, status["conditions"], settings)
    w.write(0, "\n")
    write_resource_quotas(w, quotas)
    w.write(0, "\n")
    write_limit_ranges(w, limit_ranges)
    return w.text()
