"""``kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET]...``
(``--clusterip=None`` for a headless Service, ``--node-port`` for nodeport): labels and
selector ``app: NAME``, one port ``PORT-TARGET`` per ``--tcp``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...execute.context import Context, known_type
from ...execute.failures import CliError
from ...execute.printers import GoStruct
from ...parse.flags import ParsedArgs, unsupported
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

SERVICES = known_type("services")
TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer"}


@dataclass(frozen=True)
class CreateService:
    type: str  # ClusterIP, NodePort, LoadBalancer
    name: str
    tcp: tuple[str, ...]
    cluster_ip: str | None = None
    node_port: int | None = None
    output: Output = CREATED
    namespace: str | None = None


def _parser(service_type: str) -> Callable[[ParsedArgs], CreateService]:
    def parse(args: ParsedArgs) -> CreateService:
        tcp = tuple(part for value in args.flags.get("tcp", []) for part in value.split(","))
        node_port = args.single("node-port")
        try:
            port = int(node_port) if node_port is not None else None
        except ValueError:
            raise unsupported(f'invalid argument "{node_port}" for "--node-port" flag') from None
        return CreateService(service_type, one_name(args, "service"), tcp,
                             args.single("clusterip"), port, parse_output(args),
                             args.namespace)
    return parse


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise CliError(f'invalid port "{text}"' if not text.isdigit()
                       else "must be between 1 and 65535, inclusive")
    return int(text)


def build(command: CreateService) -> GoStruct:
    if command.cluster_ip == "None" and command.type != "ClusterIP":
        raise CliError("ClusterIP=None can only be used with ClusterIP service type")
    if command.cluster_ip != "None" and not command.tcp:
        raise CliError("at least one tcp port specifier must be provided")
    ports = []
    for spec in command.tcp:
        port_text, _, target_text = spec.partition(":")
        port = _port(port_text)
        target: int | str = port
        if target_text:
            target = int(target_text) if target_text.isdigit() else target_text
        entry = GoStruct(name=spec.replace(":", "-"), protocol="TCP", port=port,
                         targetPort=target)
        if command.node_port:
            entry["nodePort"] = command.node_port
        ports.append(entry)
    spec_ = GoStruct(ports=ports) if ports else GoStruct()  # omitempty
    spec_["selector"] = {"app": command.name}
    if command.cluster_ip:
        spec_["clusterIP"] = command.cluster_ip
    spec_["type"] = command.type
    return GoStruct(kind="Service", apiVersion="v1",
                    metadata=metadata(command.name, command.namespace, {"app": command.name}),
                    spec=spec_, status={"loadBalancer": {}})


def run(ctx: Context, command: CreateService) -> None:
    create(ctx, SERVICES, build(command), command.output,
           f"failed to create {command.type} service: ", command.namespace)


def _verb(word: str, service_type: str) -> Verb[CreateService]:
    values = {"--tcp": "tcp", "--clusterip": "clusterip"}
    if service_type == "NodePort":
        values["--node-port"] = "node-port"
    return Verb(f"create service {word}",
                f"kubectl create service {word} NAME --tcp=PORT[:TARGET]...",
                flags(values=values), _parser(service_type))


VERBS = tuple(_verb(word, service_type) for word, service_type in TYPES.items())
