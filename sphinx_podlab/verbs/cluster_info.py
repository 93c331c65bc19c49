"""``kubectl cluster-info`` (kubectl's pkg/cmd/clusterinfo): the API server's address and
the proxy URL of each service labelled ``kubernetes.io/cluster-service=true`` in
``kube-system`` (or ``-n NS``), then kubectl's pointer to ``cluster-info dump``."""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context, known_type
from ..execute.rest import ApiError, collection_path
from ..model.kinds import Obj
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

SERVICES = known_type("services")
CLUSTER_SERVICE = "kubernetes.io/cluster-service=true"
DUMP_HINT = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"


@dataclass(frozen=True)
class ClusterInfo:
    namespace: str | None = None  # kube-system unless -n says otherwise


def parse(args: ParsedArgs) -> ClusterInfo:
    if args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' is not supported (only 'kubectl "
                              "cluster-info')", verb=f"cluster-info {' '.join(args.positionals)}"))
    return ClusterInfo(args.namespace)


def run(ctx: Context, command: ClusterInfo) -> None:
    host = ctx.rest.host
    namespace = command.namespace or "kube-system"
    try:
        listing = ctx.get(collection_path(SERVICES, namespace),
                          {"labelSelector": CLUSTER_SERVICE})
    except ApiError:
        ctx.output.out(DUMP_HINT)
        raise
    ctx.output.out(f"Kubernetes control plane is running at {host}\n")
    for service in listing.get("items") or []:
        metadata = service.get("metadata") or {}
        name = (metadata.get("labels") or {}).get("kubernetes.io/name") or metadata.get("name")
        ctx.output.out(f"{name} is running at {_link(host, service)}\n")
    ctx.output.out(DUMP_HINT)


def _link(host: str, service: Obj) -> str:
    """A load balancer's ``http://IP:PORT`` per port, else the API server's service proxy."""
    spec = service.get("spec") or {}
    ingresses = ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    if ingresses:
        address = ingresses[0].get("ip") or ingresses[0].get("hostname") or ""
        return "".join(f"http://{address}:{port.get('port')} " for port in spec.get("ports") or [])
    metadata = service.get("metadata") or {}
    name = str(metadata.get("name") or "")
    ports = spec.get("ports") or []
    if ports:
        port_name = str(ports[0].get("name") or "")
        scheme = "https" if port_name == "https" or ports[0].get("port") == 443 else ""
        name = _join_scheme_name_port(scheme, name, port_name)
    return f"{host}/api/v1/namespaces/{metadata.get('namespace')}/services/{name}/proxy"


def _join_scheme_name_port(scheme: str, name: str, port: str) -> str:
    """apimachinery's JoinSchemeNamePort: ``https:name:port``, ``name:port`` or ``name``."""
    if scheme:
        return f"{scheme}:{name}:{port}"
    return f"{name}:{port}" if port else name


VERB = Verb("cluster-info", "kubectl cluster-info", FlagSpec(), parse)
