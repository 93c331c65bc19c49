"""What every ``kubectl create SUBCOMMAND`` shares: ``--dry-run=client``, ``-o yaml|json|name``,
creating the object (field manager ``kubectl-create``) and kubectl's ``KIND/NAME created``.

Objects are built as Go structs (:class:`GoStruct`, fields in kubectl's struct order) so that
``--dry-run=client -o json`` prints them in kubectl's order; YAML sorts keys anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...execute.context import Context, Created
from ...execute.failures import CliError
from ...execute.printers import GoStruct, kubectl_json, kubectl_yaml
from ...execute.readiness import wait_workload
from ...execute.rest import ApiError, collection_path
from ...model.kinds import Obj
from ...model.messages import msg
from ...model.objects import ResourceType
from ...parse.flags import FlagSpec, ParsedArgs, unsupported

OUTPUT_FLAGS = {"--dry-run": "dry-run", "-o": "output", "--output": "output"}
OUTPUTS = ("yaml", "json", "name")
WRITE_QUERY = {"fieldValidation": "Strict"}


@dataclass(frozen=True)
class Output:
    """``--dry-run=client`` and ``-o``."""

    dry_run: bool = False
    format: str | None = None


CREATED = Output()  # no dry run, kubectl's "KIND/NAME created"


def flags(booleans: dict[str, str] | None = None, values: dict[str, str] | None = None
          ) -> FlagSpec:
    """A create subcommand's flags plus the output flags they all take."""
    return FlagSpec(booleans=booleans or {}, values={**OUTPUT_FLAGS, **(values or {})})


def parse_output(args: ParsedArgs) -> Output:
    dry_run = args.single("dry-run")
    if dry_run not in (None, "none", "client"):
        raise unsupported(msg("--dry-run=%(value)s is not supported (use --dry-run=client)",
                              value=dry_run))
    output = args.single("output")
    if output is not None and output not in OUTPUTS:
        raise unsupported(msg("-o %(output)s is not supported with 'kubectl %(verb)s' "
                              "(use one of %(forms)s)", output=output, verb=args.verb,
                              forms=", ".join(OUTPUTS)))
    if output == "json" and dry_run != "client":
        # kubectl prints the typed object of the server's answer in Go struct order
        raise unsupported(msg("'kubectl %(verb)s -o json' is supported only with "
                              "--dry-run=client", verb=args.verb))
    return Output(dry_run == "client", output)


def one_name(args: ParsedArgs, what: str) -> str:
    """The NAME positional every create subcommand takes."""
    if not args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' needs a NAME for the %(what)s",
                              verb=args.verb, what=what))
    if len(args.positionals) > 1:
        raise unsupported(msg("'kubectl %(verb)s' takes exactly one NAME", verb=args.verb))
    return args.positionals[0]


def metadata(name: str, namespace: str | None, labels: dict[str, str] | None = None
             ) -> GoStruct:
    """ObjectMeta in struct order; the namespace only when ``-n`` was given (kubectl's
    EnforceNamespace)."""
    meta = GoStruct(name=name)
    if namespace:
        meta["namespace"] = namespace
    if labels:
        meta["labels"] = dict(labels)
    return meta


def create(ctx: Context, resource: ResourceType, obj: GoStruct, output: Output,
           failure: str | None, namespace: str | None) -> None:
    """Print the dry run, or create ``obj`` and print what kubectl prints; then wait like
    a careful author for a workload to be ready. ``failure`` is kubectl's prefix of the
    server's message, spacing included (``"failed to create deployment: "``), or None where
    kubectl passes the server's error through."""
    name = str(obj["metadata"]["name"])
    shown = f"{resource.qualified_kind}/{name}"
    if output.dry_run:
        print_object(ctx, obj, output.format, f"{shown} created (dry run)")
        return
    where = ctx.namespace(namespace) if resource.namespaced else None
    try:
        created = post_object(ctx, resource, where, obj, "kubectl-create")
    except ApiError as exc:
        if failure is None:
            raise
        raise CliError(failure + exc.message) from exc
    print_object(ctx, created, output.format, f"{shown} created")
    wait_workload(ctx, resource, where, name)


def post_object(ctx: Context, resource: ResourceType, namespace: str | None, obj: Obj,
                field_manager: str) -> Obj:
    """Create ``obj`` as kubectl does; the session deletes it at cleanup."""
    ctx.before_create(resource, namespace, obj)
    created: Obj = ctx.rest.send("POST", collection_path(resource, namespace), obj,
                                 query={**WRITE_QUERY, "fieldManager": field_manager},
                                 timeout=ctx.timeout())
    metadata = created.get("metadata") or {}
    ctx.created.append(Created(resource, namespace, str(metadata.get("name") or ""),
                               str(metadata.get("uid") or "")))
    return created


def _plain(value: Any) -> Any:
    """Go structs as plain maps (the YAML printer sorts keys, as sigs.k8s.io/yaml does)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def print_object(ctx: Context, obj: Obj, format: str | None, line: str) -> None:
    """``-o yaml|json|name``, else kubectl's ``KIND/NAME created`` line."""
    if format == "yaml":
        ctx.output.out(kubectl_yaml(_plain(obj)))
    elif format == "json":
        ctx.output.out(kubectl_json(obj))
    elif format == "name":
        ctx.output.out(line.split(" ", 1)[0] + "\n")
    else:
        ctx.output.out(line + "\n")
