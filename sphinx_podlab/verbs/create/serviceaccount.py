"""``kubectl create serviceaccount NAME``."""

from __future__ import annotations

from dataclasses import dataclass

from ...execute.context import Context, known_type
from ...execute.printers import GoStruct
from ...parse.flags import ParsedArgs
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

SERVICE_ACCOUNTS = known_type("serviceaccounts")


@dataclass(frozen=True)
class CreateServiceAccount:
    name: str
    output: Output = CREATED
    namespace: str | None = None


FLAGS = flags()


def parse(args: ParsedArgs) -> CreateServiceAccount:
    return CreateServiceAccount(one_name(args, "service account"), parse_output(args),
                                args.namespace)


def run(ctx: Context, command: CreateServiceAccount) -> None:
    obj = GoStruct(kind="ServiceAccount", apiVersion="v1",
                   metadata=metadata(command.name, command.namespace))
    create(ctx, SERVICE_ACCOUNTS, obj, command.output, "failed to create serviceaccount: ",
           command.namespace)


VERB = Verb("create serviceaccount", "kubectl create serviceaccount NAME", FLAGS, parse)
