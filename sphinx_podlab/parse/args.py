"""Arguments several verbs take: resource types, ``TYPE NAME...`` / ``TYPE/NAME``, durations."""

from __future__ import annotations

import re

from ..model.messages import Message, msg
from ..model.objects import ObjectRef, ResourceType
from .flags import unsupported
from .resources import find_resource_type

RESOURCE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")


def resource(name: str) -> ResourceType:
    """The type ``name`` means; a name podlab's table does not know is looked up in the
    server's discovery when the command runs (``kubectl get crontabs``), as kubectl does."""
    found = find_resource_type(name)
    if found is not None:
        return found
    if not RESOURCE_NAME.match(name.lower()):
        raise unsupported(msg("unknown resource type %(name)r", name=name))
    return ResourceType(name.lower(), "", "", "", True, deferred=True)


def needs_names(verb: str) -> Message:
    return msg("'kubectl %(verb)s' needs TYPE NAME... or TYPE/NAME...", verb=verb)


def object_refs(positionals: list[str], verb: str) -> tuple[ObjectRef, ...]:
    """``TYPE NAME...`` or ``TYPE/NAME...``."""
    if not positionals:
        raise unsupported(msg("'kubectl %(verb)s' needs TYPE NAME or TYPE/NAME", verb=verb))
    if all("/" in item for item in positionals):
        refs = []
        for item in positionals:
            type_name, name = item.split("/", 1)
            refs.append(ObjectRef(resource(type_name), name))
        return tuple(refs)
    if any("/" in item for item in positionals) or len(positionals) < 2:
        raise unsupported(needs_names(verb))
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
            raise unsupported(msg("bad duration %(text)r", text=text))
        total += float(number) * units[unit]
        number = ""
        index += len(unit)
    if number:
        raise unsupported(msg("bad duration %(text)r", text=text))
    return total
