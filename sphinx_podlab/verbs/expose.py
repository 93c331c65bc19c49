"""``kubectl expose TYPE NAME | TYPE/NAME [--port=P] [--target-port=T] [--type=T] [--name=N]
[--protocol=P] [--selector=S] [--cluster-ip=IP] [-l LABELS]``: a Service for a pod,
deployment, replicaset, replicationcontroller or service (kubectl refuses other kinds, also
StatefulSets), printed as ``service/NAME exposed``.

Selector, ports, protocols and labels come from the exposed object unless given (kubectl's
polymorphichelpers); several ports are named ``port-1``, ``port-2``...
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context, known_type
from ..execute.failures import CliError
from ..execute.printers import GoStruct
from ..execute.rest import object_path
from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import object_refs
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb
from .create.common import CREATED, Output, parse_output, post_object, print_object

SERVICES = known_type("services")
EXPOSABLE = {("", "Pod"), ("", "Service"), ("", "ReplicationController"),
             ("apps", "Deployment"), ("apps", "ReplicaSet")}


@dataclass(frozen=True)
class Expose:
    target: ObjectRef
    port: str | None = None
    target_port: str | None = None
    type: str | None = None
    name: str | None = None
    protocol: str | None = None
    selector: str | None = None
    cluster_ip: str | None = None
    labels: str | None = None
    output: Output = CREATED
    namespace: str | None = None


FLAGS = FlagSpec(values={
    "--port": "port", "--target-port": "target-port", "--type": "type", "--name": "name",
    "--protocol": "protocol", "--selector": "selector", "--cluster-ip": "cluster-ip",
    "-l": "labels", "--labels": "labels", "--dry-run": "dry-run", "-o": "output",
    "--output": "output",
})


def parse(args: ParsedArgs) -> Expose:
    refs = object_refs(args.positionals, "expose")
    if len(refs) != 1:
        raise unsupported(msg("'kubectl expose' exposes one object at a time"))
    return Expose(refs[0], args.single("port"), args.single("target-port"), args.single("type"),
                  args.single("name"), args.single("protocol"), args.single("selector"),
                  args.single("cluster-ip"), args.single("labels"), parse_output(args),
                  args.namespace)


def _pairs(text: str) -> dict[str, str]:
    """expose's parseLabels: ``k=v,k2=v2``."""
    result: dict[str, str] = {}
    for part in text.split(","):
        key, *rest = part.split("=")
        if len(rest) != 1:
            raise CliError(f"unexpected label spec: {part}")
        if not key:
            raise CliError("unexpected empty label key")
        result[key] = rest[0]
    return result


def _selector_of(obj: Obj) -> dict[str, str]:
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        labels = (obj.get("metadata") or {}).get("labels") or {}
        if not labels:
            raise CliError("couldn't retrieve selectors via --selector flag or introspection: "
                           "the pod has no labels and cannot be exposed")
        return dict(labels)
    if kind in ("Service", "ReplicationController"):
        selector = spec.get("selector") or {}
        if not selector:
            raise CliError("couldn't retrieve selectors via --selector flag or introspection: "
                           "the service has no pod selector set")
        return dict(selector)
    selector = spec.get("selector") or {}
    if selector.get("matchExpressions"):
        raise CliError("couldn't retrieve selectors via --selector flag or introspection: "
                       "couldn't convert expressions to map-based selector format")
    return dict(selector.get("matchLabels") or {})


def _ports_of(obj: Obj) -> list[tuple[str, str]]:
    """(port, protocol) of the object, duplicates removed, in order."""
    spec = obj.get("spec") or {}
    found: list[tuple[str, str]] = []
    if obj.get("kind") == "Service":
        for port in spec.get("ports") or []:
            found.append((str(port.get("port")), str(port.get("protocol") or "TCP")))
        return found
    pod_spec = spec if obj.get("kind") == "Pod" else ((spec.get("template") or {}).get("spec")
                                                      or {})
    seen: set[str] = set()
    for container in pod_spec.get("containers") or []:
        for port in container.get("ports") or []:
            number = str(port.get("containerPort"))
            if number not in seen:
                seen.add(number)
                found.append((number, str(port.get("protocol") or "TCP")))
    return found


def build(command: Expose, obj: Obj) -> GoStruct:
    source_name = str(obj["metadata"]["name"])[:63]
    selector = _pairs(command.selector) if command.selector else _selector_of(obj)
    headless = command.cluster_ip == "None"
    derived = _ports_of(obj)
    if command.port is not None:
        numbers = [command.port]
    else:
        numbers = [number for number, _ in derived]
        if not numbers and not headless:
            raise CliError("couldn't find port via --port flag or introspection")
    protocols = dict(derived)
    ports = []
    for index, number in enumerate(numbers, start=1):
        if not number.isdigit():
            raise CliError(f'strconv.Atoi: parsing "{number}": invalid syntax')
        protocol = command.protocol or protocols.get(number, "TCP")
        entry = GoStruct(name=f"port-{index}") if len(numbers) > 1 else GoStruct()
        entry["protocol"] = protocol
        entry["port"] = int(number)
        target = command.target_port or number
        entry["targetPort"] = int(target) if target.isdigit() else target
        ports.append(entry)
    labels = (_pairs(command.labels) if command.labels
              else dict((obj.get("metadata") or {}).get("labels") or {}))
    metadata = GoStruct(name=command.name or source_name)
    if command.namespace:
        metadata["namespace"] = command.namespace
    if labels:
        metadata["labels"] = labels
    spec = GoStruct(ports=ports) if ports else GoStruct()
    spec["selector"] = selector
    if command.cluster_ip:
        spec["clusterIP"] = command.cluster_ip
    if command.type:
        spec["type"] = command.type
    return GoStruct(kind="Service", apiVersion="v1", metadata=metadata, spec=spec,
                    status={"loadBalancer": {}})


def run(ctx: Context, command: Expose) -> None:
    namespace = ctx.namespace(command.namespace)
    resource = command.target.resource
    obj = ctx.get(object_path(resource, namespace if resource.namespaced else None,
                              command.target.name))
    if (resource.group, resource.kind) not in EXPOSABLE:
        raise CliError(f"cannot expose a {resource.kind}"
                       + (f".{resource.group}" if resource.group else ""))
    service = build(command, obj)
    name = str(service["metadata"]["name"])
    if command.output.dry_run:
        print_object(ctx, service, command.output.format, f"service/{name} exposed (dry run)")
        return
    created = post_object(ctx, SERVICES, namespace, service, "kubectl-expose")
    print_object(ctx, created, command.output.format, f"service/{name} exposed")


VERB = Verb("expose", "kubectl expose TYPE/NAME [--port=P] [--target-port=T] [--type=T] "
            "[--name=N]", FLAGS, parse)
