"""``kubectl create namespace NAME`` (kubectl passes the server's errors through)."""

from __future__ import annotations

from dataclasses import dataclass

from ...execute.context import Context, known_type
from ...execute.printers import GoStruct
from ...parse.flags import ParsedArgs
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

NAMESPACES = known_type("namespaces")


@dataclass(frozen=True)
class CreateNamespace:
    name: str
    output: Output = CREATED


FLAGS = flags()


def parse(args: ParsedArgs) -> CreateNamespace:
    return CreateNamespace(one_name(args, "namespace"), parse_output(args))


def run(ctx: Context, command: CreateNamespace) -> None:
    obj = GoStruct(kind="Namespace", apiVersion="v1", metadata=metadata(command.name, None),
                   spec={}, status={})
    create(ctx, NAMESPACES, obj, command.output, None, None)


VERB = Verb("create namespace", "kubectl create namespace NAME", FLAGS, parse)
