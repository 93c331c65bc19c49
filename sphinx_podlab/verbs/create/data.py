"""``kubectl create configmap NAME`` and ``kubectl create secret generic NAME`` from
``--from-literal=KEY=VALUE`` (``--from-file`` and ``--from-env-file`` read files on the
reader's machine: not supported yet, a clear error)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from ...execute.context import Context, known_type
from ...execute.failures import CliError
from ...execute.printers import GoStruct
from ...parse.flags import ParsedArgs, unsupported
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

CONFIGMAPS = known_type("configmaps")
SECRETS = known_type("secrets")
CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
KEY_RULE = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
            "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
            "'[-._a-zA-Z0-9]+')")


@dataclass(frozen=True)
class CreateConfigMap:
    name: str
    literals: tuple[str, ...]
    output: Output = CREATED
    namespace: str | None = None


@dataclass(frozen=True)
class CreateSecret:
    name: str
    literals: tuple[str, ...]
    type: str = ""
    output: Output = CREATED
    namespace: str | None = None


DATA_FLAGS = {"--from-literal": "from-literal", "--from-file": "from-file",
              "--from-env-file": "from-env-file"}
CONFIGMAP_FLAGS = flags(values=DATA_FLAGS)
SECRET_FLAGS = flags(values={**DATA_FLAGS, "--type": "type"})


def _literals(args: ParsedArgs) -> tuple[str, ...]:
    for name in ("from-file", "from-env-file"):
        if args.has(name):
            raise unsupported(f"--{name} is not supported yet (use --from-literal=KEY=VALUE, "
                              "or a manifest with kubectl apply -f)")
    return tuple(args.flags.get("from-literal", []))


def parse_configmap(args: ParsedArgs) -> CreateConfigMap:
    return CreateConfigMap(one_name(args, "configmap"), _literals(args), parse_output(args),
                           args.namespace)


def parse_secret(args: ParsedArgs) -> CreateSecret:
    return CreateSecret(one_name(args, "secret"), _literals(args), args.single("type") or "",
                        parse_output(args), args.namespace)


def _key_values(literals: tuple[str, ...], kind: str, name: str) -> dict[str, str]:
    """ParseLiteralSource and the key checks, with kubectl's messages."""
    values: dict[str, str] = {}
    for source in literals:
        key, equals, value = source.partition("=")
        if not equals or not key:
            raise CliError(f"invalid literal source {source}, expected key=value")
        if not CONFIG_KEY.match(key) or key in (".", "..") or key.startswith(".."):
            if kind == "ConfigMap":
                raise CliError(f'"{key}" is not a valid key name for a ConfigMap: {KEY_RULE}')
            raise CliError(f'"{key}" is not valid key name for a Secret {KEY_RULE}')
        if key in values:
            if kind == "ConfigMap":
                raise CliError(f'cannot add key "{key}", another key by that name already '
                               f'exists in Data for ConfigMap "{name}"')
            raise CliError(f"cannot add key {key}, another key by that name already exists")
        values[key] = value
    return values


def run_configmap(ctx: Context, command: CreateConfigMap) -> None:
    obj = GoStruct(kind="ConfigMap", apiVersion="v1",
                   metadata=metadata(command.name, command.namespace))
    data = _key_values(command.literals, "ConfigMap", command.name)
    if data:
        obj["data"] = data
    create(ctx, CONFIGMAPS, obj, command.output, "failed to create configmap: ",
           command.namespace)


def run_secret(ctx: Context, command: CreateSecret) -> None:
    obj = GoStruct(kind="Secret", apiVersion="v1",
                   metadata=metadata(command.name, command.namespace))
    data = _key_values(command.literals, "Secret", command.name)
    if data:
        obj["data"] = {key: base64.b64encode(value.encode()).decode()
                       for key, value in data.items()}
    if command.type:
        obj["type"] = command.type
    create(ctx, SECRETS, obj, command.output, "failed to create secret ", command.namespace)


CONFIGMAP = Verb("create configmap", "kubectl create configmap NAME --from-literal=KEY=VALUE...",
                 CONFIGMAP_FLAGS, parse_configmap)
SECRET = Verb("create secret generic",
              "kubectl create secret generic NAME --from-literal=KEY=VALUE... [--type=T]",
              SECRET_FLAGS, parse_secret)
