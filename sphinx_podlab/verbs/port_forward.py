"""``kubectl port-forward TYPE/NAME|POD [LOCAL:]REMOTE... [--address localhost|127.0.0.1]``
(``pkg/cmd/portforward``, client-go's ``tools/portforward``).

As kubectl: the pod is the one ``exec`` would use (a Service's, a Deployment's...); a
Service's port becomes its target port in the pod, a named port the container's number;
the pod must be Running. ``Forwarding from 127.0.0.1:L -> R`` (and ``[::1]:L`` for the
default address ``localhost``) is printed per port, ``Handling connection for L`` per
connection. It runs until the page stops it (``ctx.until``): podlab runs it as a job
beside the page's next steps. Loopback only, and never on the page's port itself: each
forward listens on an ephemeral port of 127.0.0.1 that the page's ``curl``/``wget`` lines
and browser steps reach through ``ctx.forwards`` (execute/forwards.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.readiness import PODS
from ..execute.rest import object_path
from ..execute.targets import resolve_pod
from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import pod_or_object
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

if TYPE_CHECKING:
    from ..browser.portforward import PortForwarder

LOOPBACK = ("localhost", "127.0.0.1")


@dataclass(frozen=True)
class PortSpec:
    local: str  # as written: "" for ":80" (kubectl picks a port)
    remote: str  # a number or a port's name


@dataclass(frozen=True)
class PortForward:
    target: ObjectRef
    ports: tuple[PortSpec, ...]
    address: str = "localhost"
    namespace: str | None = None


FLAGS = FlagSpec(values={"--address": "address", "--pod-running-timeout": "pod-running-timeout"})


def parse(args: ParsedArgs) -> PortForward:
    if len(args.positionals) < 2:
        raise unsupported(msg("'kubectl port-forward' needs TYPE/NAME and at least one "
                              "[LOCAL:]REMOTE port"))
    addresses = [a for value in args.flags.get("address", []) for a in value.split(",")]
    for address in addresses:
        if address not in LOOPBACK:
            raise unsupported(msg("port-forward --address %(address)s: podlab forwards on "
                                  "loopback only (localhost or 127.0.0.1)", address=address))
    ports = []
    for item in args.positionals[1:]:
        local, _, remote = item.rpartition(":")
        if not remote:
            raise unsupported(msg("port-forward: %(item)r has no remote port", item=item))
        if local and not (local.isdigit() and 0 < int(local) < 65536):
            raise unsupported(msg("port-forward: local port %(port)r is not a TCP port number",
                                  port=local))
        ports.append(PortSpec(local if ":" in item else remote, remote))
    address = "localhost" if not addresses or "localhost" in addresses else "127.0.0.1"
    return PortForward(pod_or_object(args.positionals[0]), tuple(ports), address,
                       args.namespace)


def _container_port(pod: Obj, name: str) -> int:
    for container in (pod.get("spec") or {}).get("containers") or []:
        for port in container.get("ports") or []:
            if port.get("name") == name:
                return int(port["containerPort"])
    raise CliError(f"Pod '{pod['metadata']['name']}' does not have a named port '{name}'")


def _service_target(service: Obj, pod: Obj, port: int) -> int:
    """``LookupContainerPortNumberByServicePort``: the service port's target in the pod."""
    spec = service.get("spec") or {}
    for entry in spec.get("ports") or []:
        if int(entry.get("port") or 0) != port:
            continue
        if spec.get("clusterIP") == "None":
            return port
        target = entry.get("targetPort")
        if isinstance(target, int) or (isinstance(target, str) and target.isdigit()):
            return int(target) or port
        if not target:
            return port
        return _container_port(pod, str(target))
    raise CliError(f"Service {service['metadata']['name']} does not have a service port {port}")


def _remote_ports(command: PortForward, service: Obj | None,
                  pod: Obj) -> list[tuple[str, int]]:
    """(local as the page writes it, container port) for each port, as kubectl maps them."""
    mapped = []
    for spec in command.ports:
        local, remote = spec.local, spec.remote
        if service is not None:
            number = int(remote) if remote.isdigit() else _service_port_by_name(service, remote)
            if local == remote and not remote.isdigit():
                local = str(number)
            container = _service_target(service, pod, number)
        else:
            container = int(remote) if remote.isdigit() else _container_port(pod, remote)
            if local == remote:
                local = str(container)
        mapped.append((local, container))
    return mapped


def _service_port_by_name(service: Obj, name: str) -> int:
    for entry in (service.get("spec") or {}).get("ports") or []:
        if entry.get("name") == name:
            return int(entry["port"])
    raise CliError(f"Service '{service['metadata']['name']}' does not have a named port "
                   f"'{name}'")


def run(ctx: Context, command: PortForward) -> None:
    from ..browser.portforward import PortForwarder, PortForwardError

    namespace = ctx.namespace(command.namespace)
    pod, _notice = resolve_pod(ctx, command.target, namespace, "exec")
    service = None
    if command.target.resource.kind == "Service":
        service = ctx.get(object_path(command.target.resource, namespace,
                                      command.target.name))
    mapped = _remote_ports(command, service, pod)
    pod = ctx.get(object_path(PODS, namespace, pod["metadata"]["name"]))
    phase = (pod.get("status") or {}).get("phase")
    if phase != "Running":
        raise CliError(f"unable to forward port because pod is not running. Current "
                       f"status={phase}")
    name = str(pod["metadata"]["name"])
    forwarders: list[tuple[int, PortForwarder]] = []
    try:
        for local_text, container in mapped:
            forwarder = PortForwarder(ctx.new_api_client, namespace, name, container,
                                      ctx.deadline.progress)
            try:
                forwarder.start()
            except PortForwardError as exc:
                raise PodlabExecutionError(str(exc)) from exc
            local = int(local_text) if local_text else forwarder.local_port
            forwarder.on_connection = _handling(ctx, local)
            forwarders.append((local, forwarder))
            ctx.forwards.add(local, forwarder.local_port)
            ctx.output.out(f"Forwarding from 127.0.0.1:{local} -> {container}\n")
            if command.address == "localhost":
                ctx.output.out(f"Forwarding from [::1]:{local} -> {container}\n")
        ctx.until.started()
        while not ctx.until.stopping and ctx.deadline.remaining() > 0:
            ctx.until.wait(min(0.5, ctx.deadline.remaining()))
    finally:
        for local, forwarder in reversed(forwarders):
            ctx.forwards.remove(local)
            forwarder.close()
            if forwarder.leftovers:
                raise PodlabExecutionError(f"port-forward {local}: still running after it "
                                           f"was stopped: {', '.join(forwarder.leftovers)}")


def _handling(ctx: Context, local: int) -> Callable[[], None]:
    return lambda: ctx.output.out(f"Handling connection for {local}\n")


VERB = Verb("port-forward",
            "kubectl port-forward TYPE/NAME|POD [LOCAL:]REMOTE... [--address localhost]",
            FLAGS, parse)
