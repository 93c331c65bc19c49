"""The three-way strategic merge patch of kubectl's client-side apply.

Follows ``strategicpatch.CreateThreeWayMergePatch`` (k8s.io/apimachinery): the patch is the
difference from *current* (live object) to *modified* (the manifest, with its new
last-applied annotation) ignoring deletions, merged with the deletions from *original* (the
previous last-applied configuration) to *modified*. An empty patch is what kubectl reports
as ``unchanged``. Lists with a merge key are diffed item by item and carry
``$setElementOrder``; ``$retainKeys`` and ``$deleteFromPrimitiveList`` as upstream.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from ..model.kinds import Obj
from .patchmeta import PatchMeta
from .tables import go_sprint

DIRECTIVE = "$patch"
DELETE = "delete"
REPLACE = "replace"
MERGE = "merge"
RETAIN_KEYS = "retainKeys"
RETAIN_KEYS_DIRECTIVE = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList"
SET_ELEMENT_ORDER = "$setElementOrder"


class PatchError(ValueError):
    """The documents cannot be diffed (e.g. a list mixing maps and scalars)."""


@dataclass(frozen=True)
class DiffOptions:
    set_element_order: bool = False
    ignore_changes_and_additions: bool = False
    ignore_deletions: bool = False
    build_retain_keys: bool = False


def three_way_merge_patch(
    original: Obj | None, modified: Obj, current: Obj, meta: PatchMeta
) -> Obj:
    """The patch ``kubectl apply`` sends (empty dict: nothing to change)."""
    original = copy.deepcopy(original or {})
    modified = copy.deepcopy(modified)
    current = copy.deepcopy(current)
    delta = diff_maps(current, modified, meta,
                      DiffOptions(set_element_order=True, ignore_deletions=True))
    deletions = diff_maps(original, modified, meta,
                          DiffOptions(set_element_order=True, ignore_changes_and_additions=True))
    return merge_map(deletions, delta, meta)


def _strategy(strategies: tuple[str, ...]) -> tuple[bool, str]:
    """extractRetainKeysPatchStrategy: (retainKeys?, the other strategy)."""
    if not strategies:
        return False, ""
    if len(strategies) == 1:
        return (True, "") if strategies[0] == RETAIN_KEYS else (False, strategies[0])
    if strategies[0] == RETAIN_KEYS:
        return True, strategies[1]
    if strategies[1] == RETAIN_KEYS:
        return True, strategies[0]
    raise PatchError(f"unexpected patch strategies {','.join(strategies)}")


def _kind(value: Any) -> type:
    return type(value)


def diff_maps(original: Obj, modified: Obj, meta: PatchMeta, options: DiffOptions) -> Obj:
    patch: Obj = {}
    retain_keys: list[Any] = []
    for key, modified_value in modified.items():
        if options.build_retain_keys and modified_value is not None:
            retain_keys.append(key)
        if key not in original:
            if not options.ignore_changes_and_additions:
                patch[key] = modified_value
            continue
        original_value = original[key]
        if key == DIRECTIVE:
            if modified_value != original_value:
                patch[key] = modified_value
            continue
        if _kind(original_value) is not _kind(modified_value):
            if not options.ignore_changes_and_additions:
                patch[key] = modified_value
            continue
        if isinstance(original_value, dict):
            _map_diff(key, original_value, modified_value, patch, meta, options)
        elif isinstance(original_value, list):
            _slice_diff(key, original_value, modified_value, patch, meta, options)
        elif not options.ignore_changes_and_additions and original_value != modified_value:
            patch[key] = modified_value
    if not options.ignore_deletions:
        for key in original:
            if key not in modified:
                patch[key] = None
    if retain_keys and (patch or _has_additional_new_field(original, modified)):
        patch[RETAIN_KEYS_DIRECTIVE] = _sort_scalars(retain_keys)
    return patch


def _has_additional_new_field(original: Obj, modified: Obj) -> bool:
    return any(value is not None and key not in modified for key, value in original.items())


def _sort_scalars(values: list[Any]) -> list[Any]:
    return sorted(values, key=go_sprint)


def _map_diff(key: str, original: Obj, modified: Obj, patch: Obj, meta: PatchMeta,
              options: DiffOptions) -> None:
    field = meta.lookup(key)
    retain, strategy = _strategy(field.strategies)
    options = replace(options, build_retain_keys=retain)
    if strategy == REPLACE:
        if not options.ignore_changes_and_additions:
            patch[key] = modified
        return
    value = diff_maps(original, modified, field.schema, options)
    if value:
        patch[key] = value


def _slice_diff(key: str, original: list[Any], modified: list[Any], patch: Obj,
                meta: PatchMeta, options: DiffOptions) -> None:
    field = meta.lookup(key)
    retain, strategy = _strategy(field.strategies)
    if strategy != MERGE:
        if not options.ignore_changes_and_additions and original != modified:
            patch[key] = modified
        return
    options = replace(options, build_retain_keys=retain)
    additions, deletions, order = diff_lists(original, modified, field.schema,
                                             field.merge_key, options)
    if additions:
        patch[key] = additions
    if deletions:
        patch[f"{DELETE_FROM_PRIMITIVE_LIST}/{key}"] = deletions
    if order:
        patch[f"{SET_ELEMENT_ORDER}/{key}"] = order


def _element_kind(*lists: list[Any]) -> str:
    """'map', 'scalar' or '' (empty): sliceElementType, which rejects mixed lists."""
    kinds = set()
    for items in lists:
        for item in items:
            if isinstance(item, dict):
                kinds.add("map")
            elif isinstance(item, list):
                kinds.add("list")
            elif item is not None:
                kinds.add("scalar")
    if len(kinds) > 1:
        raise PatchError("list elements are not all of the same type")
    if "list" in kinds:
        raise PatchError("lists of lists are not supported")
    return kinds.pop() if kinds else ""


def diff_lists(original: list[Any], modified: list[Any], meta: PatchMeta, merge_key: str,
               options: DiffOptions) -> tuple[list[Any], list[Any], list[Any]]:
    if not original:
        if not modified or options.ignore_changes_and_additions:
            return [], [], []
        return modified, [], []
    kind = _element_kind(original, modified)
    order: list[Any] = []
    if kind == "map":
        patch_list, delete_list = _diff_lists_of_maps(original, modified, meta, merge_key,
                                                      options)
        patch_list = _normalize_slice_order(patch_list, modified, merge_key, kind)
        order_same = _is_order_same(original, modified, merge_key)
        patch_list = patch_list + delete_list
        delete_list = []
        if options.set_element_order and (
            (not options.ignore_changes_and_additions and (patch_list or not order_same))
            or (not options.ignore_deletions and patch_list)
        ):
            order = [{merge_key: item.get(merge_key)} for item in modified]
        return patch_list, delete_list, order
    patch_list, delete_list = _diff_lists_of_scalars(original, modified, options)
    patch_list = _normalize_slice_order(patch_list, modified, merge_key, kind)
    if options.set_element_order and (
        (not options.ignore_deletions and delete_list)
        or (not options.ignore_changes_and_additions and original != modified)
    ):
        order = list(modified)
    return patch_list, delete_list, order


def _is_order_same(original: list[Any], modified: list[Any], merge_key: str) -> bool:
    if len(original) != len(modified):
        return False
    pairs = zip(original, modified, strict=True)
    return all(a.get(merge_key) == b.get(merge_key) for a, b in pairs)


def _diff_lists_of_scalars(original: list[Any], modified: list[Any],
                           options: DiffOptions) -> tuple[list[Any], list[Any]]:
    original_sorted = _sort_scalars(list(original))
    modified_sorted = _sort_scalars(list(modified))
    additions: list[Any] = []
    deletions: list[Any] = []
    i = j = 0
    while i < len(original_sorted) or j < len(modified_sorted):
        in_original = i < len(original_sorted)
        in_modified = j < len(modified_sorted)
        a = go_sprint(original_sorted[i]) if in_original else ""
        b = go_sprint(modified_sorted[j]) if in_modified else ""
        if in_original and in_modified and a == b:
            i += 1
            j += 1
        elif not in_original or (in_modified and a > b):
            if not options.ignore_changes_and_additions:
                additions.append(modified_sorted[j])
            j += 1
        else:
            if not options.ignore_deletions:
                deletions.append(original_sorted[i])
            i += 1
    unique: list[Any] = []
    for item in deletions:
        if item not in unique:
            unique.append(item)
    return additions, unique


def _merge_key_of(item: Any, merge_key: str) -> Any:
    if not isinstance(item, dict) or merge_key not in item:
        raise PatchError(f"map {item!r} does not contain the merge key {merge_key!r}")
    return item[merge_key]


def _diff_lists_of_maps(original: list[Any], modified: list[Any], meta: PatchMeta,
                        merge_key: str, options: DiffOptions) -> tuple[list[Any], list[Any]]:
    def by_key(items: list[Any]) -> list[Obj]:
        return sorted(items, key=lambda item: go_sprint(_merge_key_of(item, merge_key)))

    original_sorted = by_key(original)
    modified_sorted = by_key(modified)
    patch: list[Any] = []
    deletions: list[Any] = []
    i = j = 0
    while i < len(original_sorted) or j < len(modified_sorted):
        in_original = i < len(original_sorted)
        in_modified = j < len(modified_sorted)
        a = go_sprint(original_sorted[i][merge_key]) if in_original else ""
        b = go_sprint(modified_sorted[j][merge_key]) if in_modified else ""
        if in_original and in_modified and a == b:
            value = diff_maps(original_sorted[i], modified_sorted[j], meta, options)
            if value:
                value[merge_key] = modified_sorted[j][merge_key]
                patch.append(value)
            i += 1
            j += 1
        elif not in_original or (in_modified and a > b):
            if not options.ignore_changes_and_additions:
                patch.append(modified_sorted[j])
            j += 1
        else:
            if not options.ignore_deletions:
                deletions.append({DIRECTIVE: DELETE, merge_key: original_sorted[i][merge_key]})
            i += 1
    return patch, deletions


def _index(items: list[Any], value: Any, merge_key: str, kind: str) -> int:
    def key(item: Any) -> Any:
        if kind == "map":
            return item.get(merge_key) if isinstance(item, dict) else None
        return item

    wanted = key(value)
    for position, item in enumerate(items):
        if key(item) == wanted:
            return position
    return -1


def _normalize_slice_order(items: list[Any], order: list[Any], merge_key: str,
                           kind: str) -> list[Any]:
    """normalizeSliceOrder: sort by position in ``order``; delete directives go last."""
    to_delete: list[Any] = []
    if kind == "map":
        keep = [i for i in items if not (isinstance(i, dict) and i.get(DIRECTIVE) == DELETE)]
        to_delete = [i for i in items if isinstance(i, dict) and i.get(DIRECTIVE) == DELETE]
        items = keep
    positioned = [(_index(order, item, merge_key, kind), n, item) for n, item in enumerate(items)]
    if all(position >= 0 for position, _n, _item in positioned):
        positioned.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _position, _n, item in positioned] + to_delete


def _merge_sorted(left: list[Any], right: list[Any], server_order: list[Any], merge_key: str,
                  kind: str) -> list[Any]:
    """mergeSortedSlice: interleave server-only items (left) with patch items (right)."""
    result: list[Any] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if i >= len(left):
            result.append(right[j])
            j += 1
        elif j >= len(right):
            result.append(left[i])
            i += 1
        else:
            li = _index(server_order, left[i], merge_key, kind)
            ri = _index(server_order, right[j], merge_key, kind)
            if li >= 0 and ri >= 0 and li < ri:
                result.append(left[i])
                i += 1
            else:
                result.append(right[j])
                j += 1
    return result


def _normalize_element_order(patch: list[Any], server_only: list[Any], patch_order: list[Any],
                             server_order: list[Any], merge_key: str, kind: str) -> list[Any]:
    patch = _normalize_slice_order(patch, patch_order, merge_key, kind)
    server_only = _normalize_slice_order(server_only, server_order, merge_key, kind)
    return _merge_sorted(server_only, patch, server_order, merge_key, kind)


def _partition(merged: list[Any], by: list[Any], merge_key: str,
               kind: str) -> tuple[list[Any], list[Any]]:
    inside: list[Any] = []
    outside: list[Any] = []
    for item in merged:
        (inside if _index(by, item, merge_key, kind) >= 0 else outside).append(item)
    return inside, outside


def merge_map(original: Obj, patch: Obj, meta: PatchMeta) -> Obj:
    """mergeMap with MergeOptions{} (as CreateThreeWayMergePatch combines its two halves)."""
    patch = dict(patch)
    if DIRECTIVE in patch:
        if patch[DIRECTIVE] == REPLACE:
            return {k: v for k, v in patch.items() if k != DIRECTIVE}
        if patch[DIRECTIVE] == DELETE:
            return {}
        raise PatchError(f"unknown patch directive {patch[DIRECTIVE]!r}")
    if RETAIN_KEYS_DIRECTIVE in patch:
        retain = patch.pop(RETAIN_KEYS_DIRECTIVE)
        if RETAIN_KEYS_DIRECTIVE in original and original[RETAIN_KEYS_DIRECTIVE] != retain:
            raise PatchError("$retainKeys of the two halves of the patch differ")
        original[RETAIN_KEYS_DIRECTIVE] = retain
    _merge_element_orders(original, patch, meta)
    for key, value in patch.items():
        if key.startswith(DELETE_FROM_PRIMITIVE_LIST):
            original[key] = value
            continue
        if value is None:
            original.pop(key, None)
        if key not in original:
            original[key] = value
            continue
        if _kind(original[key]) is not _kind(value):
            original[key] = value
            continue
        field = meta.lookup(key)
        _retain, strategy = _strategy(field.strategies)
        if isinstance(value, dict):
            original[key] = value if strategy == REPLACE else merge_map(
                original[key], value, field.schema)
        elif isinstance(value, list):
            original[key] = _merge_slice(original[key], value, field.schema, field.merge_key) \
                if strategy == MERGE else value
        else:
            original[key] = value
    return original


def _merge_element_orders(original: Obj, patch: Obj, meta: PatchMeta) -> None:
    """mergePatchIntoOriginal (not merging parallel lists): order lists and their contents."""
    for key in [k for k in patch if k.startswith(SET_ELEMENT_ORDER)]:
        order = patch.pop(key)
        if key in original and original[key] != order:
            raise PatchError("$setElementOrder of the two halves of the patch differ")
        original[key] = order
        field_name = key.split("/", 1)[1]
        found_original = field_name in original
        found_patch = field_name in patch
        original_list = original.get(field_name) or []
        patch_list = patch.get(field_name) or []
        field = meta.lookup(field_name)
        _retain, strategy = _strategy(field.strategies)
        if found_original and not found_patch:
            merged = original_list
        elif found_patch and not found_original:
            merged = patch_list
        elif found_original and found_patch:
            merged = _merge_slice(original_list, patch_list, field.schema, field.merge_key) \
                if strategy == MERGE else patch_list
        else:
            continue
        kind = _element_kind(original_list, patch_list) or "scalar"
        merge_key = field.merge_key if kind == "map" else ""
        inside, outside = _partition(merged, order, merge_key, kind)
        original[field_name] = _normalize_element_order(inside, outside, order, original_list,
                                                        merge_key, kind)
        patch.pop(field_name, None)


def _merge_slice(original: list[Any], patch: list[Any], meta: PatchMeta,
                 merge_key: str) -> list[Any]:
    if not original and not patch:
        return original
    kind = _element_kind(original, patch)
    if kind != "map":
        merged: list[Any] = []
        for item in original + patch:
            if item not in merged:
                merged.append(item)
        inside, outside = _partition(merged, patch, "", "scalar")
        return _normalize_element_order(inside, outside, patch, original, "", "scalar")
    if not merge_key:
        raise PatchError("cannot merge lists without a merge key")
    plain: list[Any] = []
    replace_all = False
    original = list(original)
    for item in patch:
        directive = item.get(DIRECTIVE)
        if directive is None:
            plain.append(item)
        elif directive == DELETE:
            value = _merge_key_of(item, merge_key)
            original = [o for o in original if o.get(merge_key) != value]
        elif directive == REPLACE:
            replace_all = True
        else:
            raise PatchError(f"unknown patch directive {directive!r}")
    if replace_all:
        return plain
    server_order = list(original)  # upstream orders by the list before appending
    for item in plain:
        value = _merge_key_of(item, merge_key)
        for position, existing in enumerate(original):
            if isinstance(existing, dict) and existing.get(merge_key) == value:
                original[position] = merge_map(existing, item, meta)
                break
        else:
            original.append(item)
    inside, outside = _partition(original, plain, merge_key, "map")
    return _normalize_element_order(inside, outside, plain, server_order, merge_key, "map")
