"""Arguments several verbs take: resource types, ``TYPE NAME...`` / ``TYPE/NAME``, durations."""

from __future__ import annotations

from ..model.objects import ObjectRef, ResourceType
from .flags import unsupported
from .resources import find_resource_type


def resource(name: str) -> ResourceType:
    found = find_resource_type(name)
    if found is None:
        raise unsupported(f"unknown resource type {name!r}")
    return found


def object_refs(positionals: list[str], verb: str) -> tuple[ObjectRef, ...]:
    """``TYPE NAME...`` or ``TYPE/NAME...``."""
    if not positionals:
        raise unsupported(f"'kubectl {verb}' needs TYPE NAME or TYPE/NAME")
    if all("/" in item for item in positionals):
        refs = []
        for item in positionals:
            type_name, name = item.split("/", 1)
            refs.append(ObjectRef(resource(type_name), name))
        return tuple(refs)
    if any("/" in item for item in positionals) or len(positionals) < 2:
        raise unsupported(f"'kubectl {verb}' needs TYPE NAME... or TYPE/NAME...")
    kind = resource(positionals[0])
    return tuple(ObjectRef(kind, name) for name in positionals[1:])


def pod_or_object(item: str) -> ObjectRef:
    """``POD`` or ``TYPE/NAME`` as exec and logs accept them."""
    if "/" in item:
        type_name, name = item.split("/", 1)
        return ObjectRef(resource(type_name), name)
    return ObjectRef(resource("pods"), item)


def parse_duration(text: str) -> float:
    """``30s``, ``2m``, ``1m30s``, ``90`` (seconds) as kubectl's --timeout accepts them."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    if text.isdigit():
        return float(text)
    total, number = 0.0, ""
    index = 0
    while index < len(text):
        char = text[index]
        if char.isdigit() or char == ".":
            number += char
            index += 1
            continue
        unit = "ms" if text.startswith("ms", index) else char
        if unit not in units or not number:
            raise unsupported(f"bad duration {text!r}")
        total += float(number) * units[unit]
        number = ""
        index += len(unit)
    if number:
        raise unsupported(f"bad duration {text!r}")
    return total
