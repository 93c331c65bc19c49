"""``kubectl run NAME --image=IMAGE [--restart=R] [--env=K=V]... [--port=P] [--labels=K=V,...]
[--command] [--expose] [--image-pull-policy=P] [--dry-run=client -o yaml|json|name]
[-- ARGS...]``: kubectl's pod (label ``run: NAME`` unless ``--labels``; the arguments as
``args``, or as ``command`` with ``--command``), printed as ``pod/NAME created``; with
``--expose`` the ClusterIP Service first (``service/NAME created``).

``-it [--rm]`` attaches to the pod's terminal and types the lines that follow the command
in the page (``run_attach.py``); ``--rm`` deletes the pod after the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..execute.context import Context, known_type
from ..execute.failures import CliError
from ..execute.printers import GoStruct
from ..execute.readiness import wait_workload
from ..model.kinds import Obj
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb
from .create.common import CREATED, OUTPUT_FLAGS, Output, parse_output, post_object, print_object

PODS = known_type("pods")
SERVICES = known_type("services")
RESTART_POLICIES = ("Always", "OnFailure", "Never")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")


@dataclass(frozen=True)
class Run:
    name: str
    image: str
    arguments: tuple[str, ...] = ()
    command: bool = False
    restart: str = "Always"
    env: tuple[str, ...] = ()
    port: str | None = None
    labels: str | None = None
    expose: bool = False
    pull_policy: str | None = None
    output: Output = CREATED
    namespace: str | None = None
    stdin: bool = False  # -i: attach to the container's stdin (run_attach.py)
    tty: bool = False
    rm: bool = False
    typed: tuple[str, ...] = ()  # lines typed inside the session


FLAGS = FlagSpec(
    booleans={"--command": "command", "--expose": "expose", "-i": "stdin", "--stdin": "stdin",
              "-t": "tty", "--tty": "tty", "--rm": "rm", "--attach": "attach"},
    values={**OUTPUT_FLAGS, "--image": "image", "--restart": "restart", "--env": "env",
            "--port": "port", "--labels": "labels", "-l": "labels",
            "--image-pull-policy": "image-pull-policy"},
)


def parse(args: ParsedArgs) -> Run:
    if args.has("attach") and not args.has("stdin"):
        raise unsupported(msg("'kubectl run --attach' without -i is not supported (write -it)"))
    if args.has("tty") and not args.has("stdin"):
        raise unsupported("-i/--stdin is required for containers with -t/--tty=true")
    if args.has("rm") and not args.has("stdin"):
        raise unsupported("--rm should only be used for attached containers")
    if len(args.positionals) != 1:
        raise unsupported(msg("'kubectl run' needs exactly one NAME (arguments for the "
                              "container go after --)"))
    restart = args.single("restart") or ("OnFailure" if args.has("stdin") else "Always")
    if restart not in RESTART_POLICIES:
        raise unsupported(f"invalid restart policy: {restart}")
    pull_policy = args.single("image-pull-policy")
    if pull_policy is not None and pull_policy not in PULL_POLICIES:
        raise unsupported(f"invalid image pull policy: {pull_policy}")
    if args.has("expose") and not args.single("port"):
        raise unsupported("--port must be set when exposing a service")
    output = parse_output(args)
    if args.has("expose") and output.format:
        raise unsupported(msg("'kubectl run --expose' with -o is not supported"))
    return Run(args.positionals[0], args.single("image") or "", tuple(args.after_dashes or ()),
               args.has("command"), restart, tuple(args.flags.get("env", [])),
               args.single("port"), args.single("labels"), args.has("expose"), pull_policy,
               output, args.namespace, args.has("stdin"), args.has("tty"), args.has("rm"))


def _labels(command: Run) -> dict[str, str]:
    if not command.labels:
        return {"run": command.name}
    labels: dict[str, str] = {}
    for part in command.labels.split(","):
        key, equals, value = part.partition("=")
        if not equals or "=" in value:
            raise CliError(f"invalid label spec: {part}")
        labels[key] = value
    return labels


def build_pod(command: Run) -> GoStruct:
    container = GoStruct(name=command.name, image=command.image)
    if command.arguments:
        container["command" if command.command else "args"] = list(command.arguments)
    if command.port:
        if not command.port.isdigit():
            raise CliError(f'strconv.Atoi: parsing "{command.port}": invalid syntax')
        container["ports"] = [GoStruct(containerPort=int(command.port))]
    if command.env:
        env = []
        for item in command.env:
            name, equals, value = item.partition("=")
            if not equals or not ENV_NAME.match(name):
                raise CliError(f"invalid env: {item}")
            env.append(GoStruct(name=name, value=value))
        container["env"] = env
    container["resources"] = {}
    if command.stdin:
        container.update(stdin=True, stdinOnce=True)
        if command.tty:
            container["tty"] = True
    if command.pull_policy:
        container["imagePullPolicy"] = command.pull_policy
    metadata = GoStruct(name=command.name)
    if command.namespace:
        metadata["namespace"] = command.namespace
    metadata["labels"] = _labels(command)
    spec = GoStruct(containers=[container], restartPolicy=command.restart,
                    dnsPolicy="ClusterFirst")
    return GoStruct(kind="Pod", apiVersion="v1", metadata=metadata, spec=spec, status={})


def _service(command: Run, labels: dict[str, str]) -> GoStruct:
    port = int(str(command.port))
    metadata = GoStruct(name=command.name)
    if command.namespace:
        metadata["namespace"] = command.namespace
    spec = GoStruct(ports=[GoStruct(protocol="TCP", port=port, targetPort=port)],
                    selector=labels)
    return GoStruct(kind="Service", apiVersion="v1", metadata=metadata, spec=spec,
                    status={"loadBalancer": {}})


def run(ctx: Context, command: Run) -> None:
    if not command.image:
        raise CliError('required flag(s) "image" not set')
    pod = build_pod(command)
    name = command.name
    namespace = ctx.namespace(command.namespace)
    suffix = " (dry run)" if command.output.dry_run else ""
    if ctx.minor >= 37:
        _run_pod_first(ctx, command, pod, namespace, suffix)
        return
    if command.expose:
        service = _service(command, dict(pod["metadata"]["labels"]))
        if not command.output.dry_run:
            post_object(ctx, SERVICES, namespace, service, "kubectl-run")
        ctx.output.out(f"service/{name} created{suffix}\n")
    if command.output.dry_run:
        print_object(ctx, pod, command.output.format, f"pod/{name} created (dry run)")
        return
    if command.stdin:
        from .run_attach import run_attached  # imports this module

        run_attached(ctx, command, pod, namespace)
        return
    created = post_object(ctx, PODS, namespace, pod, "kubectl-run")
    print_object(ctx, created, command.output.format, f"pod/{name} created")
    wait_workload(ctx, PODS, namespace, name)


def _run_pod_first(ctx: Context, command: Run, pod: GoStruct, namespace: str,
                   suffix: str) -> None:
    """kubectl 1.37: the pod created and printed, then the Service (a YAML printer puts
    ``---`` between the two; not conformance-tested with ``-o yaml``); nothing printed
    around an attached session."""
    name, dry_run = command.name, command.output.dry_run
    service = _service(command, dict(pod["metadata"]["labels"])) if command.expose else None
    if command.stdin and not dry_run:
        from .run_attach import run_attached  # imports this module

        if service is not None:
            post_object(ctx, SERVICES, namespace, service, "kubectl-run")
        run_attached(ctx, command, pod, namespace)
        return
    created: Obj = pod if dry_run else post_object(ctx, PODS, namespace, pod, "kubectl-run")
    print_object(ctx, created, command.output.format, f"pod/{name} created{suffix}")
    if service is not None:
        exposed: Obj = service if dry_run else post_object(ctx, SERVICES, namespace, service,
                                                            "kubectl-run")
        if command.output.format == "yaml":
            ctx.output.out("---\n")
        print_object(ctx, exposed, command.output.format, f"service/{name} created{suffix}")
    if not dry_run:
        wait_workload(ctx, PODS, namespace, name)


VERB = Verb("run", "kubectl run NAME --image=IMAGE [--restart=R] [--env=K=V] [--port=P] "
            "[--labels=K=V] [--command] [--expose] [-it [--rm]] [-- ARGS...]", FLAGS, parse)
