"""The objects of ``-f FILE...`` with their resource types and namespaces, as kubectl's
resource builder reads them (FilenameParam): the namespace from the file, else ``-n``,
else the default; ``-n`` contradicting the file is kubectl's error."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ..model.kinds import Obj
from ..model.objects import ResourceType
from ..parse.manifests import load_documents
from .context import Context, NoKindMatch
from .failures import namespace_mismatch


@dataclass(frozen=True)
class FileObject:
    source: str  # the file name as kubectl shows it (``DIR/file.yml`` for ``-f DIR``)
    resource: ResourceType
    namespace: str | None
    obj: Obj  # a copy, with metadata.namespace set for namespaced kinds

    @property
    def name(self) -> str:
        return str(self.obj["metadata"]["name"])

    @property
    def shown(self) -> str:
        return f"{self.resource.qualified_kind}/{self.name}"


def file_objects(ctx: Context, files: tuple[str, ...], namespace: str | None
                 ) -> list[FileObject]:
    found: list[FileObject] = []
    for given in files:
        for source, obj in load_documents(ctx.resolve_manifest(given), given):
            obj = copy.deepcopy(obj)
            metadata = obj.setdefault("metadata", {})
            try:
                resource = ctx.resource_for_kind(str(obj["apiVersion"]), str(obj["kind"]))
            except NoKindMatch as exc:
                raise exc.for_object(str(metadata.get("name")),
                                     str(metadata.get("namespace") or ""), source) from exc
            where: str | None = None
            if resource.namespaced:
                in_file = metadata.get("namespace")
                if in_file and namespace and in_file != namespace:
                    raise namespace_mismatch(str(in_file), namespace)
                where = str(in_file or ctx.namespace(namespace))
                metadata["namespace"] = where
            found.append(FileObject(source, resource, where, obj))
    return found
