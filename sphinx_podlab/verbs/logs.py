"""``kubectl logs POD|TYPE/NAME [-c C] [--tail N]``, once the pod's containers have started."""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.pods import default_container
from ..execute.readiness import PODS
from ..execute.rest import ApiError, object_path
from ..execute.targets import resolve_pod
from ..model.objects import ObjectRef
from ..parse.args import pod_or_object
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb


@dataclass(frozen=True)
class Logs:
    target: ObjectRef
    container: str | None = None
    tail: int | None = None
    namespace: str | None = None


FLAGS = FlagSpec(values={"-c": "container", "--container": "container", "--tail": "tail"})


def parse(args: ParsedArgs) -> Logs:
    if len(args.positionals) != 1:
        raise unsupported("'kubectl logs' needs exactly one POD or TYPE/NAME")
    tail = args.single("tail")
    try:
        tail_lines = int(tail) if tail is not None else None
    except ValueError:
        raise unsupported(f"--tail needs a number, not {tail!r}") from None
    if tail_lines is not None and tail_lines < 0:
        tail_lines = None  # kubectl: -1 means all lines
    return Logs(pod_or_object(args.positionals[0]), args.single("container"), tail_lines,
                args.namespace)


def run(ctx: Context, command: Logs) -> None:
    namespace = ctx.namespace(command.namespace)
    try:
        try:
            pod, notice = resolve_pod(ctx, command.target, namespace, "logs")
        except ApiError as exc:
            if not exc.not_found:
                raise
            # kubectl logs words a missing object its own way
            raise CliError(f'error from server (NotFound): {exc.message} in namespace'
                           f' "{namespace}"') from exc
        ctx.output.err(notice)
        name = pod["metadata"]["name"]
        container = command.container
        if not container:
            container, defaulted = default_container(pod)
            ctx.output.err(defaulted)
        spec = pod.get("spec") or {}
        every = (spec.get("containers") or []) + (spec.get("initContainers") or []) + (
            spec.get("ephemeralContainers") or []
        )
        if not any(c.get("name") == container for c in every):
            # polymorphichelpers.logsForObject's own wording (no list of containers)
            raise CliError(f"container {container} is not valid for pod {name}")
        query: dict[str, str | int] = {"container": container}
        if command.tail is not None:
            query["tailLines"] = command.tail
        response = ctx.rest.request("GET", object_path(PODS, namespace, name) + "/log",
                                    query=query, accept="*/*", timeout=ctx.timeout(60))
    except (ApiError, CliError) as exc:
        ctx.output.fail([exc])
        return
    ctx.output.out(response.data.decode("utf-8", "replace"))


VERB = Verb("logs", "kubectl logs POD|TYPE/NAME [-c CONTAINER] [--tail N]", FLAGS, parse)
