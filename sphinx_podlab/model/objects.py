"""Kubernetes resource types and references to objects, as commands name them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceType:
    plural: str
    kind: str
    group: str  # "" for the core group
    version: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    # a name podlab's table does not know (a CRD's, a rarer built-in's): resolved through the
    # server's discovery when the command runs (``plural`` holds the name as written)
    deferred: bool = False

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified_kind(self) -> str:
        """``statefulset.apps`` / ``pod``: what kubectl prints before ``/name``."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    @property
    def qualified_plural(self) -> str:
        """``statefulsets.apps`` / ``pods``: what kubectl puts in NotFound errors."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


@dataclass(frozen=True)
class ObjectRef:
    resource: ResourceType
    name: str
