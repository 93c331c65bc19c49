"""Strategic-merge metadata of API fields, read from the server's OpenAPI v3 schemas.

kubectl's client-side apply looks up, field by field, ``x-kubernetes-patch-strategy``
(``merge``, ``replace``, ``retainKeys``) and ``x-kubernetes-patch-merge-key`` in the OpenAPI
v3 document of the object's group-version (``strategicpatch.NewPatchMetaFromOpenAPIV3``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.kinds import Obj


@dataclass(frozen=True)
class FieldMeta:
    """What the patch code needs to know about one field."""

    strategies: tuple[str, ...]
    merge_key: str
    schema: PatchMeta  # the field's own schema (for a list: its items' schema)


class PatchMeta:
    """A position in a schema document; unknown fields have no strategy and an empty schema."""

    def __init__(self, schema: Obj | None, components: Obj | None = None) -> None:
        self.components = components or {}
        self.schema = self._resolve(schema or {})

    def _resolve(self, schema: Obj) -> Obj:
        """Follow ``$ref`` and single-element ``allOf`` wrappers (how v3 embeds references)."""
        seen = 0
        while seen < 32:
            seen += 1
            ref = schema.get("$ref")
            if isinstance(ref, str):
                schema = self._ref(ref, schema)
                continue
            all_of = schema.get("allOf")
            if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], dict):
                merged = {k: v for k, v in schema.items() if k != "allOf"}
                inner = self._resolve(all_of[0])
                schema = {**inner, **{k: v for k, v in merged.items() if k.startswith("x-")}}
                continue
            return schema
        return schema

    def _ref(self, ref: str, outer: Obj) -> Obj:
        name = ref.rsplit("/", 1)[-1]
        target = self.components.get(name)
        extensions = {k: v for k, v in outer.items() if k.startswith("x-")}
        return {**(target if isinstance(target, dict) else {}), **extensions}

    def lookup(self, key: str) -> FieldMeta:
        properties = self.schema.get("properties") or {}
        field = properties.get(key)
        if not isinstance(field, dict):
            extra = self.schema.get("additionalProperties")
            field = extra if isinstance(extra, dict) else None
        if field is None:
            return FieldMeta((), "", PatchMeta(None, self.components))
        strategy_text = str(field.get("x-kubernetes-patch-strategy") or "")
        merge_key = str(field.get("x-kubernetes-patch-merge-key") or "")
        resolved = self._resolve(field)
        strategy_text = strategy_text or str(resolved.get("x-kubernetes-patch-strategy") or "")
        merge_key = merge_key or str(resolved.get("x-kubernetes-patch-merge-key") or "")
        strategies = tuple(s for s in strategy_text.split(",") if s)
        if resolved.get("type") == "array":
            items = resolved.get("items")
            return FieldMeta(strategies, merge_key, PatchMeta(
                items if isinstance(items, dict) else None, self.components))
        return FieldMeta(strategies, merge_key, PatchMeta(resolved, self.components))


def root_meta(document: Obj, group: str, version: str, kind: str) -> PatchMeta:
    """The schema of ``kind`` in an OpenAPI v3 document (``/openapi/v3/apis/apps/v1``)."""
    components = (document.get("components") or {}).get("schemas") or {}
    for schema in components.values():
        for gvk in schema.get("x-kubernetes-group-version-kind") or []:
            if (gvk.get("group", ""), gvk.get("version"), gvk.get("kind")) == (
                group, version, kind
            ):
                return PatchMeta(schema, components)
    return PatchMeta(None, components)
