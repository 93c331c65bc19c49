"""``kubectl replace -f FILE... [--force]``: each object PUT as the file has it (kubectl
takes the live object's resourceVersion when the file has none) → ``KIND/NAME replaced``;
``--force`` deletes and re-creates it (``deleted`` then ``replaced``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context, Created
from ..execute.failures import CliError, KubectlFailure, with_source
from ..execute.file_objects import file_objects
from ..execute.readiness import wait_gone, wait_workload
from ..execute.rest import ApiError, collection_path, object_path
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb
from .delete import delete_options, deleted_line


@dataclass(frozen=True)
class Replace:
    files: tuple[str, ...]
    force: bool = False
    namespace: str | None = None


FLAGS = FlagSpec(booleans={"--force": "force"},
                 values={"-f": "filename", "--filename": "filename"})


def parse(args: ParsedArgs) -> Replace:
    files = args.flags.get("filename", [])
    if not files or args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' needs -f FILE and nothing else",
                              verb="replace"))
    return Replace(tuple(files), args.has("force"), args.namespace)


def run(ctx: Context, command: Replace) -> None:
    objects = file_objects(ctx, command.files, command.namespace)
    if not objects:
        raise CliError("no objects passed to replace")
    errors: list[KubectlFailure] = []
    replaced = []
    for item in objects:
        path = object_path(item.resource, item.namespace, item.name)
        body = dict(item.obj)
        try:
            if command.force:
                response = ctx.rest.send("DELETE", path, delete_options(None),
                                         timeout=ctx.timeout())
                ctx.output.out(deleted_line(item.resource, item.name, item.namespace, ctx.minor))
                uid = str((response.get("metadata") or response.get("details") or {})
                          .get("uid") or "")
                wait_gone(ctx, item.resource, item.namespace, item.name, uid)
                ctx.before_create(item.resource, item.namespace, body)
                created = ctx.rest.send("POST", collection_path(item.resource, item.namespace),
                                        body, query={"fieldManager": "kubectl-replace"},
                                        timeout=ctx.timeout())
                ctx.created.append(Created(item.resource, item.namespace, item.name,
                                           str((created.get("metadata") or {}).get("uid"))))
            else:
                metadata = dict(body.get("metadata") or {})
                if not metadata.get("resourceVersion"):
                    current = ctx.get(path)
                    metadata["resourceVersion"] = current["metadata"]["resourceVersion"]
                    body["metadata"] = metadata
                ctx.rest.send("PUT", path, body, query={"fieldManager": "kubectl-replace"},
                              timeout=ctx.timeout())
        except ApiError as exc:
            errors.append(with_source("replacing", item.source, exc))
            continue
        ctx.output.out(f"{item.shown} replaced\n")
        replaced.append(item)
    for item in replaced:
        wait_workload(ctx, item.resource, item.namespace, item.name)
    ctx.output.fail(errors)


VERB = Verb("replace", "kubectl replace -f FILE [--force]", FLAGS, parse)
