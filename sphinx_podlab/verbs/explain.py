"""``kubectl explain TYPE[.FIELD...] [--recursive] [--api-version=GROUP/VERSION]``
(kubectl's pkg/cmd/explain with the OpenAPI v3 renderer, pkg/explain/v2).

The type is the part before the first dot, or a group-qualified plural
(``deployments.apps.spec``); the rest is the field path. The server's OpenAPI v3 document
of the type's group version is rendered as kubectl's plaintext template renders it
(``printers/explain.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, NoResourceMatch
from ..model.messages import msg
from ..model.objects import ResourceType
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from ..parse.resources import find_resource_type
from ..printers.explain import Request, explain
from .base import Verb


@dataclass(frozen=True)
class Explain:
    target: str  # TYPE[.FIELD...] as given
    recursive: bool = False
    api_version: str | None = None


FLAGS = FlagSpec(booleans={"--recursive": "recursive"},
                 values={"--api-version": "api-version", "-o": "output", "--output": "output"})


def parse(args: ParsedArgs) -> Explain:
    output = args.single("output")
    if output not in (None, "plaintext"):
        raise unsupported(msg("'kubectl explain -o %(output)s' is not supported (only "
                              "plaintext)", output=output))
    if len(args.positionals) != 1:
        raise unsupported(msg("'kubectl explain' takes one TYPE[.FIELD...]"))
    values = args.flags.get("recursive") or []
    return Explain(args.positionals[0], bool(values) and values[-1] != "false",
                   args.single("api-version"))


def resolve_target(command: Explain) -> tuple[ResourceType, str, str, tuple[str, ...]]:
    """The type, its group and version, and the field path, as kubectl splits them."""
    words = command.target.split(".")
    resource = find_resource_type(words[0])
    if resource is None:
        raise NoResourceMatch(words[0].lower())
    fields = tuple(words[1:])
    qualified = resource.qualified_plural
    if command.api_version is None and resource.group and (
            command.target == qualified or command.target.startswith(qualified + ".")):
        fields = tuple(command.target[len(qualified):].split(".")[1:])
    group, version = resource.group, resource.version
    if command.api_version is not None:
        group, _, version = command.api_version.rpartition("/")
    return resource, group, version, fields


def run(ctx: Context, command: Explain) -> None:
    resource, group, version, fields = resolve_target(command)
    key = f"apis/{group}/{version}" if group else f"api/{version}"
    if key not in ctx.openapi_paths():
        shown = f"{group}/{version}"  # GroupVersionResource.String(): "/v2" for core
        raise CliError(f'couldn\'t find resource for "{shown}, Resource={resource.plural}"')
    request = Request(group, version, resource.plural, fields, command.recursive)
    result = explain(ctx.openapi_document(key), request)
    ctx.output.out(result.text)
    if result.error is not None:
        raise result.error


VERB = Verb("explain", "kubectl explain TYPE[.FIELD...] [--recursive] [--api-version=G/V]",
            FLAGS, parse)
