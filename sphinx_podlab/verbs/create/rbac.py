"""``kubectl create role|clusterrole NAME --verb=V... --resource=R[.GROUP]... [--resource-name=N]``
and ``kubectl create rolebinding|clusterrolebinding NAME --role=R|--clusterrole=R
[--user=U] [--group=G] [--serviceaccount=NS:NAME]``: kubectl's objects, one rule per API
group (groups sorted), resources named as the server names them (``po`` → ``pods``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...execute.context import Context, known_type
from ...execute.failures import CliError
from ...execute.printers import GoStruct
from ...parse.flags import ParsedArgs, unsupported
from ...parse.resources import find_resource_type
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

RBAC = "rbac.authorization.k8s.io"
STANDARD_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy",
                  "deletecollection", "use", "bind", "escalate", "impersonate")


@dataclass(frozen=True)
class CreateRole:
    cluster: bool  # ClusterRole
    name: str
    verbs: tuple[str, ...]
    resources: tuple[str, ...]
    resource_names: tuple[str, ...] = ()
    output: Output = CREATED
    namespace: str | None = None


@dataclass(frozen=True)
class CreateRoleBinding:
    cluster: bool  # ClusterRoleBinding
    name: str
    role: str | None
    cluster_role: str | None
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    service_accounts: tuple[str, ...] = ()
    output: Output = CREATED
    namespace: str | None = None


def _list(args: ParsedArgs, name: str) -> tuple[str, ...]:
    return tuple(item for value in args.flags.get(name, []) for item in value.split(",") if item)


def _role_parser(cluster: bool) -> Callable[[ParsedArgs], CreateRole]:
    def parse(args: ParsedArgs) -> CreateRole:
        verbs, resources = _list(args, "verb"), _list(args, "resource")
        if not verbs:
            raise unsupported("at least one verb must be specified")
        if not resources:
            raise unsupported("at least one resource must be specified")
        names = tuple(dict.fromkeys(_list(args, "resource-name")))
        return CreateRole(cluster, one_name(args, "role"), verbs, resources, names,
                          parse_output(args), args.namespace)
    return parse


def _binding_parser(cluster: bool) -> Callable[[ParsedArgs], CreateRoleBinding]:
    def parse(args: ParsedArgs) -> CreateRoleBinding:
        role = None if cluster else args.single("role")
        cluster_role = args.single("clusterrole")
        if cluster and not cluster_role:
            raise unsupported('required flag(s) "clusterrole" not set')
        if not cluster and (role is None) == (cluster_role is None):
            raise unsupported("exactly one of clusterrole or role must be specified")
        return CreateRoleBinding(cluster, one_name(args, "role binding"), role, cluster_role,
                                 _list(args, "user"), _list(args, "group"),
                                 _list(args, "serviceaccount"), parse_output(args),
                                 args.namespace)
    return parse


def _rules(command: CreateRole) -> list[GoStruct]:
    by_group: dict[str, list[str]] = {}
    for spec in command.resources:
        name, slash, sub = spec.partition("/")
        plural, dot, group = name.partition(".")
        if plural != "*":
            known = find_resource_type(f"{plural}.{group}" if dot else plural)
            if known is None:
                raise CliError(f'the server doesn\'t have a resource type "{plural}"')
            plural, group = known.plural, known.group
        listed = by_group.setdefault(group, [])
        full = f"{plural}/{sub}" if slash else plural
        if full not in listed:
            listed.append(full)
    rules = []
    for group in sorted(by_group):
        rule = GoStruct(verbs=list(command.verbs), apiGroups=[group], resources=by_group[group])
        if command.resource_names:
            rule["resourceNames"] = list(command.resource_names)
        rules.append(rule)
    return rules


def run_role(ctx: Context, command: CreateRole) -> None:
    for verb in command.verbs:
        if verb not in STANDARD_VERBS:
            ctx.output.err(f"Warning: '{verb}' is not a standard resource verb\n")
    kind = "ClusterRole" if command.cluster else "Role"
    obj = GoStruct(kind=kind, apiVersion=f"{RBAC}/v1",
                   metadata=metadata(command.name, None if command.cluster
                                     else command.namespace),
                   rules=_rules(command))
    resource = known_type("clusterroles" if command.cluster else "roles")
    create(ctx, resource, obj, command.output, None, command.namespace)


def run_binding(ctx: Context, command: CreateRoleBinding) -> None:
    if command.role:
        ref = GoStruct(apiGroup=RBAC, kind="Role", name=command.role)
    else:
        ref = GoStruct(apiGroup=RBAC, kind="ClusterRole", name=command.cluster_role)
    subjects = [GoStruct(kind="User", apiGroup=RBAC, name=user) for user in command.users]
    subjects += [GoStruct(kind="Group", apiGroup=RBAC, name=group) for group in command.groups]
    for account in command.service_accounts:
        namespace, colon, name = account.partition(":")
        if not colon or not namespace or not name or ":" in name:
            raise CliError("serviceaccount must be <namespace>:<name>")
        subjects.append(GoStruct(kind="ServiceAccount", name=name, namespace=namespace))
    kind = "ClusterRoleBinding" if command.cluster else "RoleBinding"
    obj = GoStruct(kind=kind, apiVersion=f"{RBAC}/v1",
                   metadata=metadata(command.name, None if command.cluster
                                     else command.namespace))
    if subjects:
        obj["subjects"] = subjects
    obj["roleRef"] = ref
    resource = known_type("clusterrolebindings" if command.cluster else "rolebindings")
    create(ctx, resource, obj, command.output, f"failed to create {kind.lower()}: ",
           command.namespace)


ROLE_FLAGS = flags(values={"--verb": "verb", "--resource": "resource",
                           "--resource-name": "resource-name"})
BINDING_FLAGS = flags(values={"--role": "role", "--clusterrole": "clusterrole", "--user": "user",
                              "--group": "group", "--serviceaccount": "serviceaccount"})
ROLE = Verb("create role", "kubectl create role NAME --verb=V --resource=R [--resource-name=N]",
            ROLE_FLAGS, _role_parser(False))
CLUSTERROLE = Verb("create clusterrole", "kubectl create clusterrole NAME --verb=V "
                   "--resource=R", ROLE_FLAGS, _role_parser(True))
ROLEBINDING = Verb("create rolebinding", "kubectl create rolebinding NAME --role=R|"
                   "--clusterrole=R [--user=U] [--group=G] [--serviceaccount=NS:NAME]",
                   BINDING_FLAGS, _binding_parser(False))
CLUSTERROLEBINDING = Verb("create clusterrolebinding", "kubectl create clusterrolebinding NAME "
                          "--clusterrole=R [--user=U] [--group=G] [--serviceaccount=NS:NAME]",
                          BINDING_FLAGS, _binding_parser(True))
