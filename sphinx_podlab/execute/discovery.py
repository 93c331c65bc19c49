"""The server's API groups and resources (legacy discovery: ``/api``, ``/apis``, each group
version's resource list), as kubectl's discovery client reads them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.kinds import Obj
from .context import Context


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


def group_versions(ctx: Context) -> list[GroupVersion]:
    """Every group version the server serves: the core ones, then each group's."""
    found = [GroupVersion("", str(version), True)
             for version in ctx.get("/api").get("versions") or []]
    for group in ctx.get("/apis").get("groups") or []:
        preferred = (group.get("preferredVersion") or {}).get("groupVersion")
        for version in group.get("versions") or []:
            found.append(GroupVersion(str(group.get("name")), str(version.get("version")),
                                      version.get("groupVersion") == preferred))
    return found


def preferred_resources(ctx: Context) -> list[tuple[GroupVersion, Obj]]:
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
