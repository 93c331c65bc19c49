"""``kubectl create deployment NAME --image=IMAGE... [--replicas=N] [--port=N] [-- COMMAND]``.

The object is kubectl's: labels and selector ``app: NAME``, one container per image named
after the image's last path part without tag or digest (with ``.`` or ``_`` in it kubectl
makes the name unique with a random suffix), ``containerPort`` on the first container.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ...execute.context import Context, known_type
from ...execute.printers import GoStruct
from ...model.messages import msg
from ...parse.flags import ParsedArgs, unsupported
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

DEPLOYMENTS = known_type("deployments")
RANDOM_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand


@dataclass(frozen=True)
class CreateDeployment:
    name: str
    images: tuple[str, ...]
    replicas: int = 1
    port: int | None = None
    command: tuple[str, ...] = ()
    output: Output = CREATED
    namespace: str | None = None


FLAGS = flags(values={"--image": "image", "--replicas": "replicas", "-r": "replicas",
                      "--port": "port"})


def _number(args: ParsedArgs, name: str) -> int | None:
    text = args.single(name)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise unsupported(f'invalid argument "{text}" for "--{name}" flag') from None


def parse(args: ParsedArgs) -> CreateDeployment:
    name = one_name(args, "deployment")
    images = tuple(image for value in args.flags.get("image", []) for image in value.split(","))
    if not images:
        raise unsupported(msg("'kubectl create deployment' needs --image (kubectl: required "
                              'flag(s) "image" not set)'))
    command = tuple(args.after_dashes or ())
    if len(images) > 1 and command:
        raise unsupported("cannot specify multiple --image options and command")
    replicas = _number(args, "replicas")
    return CreateDeployment(name, images, 1 if replicas is None else replicas,
                            _number(args, "port"), command, parse_output(args), args.namespace)


def container_name(image: str) -> str:
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    if "_" in name or "." in name:
        suffix = "".join(random.choice(RANDOM_ALPHABET) for _ in range(5))
        name = f"{name.replace('_', '-').replace('.', '-')}-{suffix}"
    return name


def build(command: CreateDeployment) -> GoStruct:
    labels = {"app": command.name}
    containers = []
    for image in command.images:
        container = GoStruct(name=container_name(image), image=image)
        if command.command:
            container["command"] = list(command.command)
        containers.append(container)
    if command.port is not None and containers:
        containers[0]["ports"] = [GoStruct(containerPort=command.port)]
    for container in containers:
        container["resources"] = {}
    template = GoStruct(metadata=GoStruct(labels=dict(labels)),
                        spec=GoStruct(containers=containers))
    spec = GoStruct(replicas=command.replicas, selector=GoStruct(matchLabels=dict(labels)),
                    template=template, strategy={})
    return GoStruct(kind="Deployment", apiVersion="apps/v1",
                    metadata=metadata(command.name, command.namespace, labels), spec=spec,
                    status={})


def run(ctx: Context, command: CreateDeployment) -> None:
    create(ctx, DEPLOYMENTS, build(command), command.output, "failed to create deployment: ",
           command.namespace)


VERB = Verb("create deployment",
            "kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=N] "
            "[-- COMMAND...]", FLAGS, parse)
