"""The server's API groups and resources (legacy discovery: ``/api``, ``/apis``, each group
version's resource list), as kubectl's discovery client reads them."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, Protocol, TypeVar

from ..model.kinds import Obj
from ..model.objects import ResourceType
from .context import Cache
from .failures import CliError

T = TypeVar("T")


class Discovery(Protocol):
    """What discovery reads: the execution Context (or a reader over captures in tests)."""

    cache: Cache

    def get(self, path: str, query: dict[str, str | int] | None = None) -> Obj: ...


@dataclass(frozen=True)
class GroupVersion:
    group: str
    version: str
    preferred: bool

    @property
    def name(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def path(self) -> str:
        return f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"


def group_versions(ctx: Discovery) -> list[GroupVersion]:
    """Every group version the server serves: the core ones, then each group's."""
    found = [GroupVersion("", str(version), True)
             for version in ctx.get("/api").get("versions") or []]
    for group in ctx.get("/apis").get("groups") or []:
        preferred = (group.get("preferredVersion") or {}).get("groupVersion")
        for version in group.get("versions") or []:
            found.append(GroupVersion(str(group.get("name")), str(version.get("version")),
                                      version.get("groupVersion") == preferred))
    return found


def preferred_resources(ctx: Discovery) -> list[tuple[GroupVersion, Obj]]:
    """ServerPreferredResources: each group's preferred version's resources, without
    subresources (``pods/log``)."""
    found: list[tuple[GroupVersion, Obj]] = []
    for version in group_versions(ctx):
        if not version.preferred:
            continue
        for item in ctx.get(version.path).get("resources") or []:
            if "/" not in str(item.get("name")):
                found.append((version, item))
    return found


def discovered_type(ctx: Discovery, name: str) -> ResourceType:
    """The served resource ``name`` means: its plural, singular, short name or
    ``plural.group`` (kubectl's RESTMapper over discovery); kubectl's error otherwise."""
    cached = ctx.cache.discovered.get(name)
    if cached is not None:
        return cached
    plural, _, group = name.partition(".")
    for version, item in preferred_resources(ctx):
        names = {str(item.get("name")), str(item.get("singularName") or ""),
                 str(item.get("kind") or "").lower(), *(item.get("shortNames") or [])}
        if plural in names and (not group or group == version.group):
            found = ResourceType(str(item["name"]), str(item.get("kind")), version.group,
                                 version.version, bool(item.get("namespaced")),
                                 tuple(item.get("shortNames") or ()))
            ctx.cache.discovered[name] = found
            return found
    raise CliError(f'the server doesn\'t have a resource type "{name}"')


def resolve_deferred(ctx: Discovery, value: T) -> T:
    """``value`` (a command, a reference, a tuple of them) with every deferred resource type
    replaced by the one discovery gives; unchanged values are returned as they are."""
    if isinstance(value, ResourceType):
        return discovered_type(ctx, value.plural) if value.deferred else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = tuple(resolve_deferred(ctx, item) for item in value)
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        updates: dict[str, Any] = {}
        for field in fields(value):
            if not field.init:
                continue
            old = getattr(value, field.name)
            new = resolve_deferred(ctx, old)
            if new is not old:
                updates[field.name] = new
        return replace(value, **updates) if updates else value
    return value
