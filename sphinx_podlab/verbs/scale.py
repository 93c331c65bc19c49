"""``kubectl scale --replicas=N [--current-replicas=M] TYPE NAME... | TYPE/NAME...``.

kubectl reads each object first (a missing one is reported after the others are scaled),
then sets ``spec.replicas`` through the scale subresource and prints ``KIND/NAME scaled``.
Like a careful author we then wait until the new count is ready.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.readiness import wait_workload
from ..execute.rest import MERGE_PATCH, ApiError, object_path
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import object_refs
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

SCALABLE = {"Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"}


@dataclass(frozen=True)
class Scale:
    targets: tuple[ObjectRef, ...]
    replicas: int | None  # None: kubectl's own "flag is required" error at run time
    current_replicas: int | None = None
    namespace: str | None = None


FLAGS = FlagSpec(values={"--replicas": "replicas", "--current-replicas": "current-replicas"})


def _count(args: ParsedArgs, name: str) -> int | None:
    text = args.single(name)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise unsupported(f'invalid argument "{text}" for "--{name}" flag') from None


def parse(args: ParsedArgs) -> Scale:
    targets = object_refs(args.positionals, "scale")
    for target in targets:
        if target.resource.kind not in SCALABLE:
            raise unsupported(msg("'kubectl scale' cannot scale %(plural)s",
                                  plural=target.resource.plural))
    return Scale(targets, _count(args, "replicas"), _count(args, "current-replicas"),
                 args.namespace)


def run(ctx: Context, command: Scale) -> None:
    if command.replicas is None:  # cobra's check of a required flag
        ctx.output.fail([CliError('required flag(s) "replicas" not set')])
        return
    if command.replicas < 0:
        ctx.output.fail([CliError("The --replicas=COUNT flag is required, and COUNT must be "
                                  "greater than or equal to 0")])
        return
    namespace = ctx.namespace(command.namespace)
    errors: list[KubectlFailure] = []
    found: list[ObjectRef] = []
    for target in command.targets:
        try:
            ctx.get(object_path(target.resource, namespace, target.name))
        except ApiError as exc:
            errors.append(exc)
            continue
        found.append(target)
    if not found and ctx.minor >= 37 and errors:  # the builder's errors as they are
        ctx.output.fail(errors)
        return
    if not found:
        # fmt.Errorf("no objects passed to scale %w", infoErr): the API errors' own messages
        messages = [str(error.message) if isinstance(error, ApiError) else str(error)
                    for error in errors]
        detail = messages[0] if len(messages) == 1 else f"[{', '.join(messages)}]"
        ctx.output.fail([CliError(f"no objects passed to scale {detail}" if messages
                                  else "no objects passed to scale")])
        return
    scaled: list[ObjectRef] = []
    for target in found:
        path = object_path(target.resource, namespace, target.name) + "/scale"
        try:
            if command.current_replicas is not None:
                current = ctx.get(path)
                replicas = int((current.get("spec") or {}).get("replicas") or 0)
                if replicas != command.current_replicas:
                    raise CliError(f"Expected replicas to be {command.current_replicas}, "
                                   f"was {replicas}")
            ctx.rest.send("PATCH", path, {"spec": {"replicas": command.replicas}},
                          content_type=MERGE_PATCH, timeout=ctx.timeout())
        except (ApiError, CliError) as exc:
            ctx.output.fail([exc])  # kubectl stops at the first failed scale, without the rest
            return
        ctx.output.out(f"{target.resource.qualified_kind}/{target.name} scaled\n")
        scaled.append(target)
    for target in scaled:
        wait_workload(ctx, target.resource, namespace, target.name)
    ctx.output.fail(errors)


VERB = Verb("scale", "kubectl scale --replicas=N [--current-replicas=N] TYPE/NAME | TYPE NAME...",
            FLAGS, parse)
