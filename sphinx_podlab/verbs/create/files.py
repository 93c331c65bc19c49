"""``kubectl create -f FILE...``: each object created as the file has it → ``KIND/NAME
created``; an existing one is the server's AlreadyExists, named with its file."""

from __future__ import annotations

from dataclasses import dataclass

from ...execute.context import Context
from ...execute.failures import CliError, KubectlFailure, with_source
from ...execute.file_objects import file_objects
from ...execute.readiness import wait_workload
from ...execute.rest import ApiError
from ...model.messages import msg
from ...parse.flags import ParsedArgs, unsupported
from ..base import Verb
from .common import CREATED, Output, flags, parse_output, post_object, print_object


@dataclass(frozen=True)
class CreateFromFiles:
    files: tuple[str, ...]
    output: Output = CREATED
    namespace: str | None = None


FLAGS = flags(values={"-f": "filename", "--filename": "filename"})


def parse(args: ParsedArgs) -> CreateFromFiles:
    files = args.flags.get("filename", [])
    if not files:
        raise unsupported(msg("'kubectl create' needs -f FILE or a subcommand (%(known)s)",
                              known="deployment, configmap, secret generic, service, job, "
                                    "cronjob, namespace, serviceaccount"))
    if args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' is not supported",
                              verb=f"create {args.positionals[0]}"))
    return CreateFromFiles(tuple(files), parse_output(args), args.namespace)


def run(ctx: Context, command: CreateFromFiles) -> None:
    objects = file_objects(ctx, command.files, command.namespace)
    if not objects:
        raise CliError("no objects passed to create")
    errors: list[KubectlFailure] = []
    made = []
    for item in objects:
        if command.output.dry_run:
            print_object(ctx, item.obj, command.output.format, f"{item.shown} created (dry run)")
            continue
        try:
            created = post_object(ctx, item.resource, item.namespace, item.obj, "kubectl-create")
        except ApiError as exc:
            errors.append(with_source("creating", item.source, exc))
            continue
        print_object(ctx, created, command.output.format, f"{item.shown} created")
        made.append(item)
    for item in made:
        wait_workload(ctx, item.resource, item.namespace, item.name)
    ctx.output.fail(errors)


VERB = Verb("create", "kubectl create -f FILE", FLAGS, parse)
