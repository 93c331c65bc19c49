"""``kubectl version [--client] [-o yaml|json]`` (kubectl's pkg/cmd/version).

podlab stands for the kubectl of the cluster's own release, built beside its server: the
client's build information is the server's ``/version`` (without the server-only emulation
fields), so client and server never skew. As kubectl, ``-o`` prints the ``Version`` struct
through ``json.MarshalIndent`` (two spaces) or sigs.k8s.io/yaml, then one more newline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.printers import GoStruct, go_json, kubectl_yaml
from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

# version.Info's fields in its Go order; the client's Info never has the omitempty ones.
INFO_FIELDS = (
    "major", "minor", "emulationMajor", "emulationMinor", "minCompatibilityMajor",
    "minCompatibilityMinor", "gitVersion", "gitCommit", "gitTreeState", "buildDate",
    "goVersion", "compiler", "platform",
)
SERVER_ONLY = frozenset(INFO_FIELDS[2:6])
# The Kustomize module each kubectl minor release is built with (its go.mod).
KUSTOMIZE_VERSIONS = {34: "v5.7.1", 37: "v5.8.1"}


@dataclass(frozen=True)
class Version:
    client_only: bool = False
    output: str | None = None  # None, "yaml" or "json"


FLAGS = FlagSpec(
    booleans={"--client": "client"},
    values={"-o": "output", "--output": "output"},
)


def parse(args: ParsedArgs) -> Version:
    output = args.single("output")
    if output not in (None, "yaml", "json"):
        raise unsupported(f"'kubectl version -o {output}': --output must be 'yaml' or 'json'")
    if args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' takes no arguments, not %(args)s",
                              verb="version", args=args.positionals))
    return Version(args.has("client"), output)


def run(ctx: Context, command: Version) -> None:
    server = _info(ctx.get("/version"))
    kustomize = KUSTOMIZE_VERSIONS.get(ctx.minor)
    if kustomize is None:
        raise PodlabExecutionError(f"podlab does not know which Kustomize kubectl 1.{ctx.minor} "
                                   "reports; add it to verbs/version.py")
    client = GoStruct((name, value) for name, value in server.items() if name not in SERVER_ONLY)
    version = GoStruct(clientVersion=client, kustomizeVersion=kustomize)
    if not command.client_only:
        version["serverVersion"] = server
    if command.output == "json":
        ctx.output.out(go_json(version, "  ") + "\n")
    elif command.output == "yaml":
        # sigs.k8s.io/yaml goes through JSON too (which sorts the keys)
        ctx.output.out(kubectl_yaml(json.loads(go_json(version))) + "\n")
    else:
        ctx.output.out(f"Client Version: {client['gitVersion']}\n"
                       f"Kustomize Version: {kustomize}\n")
        if not command.client_only:
            ctx.output.out(f"Server Version: {server['gitVersion']}\n")


def _info(data: Obj) -> GoStruct:
    """The server's version.Info in its Go field order, empty omitempty fields left out."""
    if not data.get("gitVersion"):
        raise CliError("the server did not return its version")
    return GoStruct((name, str(data.get(name) or "")) for name in INFO_FIELDS
                    if data.get(name) or name not in SERVER_ONLY)


VERB = Verb("version", "kubectl version [--client] [-o yaml|json]", FLAGS, parse)
