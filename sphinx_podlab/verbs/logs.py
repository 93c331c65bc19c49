"""``kubectl logs POD|TYPE/NAME [CONTAINER] | -l SEL [-c C] [--all-containers] [--tail N]
[--since D] [--since-time T] [-p] [--timestamps] [--prefix] [--limit-bytes N]``, once the
pods' containers have started.

With ``-l`` kubectl shows 10 lines per container unless ``--tail`` says otherwise. With
several pods or ``--all-containers`` kubectl's order is a Go map's (random from run to run);
podlab takes the pods by name and the containers as the pod lists them (init, then the
others), which is one of the orders kubectl prints.

``-f`` follows one container's log (``follow=true``) until it ends or the reader's Ctrl-C
(``ctx.until``: once no line came for the quiet period, or at the step's timeout).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.pods import default_container, not_a_container
from ..execute.readiness import PODS
from ..execute.rest import ApiError, Rest, collection_path, object_path
from ..execute.targets import resolve_pod
from ..execute.watch import ByteStream, follow
from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import parse_duration, pod_or_object
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

SELECTOR_TAIL = 10


@dataclass(frozen=True)
class Logs:
    target: ObjectRef | None  # None with -l
    container: str | None = None
    tail: int | None = None
    namespace: str | None = None
    selector: str | None = None
    all_containers: bool = False
    previous: bool = False
    since_seconds: int | None = None
    since_time: str | None = None
    timestamps: bool = False
    prefix: bool = False
    limit_bytes: int | None = None
    follow: bool = False


FLAGS = FlagSpec(
    booleans={"--all-containers": "all-containers", "-p": "previous", "--previous": "previous",
              "--timestamps": "timestamps", "--prefix": "prefix", "-f": "follow",
              "--follow": "follow"},
    values={"-c": "container", "--container": "container", "--tail": "tail",
            "-l": "selector", "--selector": "selector", "--since": "since",
            "--since-time": "since-time", "--limit-bytes": "limit-bytes"},
)
USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'."


def _number(args: ParsedArgs, name: str) -> int | None:
    text = args.single(name)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise unsupported(msg("--%(flag)s needs a number, not %(value)r", flag=name,
                              value=text)) from None


def parse(args: ParsedArgs) -> Logs:
    selector = args.single("selector")
    positionals = list(args.positionals)
    if len(positionals) > 2 or (not positionals and not selector):
        raise unsupported(USAGE)
    if positionals and selector:
        raise unsupported("only a selector (-l) or a POD name is allowed")
    container = args.single("container")
    if len(positionals) == 2:
        if container:
            raise unsupported("only one of -c or an inline [CONTAINER] arg is allowed")
        container = positionals.pop()
    if args.has("all-containers") and container:
        raise unsupported("--all-containers=true should not be specified with container name "
                          f"{container}")
    tail = _number(args, "tail")
    if tail is not None and tail < -1:
        raise unsupported("--tail must be greater than or equal to -1")
    if tail is None and selector:
        tail = SELECTOR_TAIL
    elif tail == -1:
        tail = None  # all lines
    since = args.single("since")
    if since is not None and args.single("since-time") is not None:
        raise unsupported("at most one of `sinceTime` or `sinceSeconds` may be specified")
    since_seconds = None
    if since is not None:
        since_seconds = int(parse_duration(since) + 0.999)  # kubectl rounds up to seconds
        if since_seconds <= 0:
            raise unsupported("--since must be greater than 0")
    limit = _number(args, "limit-bytes")
    if limit is not None and limit <= 0:
        raise unsupported("--limit-bytes must be greater than 0")
    if args.has("follow") and (selector or args.has("all-containers")):
        raise unsupported(msg("'kubectl logs -f' follows one container here: name the pod "
                              "(and -c)"))
    return Logs(pod_or_object(positionals[0]) if positionals else None, container, tail,
                args.namespace, selector, args.has("all-containers"), args.has("previous"),
                since_seconds, args.single("since-time"), args.has("timestamps"),
                args.has("prefix"), limit, args.has("follow"))


def _pods(ctx: Context, command: Logs, namespace: str) -> list[Obj]:
    if command.target is None:
        query: dict[str, str | int] = {"labelSelector": command.selector or ""}
        pods = list(ctx.get(collection_path(PODS, namespace), query).get("items") or [])
        if not pods:
            ctx.output.err(f"No resources found in {namespace} namespace.\n")
        return pods
    try:
        pod, notice = resolve_pod(ctx, command.target, namespace, "logs")
    except ApiError as exc:
        if not exc.not_found:
            raise
        # kubectl logs words a missing object its own way
        raise CliError(f'error from server (NotFound): {exc.message} in namespace'
                       f' "{namespace}"') from exc
    ctx.output.err(notice)
    return [pod]


def _containers(ctx: Context, command: Logs, pod: Obj) -> list[str]:
    spec = pod.get("spec") or {}
    every = [str(c.get("name")) for field in ("initContainers", "containers",
                                              "ephemeralContainers")
             for c in spec.get(field) or []]
    if command.all_containers:
        return every
    container = command.container
    if not container:
        container, defaulted = default_container(pod)
        ctx.output.err(defaulted)
    if container not in every:
        # polymorphichelpers.logsForObject's own wording (1.34: no list of containers)
        if ctx.minor >= 37:
            raise CliError(not_a_container(pod, container))
        raise CliError(f"container {container} is not valid for pod {pod['metadata']['name']}")
    return [container]


def _query(command: Logs, container: str) -> dict[str, str | int]:
    query: dict[str, str | int] = {"container": container}
    if command.tail is not None:
        query["tailLines"] = command.tail
    if command.previous:
        query["previous"] = "true"
    if command.since_seconds is not None:
        query["sinceSeconds"] = command.since_seconds
    if command.since_time is not None:
        query["sinceTime"] = command.since_time
    if command.timestamps:
        query["timestamps"] = "true"
    if command.limit_bytes is not None:
        query["limitBytes"] = command.limit_bytes
    return query


def run(ctx: Context, command: Logs) -> None:
    namespace = ctx.namespace(command.namespace)
    errors: list[KubectlFailure] = []
    try:
        requests = [(pod, container) for pod in _pods(ctx, command, namespace)
                    for container in _containers(ctx, command, pod)]
        for pod, container in requests:
            name = pod["metadata"]["name"]
            if command.follow:
                _follow(ctx, object_path(PODS, namespace, name) + "/log",
                        {**_query(command, container), "follow": "true"})
                continue
            response = ctx.rest.request("GET", object_path(PODS, namespace, name) + "/log",
                                        query=_query(command, container), accept="*/*",
                                        timeout=ctx.timeout(60))
            text = response.data.decode("utf-8", "replace")
            if command.prefix:
                text = "".join(f"[pod/{name}/{container}] {line}"
                               for line in text.splitlines(keepends=True))
            ctx.output.out(text)
    except (ApiError, CliError) as exc:
        errors.append(exc)  # kubectl stops at the first failed request
    ctx.output.fail(errors)


def _follow(ctx: Context, path: str, query: dict[str, str | int]) -> None:
    """The log as it grows, until the reader would press Ctrl-C (or the container ends)."""
    received = bytearray()
    rest = Rest(ctx.new_api_client(), ctx.rest.request_timeout, ctx.rest.on_warning)
    try:
        with ByteStream(rest, path, query, "*/*", ctx.deadline.remaining() + 5) as stream:
            ctx.until.started()
            follow(ctx.until, ctx.deadline, stream, stream.next_chunk, received.extend)
    finally:
        rest.api_client.close()  # type: ignore[no-untyped-call]
        # decoded once: a character may straddle two chunks
        ctx.output.out(received.decode("utf-8", "replace"))


VERB = Verb("logs", "kubectl logs POD|TYPE/NAME [CONTAINER] | -l SEL [-c CONTAINER] "
            "[--all-containers] [--tail N] [--since D] [-p] [--timestamps] [--prefix] [-f]",
            FLAGS, parse)
