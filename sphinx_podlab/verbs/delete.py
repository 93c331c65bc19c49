"""``kubectl delete TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all | -f FILE`` with
``--now``, ``--grace-period=N``, ``--force``, ``--wait=false``, ``--ignore-not-found``,
``-o name``; kubectl's wait, then replacements.

kubectl deletes each object (background propagation), prints a line per object, and then
waits until every deleted object (by UID) is gone; on any error it reports and does not
wait. Afterwards, like a careful author, we wait for the replacement of every deleted pod
that a controller owns (a StatefulSet's has the same name and a new UID).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure, with_source
from ..execute.file_objects import file_objects
from ..execute.pods import controller_of
from ..execute.readiness import wait_gone, wait_pod_steady, wait_workload
from ..execute.rest import ApiError, deleted_uid, object_path
from ..execute.selection import Selection, parse_selection, read_selection
from ..model.kinds import Obj
from ..model.messages import msg
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
    selection: Selection | None = None  # TYPE -l SEL or TYPE --all
    grace_period: int | None = None  # None: the object's own
    wait: bool = True
    ignore_not_found: bool = False
    names_only: bool = False  # -o name
    invalid: str | None = None  # kubectl's own refusal, printed when the command runs


FLAGS = FlagSpec(
    booleans={"--all": "all", "--now": "now", "--force": "force",
              "--ignore-not-found": "ignore-not-found", "--wait": "wait"},
    values={"-f": "filename", "--filename": "filename", "-l": "selector",
            "--selector": "selector", "--grace-period": "grace-period", "-o": "output",
            "--output": "output"},
)


def _grace_period(args: ParsedArgs) -> int | None:
    """kubectl's Complete: --now is 1 s, 0 without --force becomes 1, --force alone is 0."""
    text = args.single("grace-period")
    try:
        grace = int(text) if text is not None else -1
    except ValueError:
        raise unsupported(f'invalid argument "{text}" for "--grace-period" flag') from None
    if args.has("now"):
        if grace != -1:
            raise unsupported("--now and --grace-period cannot be specified together")
        grace = 1
    force = args.has("force")
    if force and grace > 0:
        raise unsupported("--force and --grace-period greater than 0 cannot be specified "
                          "together")
    if grace == 0 and not force:
        grace = 1
    if force and grace < 0:
        grace = 0
    return None if grace < 0 else grace


def _boolean(args: ParsedArgs, name: str, default: bool) -> bool:
    """``--wait``, ``--wait=true``, ``--wait=false``."""
    values = args.flags.get(name)
    if not values:
        return default
    value = values[-1]
    if value not in ("true", "false"):
        raise unsupported(f'invalid argument "{value}" for "--{name}" flag')
    return value == "true"


def parse(args: ParsedArgs) -> Delete:
    output = args.single("output")
    if output not in (None, "name"):
        raise unsupported(f"unexpected -o output mode: {output}. We only support '-o name'")
    selected = args.has("selector") or args.has("all")
    options = Delete(namespace=args.namespace, grace_period=_grace_period(args),
                     wait=_boolean(args, "wait", True),
                     # kubectl ignores NotFound by default with --all and -l
                     ignore_not_found=_boolean(args, "ignore-not-found", selected),
                     names_only=output == "name")
    files = args.flags.get("filename", [])
    if files:
        if args.positionals:
            raise unsupported(msg("'kubectl delete -f FILE' takes no further arguments"))
        return replace(options, files=tuple(files))
    if selected:
        return replace(options, selection=parse_selection(args.positionals, args))
    if len(args.positionals) == 1 and "/" not in args.positionals[0]:
        return replace(options, invalid="resource(s) were provided, but no name was specified")
    return replace(options, objects=object_refs(args.positionals, "delete"))


def delete_options(grace_period: int | None) -> Obj:
    options: Obj = {"kind": "DeleteOptions", "apiVersion": "v1"}
    if grace_period is not None:
        options["gracePeriodSeconds"] = grace_period
    options["propagationPolicy"] = "Background"
    return options


@dataclass(frozen=True)
class Target:
    resource: ResourceType
    namespace: str | None
    name: str
    source: str  # the file it came from ("" for names on the command line)


def deleted_line(resource: ResourceType, name: str, namespace: str | None, minor: int,
                 force: bool = False) -> str:
    """``pod "mysql-0" deleted from default namespace`` (kubectl ≥ 1.34) or ``... deleted``;
    ``force deleted`` with a grace period of 0."""
    operation = "force deleted" if force else "deleted"
    if minor >= 34 and resource.namespaced and namespace:
        operation += f" from {namespace} namespace"
    return f'{resource.qualified_kind} "{name}" {operation}\n'


def _targets(ctx: Context, command: Delete) -> list[Target]:
    if command.selection is not None:
        chosen = []
        for selected in read_selection(ctx, command.selection, ctx.namespace(command.namespace)):
            assert not isinstance(selected, ApiError)  # a listing has no missing names
            chosen.append(Target(selected.resource, selected.namespace, selected.name, ""))
        return chosen
    if not command.files:
        default = ctx.namespace(command.namespace)
        return [Target(ref.resource, default if ref.resource.namespaced else None, ref.name, "")
                for ref in command.objects]
    return [Target(item.resource, item.namespace, item.name, item.source)
            for item in file_objects(ctx, command.files, command.namespace)]


def run(ctx: Context, command: Delete) -> None:
    if command.invalid:
        raise CliError(command.invalid)
    if command.grace_period == 0:  # kubectl's Validate, before anything is deleted
        ctx.output.err("Warning: Immediate deletion does not wait for confirmation that the "
                       "running resource has been terminated. The resource may continue to "
                       "run on the cluster indefinitely.\n")
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
            response = ctx.rest.send("DELETE", path, delete_options(command.grace_period),
                                     timeout=ctx.timeout())
        except ApiError as exc:
            if not (exc.not_found and command.ignore_not_found):
                errors.append(with_source("deleting", target.source, exc))
            continue
        if command.names_only:
            ctx.output.out(f"{target.resource.qualified_kind}/{target.name}\n")
        else:
            ctx.output.out(deleted_line(target.resource, target.name, target.namespace,
                                        ctx.minor, command.grace_period == 0))
        deleted.append((target, deleted_uid(response), response))
    if errors:
        ctx.output.fail(errors)
        return
    if not targets:
        ctx.output.out("No resources found\n")
        return
    if not command.wait:
        return
    for target, uid, _response in deleted:
        wait_gone(ctx, target.resource, target.namespace, target.name, uid)
    for target, uid, response in deleted:
        if target.resource.kind == "Pod" and response.get("kind") == "Pod" and ctx.waits:
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


VERB = Verb("delete", "kubectl delete TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all | "
            "-f FILE [--now] [--grace-period=N] [--force] [--wait=false] [--ignore-not-found]",
            FLAGS, parse)
