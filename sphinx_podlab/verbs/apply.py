"""``kubectl apply -f FILE``: kubectl's client-side apply, then a wait for readiness.

Per object: GET; absent → create it with the ``kubectl.kubernetes.io/last-applied-configuration``
annotation (``created``); present → three-way strategic merge patch from the previous
annotation, the manifest and the live object (empty: ``unchanged``, else PATCH:
``configured``). Field manager ``kubectl-client-side-apply``, strict field validation, as
kubectl 1.34 does by default.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

from ..execute.context import Context, Created, NoKindMatch
from ..execute.failures import CliError, KubectlFailure, namespace_mismatch, with_source
from ..execute.patchmeta import PatchMeta
from ..execute.printers import encode_compact, go_json, kind_name
from ..execute.readiness import wait_workload
from ..execute.rest import (
    MERGE_PATCH,
    STRATEGIC_MERGE_PATCH,
    ApiError,
    collection_path,
    object_path,
)
from ..execute.strategic import PatchError, three_way_merge_patch
from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ResourceType
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from ..parse.manifests import load_documents
from .base import Verb


@dataclass(frozen=True)
class Apply:
    files: tuple[str, ...]
    namespace: str | None = None


FLAGS = FlagSpec(values={"-f": "filename", "--filename": "filename", "-k": "kustomize",
                         "--kustomize": "kustomize"})


def parse(args: ParsedArgs) -> Apply:
    if args.has("kustomize"):
        raise unsupported(msg("'kubectl apply -k' (kustomize) is not supported: apply the "
                              "rendered manifests with 'kubectl apply -f'"))
    files = args.flags.get("filename", [])
    if not files or args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' needs -f FILE and nothing else",
                              verb="apply"))
    return Apply(tuple(files), args.namespace)

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
FIELD_MANAGER = "kubectl-client-side-apply"
WRITE_QUERY = {"fieldManager": FIELD_MANAGER, "fieldValidation": "Strict"}
MISSING_ANNOTATION_WARNING = (
    "Warning: resource {name} is missing the kubectl.kubernetes.io/last-applied-configuration"
    " annotation which is required by kubectl apply. kubectl apply should only be used on"
    " resources created declaratively by either kubectl create --save-config or kubectl"
    " apply. The missing annotation will be patched automatically.\n"
)


def last_applied_configuration(obj: Obj) -> str:
    """The annotation value kubectl writes: the object without that annotation, encoded
    compactly with Go's json.Encoder (sorted keys, trailing newline)."""
    bare = copy.deepcopy(obj)
    metadata = bare.setdefault("metadata", {})
    annotations = dict(metadata.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    metadata["annotations"] = annotations
    return encode_compact(bare)


def with_last_applied(obj: Obj) -> Obj:
    """``obj`` carrying its own last-applied annotation (util.GetModifiedConfiguration)."""
    annotated = copy.deepcopy(obj)
    value = last_applied_configuration(obj)
    metadata = annotated.setdefault("metadata", {})
    annotations = dict(metadata.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    annotations[LAST_APPLIED] = value
    metadata["annotations"] = annotations
    return annotated


BUILTIN_GROUPS = {"", "apps", "batch", "autoscaling", "policy", "extensions"}


def is_builtin_group(group: str) -> bool:
    """Whether kubectl knows the group's types (its scheme), not a custom resource's."""
    return group in BUILTIN_GROUPS or group.endswith(".k8s.io")


def apply_decision(patch: Obj) -> str:
    return "unchanged" if not patch else "configured"


def run(ctx: Context, command: Apply) -> None:
    objects: list[tuple[str, Obj]] = []
    for source in command.files:
        objects.extend(load_documents(ctx.resolve_manifest(source), source))
    if not objects:
        raise CliError("no objects passed to apply")
    errors: list[KubectlFailure] = []
    applied: list[tuple[ResourceType, str | None, str]] = []
    for source, obj in objects:
        try:
            resource, namespace, name = _apply_one(ctx, command, source, obj)
        except (ApiError, CliError) as exc:
            errors.append(exc)
            continue
        applied.append((resource, namespace, name))
    for resource, namespace, name in applied:
        wait_workload(ctx, resource, namespace, name)
    ctx.output.fail(errors)


def _namespace_for(ctx: Context, command: Apply, obj: Obj, resource: ResourceType) -> str | None:
    if not resource.namespaced:
        return None
    metadata = obj.setdefault("metadata", {})
    in_file = metadata.get("namespace")
    if in_file and command.namespace and in_file != command.namespace:
        raise namespace_mismatch(in_file, command.namespace)
    namespace = str(in_file or ctx.namespace(command.namespace))
    metadata["namespace"] = namespace  # kubectl sets it on the object, so it is in the annotation
    return namespace


def _apply_one(ctx: Context, command: Apply, source: str,
               obj: Obj) -> tuple[ResourceType, str | None, str]:
    obj = copy.deepcopy(obj)
    try:
        resource = ctx.resource_for_kind(str(obj["apiVersion"]), str(obj["kind"]))
    except NoKindMatch as exc:
        metadata = obj.get("metadata") or {}
        raise exc.for_object(str(metadata.get("name")), str(metadata.get("namespace") or ""),
                             source) from exc
    namespace = _namespace_for(ctx, command, obj, resource)
    name = str(obj["metadata"]["name"])
    shown = kind_name(resource.kind, resource.group, name)
    current = ctx.get_or_none(object_path(resource, namespace, name))
    if current is None:
        body = with_last_applied(obj)
        ctx.before_create(resource, namespace, body)
        try:
            created = ctx.rest.send("POST", collection_path(resource, namespace), body,
                                    query=WRITE_QUERY, timeout=ctx.timeout())
        except ApiError as exc:
            raise with_source("creating", source, exc) from exc
        ctx.created.append(_created_record(resource, namespace, name, created))
        ctx.output.out(f"{shown} created\n")
        return resource, namespace, name
    ctx.check_owned(resource, namespace, name)
    annotations = (current.get("metadata") or {}).get("annotations") or {}
    original_text = annotations.get(LAST_APPLIED)
    if original_text is None:
        ctx.output.err(MISSING_ANNOTATION_WARNING.format(name=f"{resource.plural}/{name}"))
    original = _parse_original(original_text)
    modified = with_last_applied(obj)
    builtin = is_builtin_group(resource.group)
    # kubectl: strategic merge for types compiled into it, JSON merge patch for the rest
    # (custom resources); with no patch metadata the same diff gives the JSON merge patch.
    meta = ctx.patch_meta(resource) if builtin else PatchMeta(None)
    try:
        patch = three_way_merge_patch(original, modified, current, meta)
    except PatchError as exc:
        raise CliError(f"error calculating the patch for {shown}: {exc}") from exc
    if apply_decision(patch) == "unchanged":
        ctx.output.out(f"{shown} unchanged\n")
        return resource, namespace, name
    try:
        ctx.rest.send("PATCH", object_path(resource, namespace, name), patch,
                      content_type=STRATEGIC_MERGE_PATCH if builtin else MERGE_PATCH,
                      query=WRITE_QUERY,
                      timeout=ctx.timeout())
    except ApiError as exc:
        group_version = f"{resource.group}/{resource.version}"
        info = (
            f'Resource: "{group_version}, Resource={resource.plural}", '
            f'GroupVersionKind: "{group_version}, Kind={resource.kind}"\n'
            f'Name: "{name}", Namespace: "{namespace or ""}"'
        )
        patched = with_source("patching", source, exc)
        raise with_source(f"applying patch:\n{go_json(patch)}\nto:\n{info}\nfor:", source,
                          patched) from exc
    ctx.output.out(f"{shown} configured\n")
    return resource, namespace, name


def _parse_original(text: str | None) -> Obj | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _created_record(resource: ResourceType, namespace: str | None, name: str,
                    created: Obj) -> Created:
    templates: tuple[str, ...] = ()
    if resource.kind == "StatefulSet":
        templates = tuple(
            str((template.get("metadata") or {}).get("name"))
            for template in (created.get("spec") or {}).get("volumeClaimTemplates") or []
        )
    uid = str((created.get("metadata") or {}).get("uid") or "")
    return Created(resource, namespace, name, uid, templates)


VERB = Verb("apply", "kubectl apply -f FILE", FLAGS, parse)
