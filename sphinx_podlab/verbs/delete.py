"""``kubectl delete TYPE NAME... | TYPE/NAME... | -f FILE``, kubectl's wait, then replacements.

kubectl deletes each object (background propagation), prints a line per object, and then
waits until every deleted object (by UID) is gone; on any error it reports and does not
wait. Afterwards, like a careful author, we wait for the replacement of every deleted pod
that a controller owns (a StatefulSet's has the same name and a new UID).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure, with_source
from ..execute.manifests import load_manifest
from ..execute.pods import controller_of
from ..execute.readiness import wait_gone, wait_pod_steady, wait_workload
from ..execute.rest import ApiError, object_path
from ..model.kinds import Obj
from ..model.objects import ObjectRef, ResourceType
from ..parse.args import object_refs
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from ..parse.resources import find_resource_type
from .base import Verb


@dataclass(frozen=True)
class Delete:
    objects: tuple[ObjectRef, ...] = ()
    files: tuple[str, ...] = ()
    namespace: str | None = None


FLAGS = FlagSpec(values={"-f": "filename", "--filename": "filename"})


def parse(args: ParsedArgs) -> Delete:
    files = args.flags.get("filename", [])
    if files:
        if args.positionals:
            raise unsupported("'kubectl delete -f FILE' takes no further arguments")
        return Delete(files=tuple(files), namespace=args.namespace)
    return Delete(objects=object_refs(args.positionals, "delete"), namespace=args.namespace)

DELETE_OPTIONS = {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"}


@dataclass(frozen=True)
class Target:
    resource: ResourceType
    namespace: str | None
    name: str
    source: str  # the file it came from ("" for names on the command line)


def deleted_line(resource: ResourceType, name: str, namespace: str | None, minor: int) -> str:
    """``pod "mysql-0" deleted from default namespace`` (kubectl ≥ 1.34) or ``... deleted``."""
    kind = f"{resource.kind.lower()}.{resource.group}" if resource.group else resource.kind.lower()
    if minor >= 34 and resource.namespaced and namespace:
        return f'{kind} "{name}" deleted from {namespace} namespace\n'
    return f'{kind} "{name}" deleted\n'


def _targets(ctx: Context, command: Delete) -> list[Target]:
    if not command.files:
        default = ctx.namespace(command.namespace)
        return [Target(ref.resource, default if ref.resource.namespaced else None, ref.name, "")
                for ref in command.objects]
    targets: list[Target] = []
    for source in command.files:
        for obj in load_manifest(ctx.resolve_manifest(source), source):
            resource = ctx.resource_for_kind(str(obj["apiVersion"]), str(obj["kind"]))
            namespace: str | None = None
            if resource.namespaced:
                in_file = (obj.get("metadata") or {}).get("namespace")
                if in_file and command.namespace and in_file != command.namespace:
                    raise CliError(
                        f'the namespace from the provided object "{in_file}" does not match'
                        f' the namespace "{command.namespace}". You must pass'
                        f" '--namespace={in_file}' to perform this operation."
                    )
                namespace = str(in_file or ctx.namespace(command.namespace))
            targets.append(Target(resource, namespace, str(obj["metadata"]["name"]), source))
    return targets


def run(ctx: Context, command: Delete) -> None:
    try:
        targets = _targets(ctx, command)
    except (ApiError, CliError) as exc:
        ctx.output.fail([exc])
        return
    errors: list[KubectlFailure] = []
    deleted: list[tuple[Target, str, Obj]] = []
    warn_cluster_scope = bool(command.namespace)  # kubectl warns when -n was given
    for target in targets:
        if warn_cluster_scope and not target.resource.namespaced:
            ctx.output.err("Warning: deleting cluster-scoped resources, not scoped to the"
                           " provided namespace\n")
            warn_cluster_scope = False
        path = object_path(target.resource, target.namespace, target.name)
        try:
            response = ctx.rest.send("DELETE", path, DELETE_OPTIONS, timeout=ctx.timeout())
        except ApiError as exc:
            errors.append(with_source("deleting", target.source, exc))
            continue
        ctx.output.out(deleted_line(target.resource, target.name, target.namespace, ctx.minor))
        if response.get("kind") == "Status":
            uid = str((response.get("details") or {}).get("uid") or "")
        else:
            uid = str((response.get("metadata") or {}).get("uid") or "")
        deleted.append((target, uid, response))
    if errors:
        ctx.output.fail(errors)
        return
    if not targets:
        ctx.output.out("No resources found\n")
        return
    for target, uid, _response in deleted:
        wait_gone(ctx, target.resource, target.namespace, target.name, uid)
    for target, uid, response in deleted:
        if target.resource.kind == "Pod" and response.get("kind") == "Pod":
            _wait_for_replacement(ctx, target, uid, response)


def _wait_for_replacement(ctx: Context, target: Target, uid: str, pod: Obj) -> None:
    owner = controller_of(pod)
    if owner is None or target.namespace is None:
        return
    kind = owner.get("kind")
    group = str(owner.get("apiVersion", "")).rpartition("/")[0]
    resource = find_resource_type(f"{str(kind).lower()}.{group}" if group else str(kind).lower())
    if resource is None or kind not in {"StatefulSet", "ReplicaSet", "DaemonSet"}:
        return
    if ctx.get_or_none(object_path(resource, target.namespace, str(owner.get("name")))) is None:
        return  # the owner is gone too: nothing will replace the pod
    if kind == "StatefulSet":
        wait_pod_steady(ctx, target.namespace, target.name, not_uid=uid)
    wait_workload(ctx, resource, target.namespace, str(owner.get("name")))


VERB = Verb("delete", "kubectl delete TYPE NAME... | TYPE/NAME | -f FILE", FLAGS, parse)
