"""``kubectl describe limitrange`` (kubectl's ``describeLimitRange``).

kubectl prints the resources of one limit item in Go's map order, which changes from run to
run; podlab prints them sorted by name (the same lines, in one of kubectl's orders).
"""

from __future__ import annotations

from typing import Any

from ..common import Settings
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]

# the value columns of a limit line, in kubectl's order
LIMIT_FIELDS = ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")
HEADER = ("Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
RULE = "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n"


def write_limit_items(w: PrefixWriter, spec: Obj, prefix: str) -> None:
    """``describeLimitRangeSpec``: a line per item and resource, ``-`` where unset."""
    for item in spec.get("limits") or []:
        resources = sorted({resource for field in LIMIT_FIELDS
                            for resource in item.get(field) or {}})
        for resource in resources:
            values = [str((item.get(field) or {}).get(resource) or "-") for field in LIMIT_FIELDS]
            w.write(0, f"{prefix}{item.get('type') or ''}\t{resource}\t" + "\t".join(values)
                    + "\n")


@describer("", "LimitRange")
def describe_limit_range(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    limit_range = reader.get_or_none(f"/api/v1/namespaces/{namespace}/limitranges/{name}")
    if limit_range is None:
        raise NotFound("limitranges", name)
    metadata = limit_range.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, HEADER)
    w.write(0, RULE)
    write_limit_items(w, limit_range.get("spec") or {}, "")
    return w.text()
