"""``kubectl create configmap NAME`` and ``kubectl create secret generic|tls|docker-registry
NAME``: data from ``--from-literal=KEY=VALUE``, ``--from-file=[KEY=]PATH`` (a file, or every
regular file of a directory), ``--from-env-file=PATH``; ``tls`` from ``--cert``/``--key``,
``docker-registry`` from ``--docker-server|username|password|email``.

Files are the book's own, looked up like manifests and part of the page's key (their
``data_files``). A ConfigMap keeps non-UTF-8 content in ``binaryData``, as kubectl does.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from ...execute.context import Context, known_type
from ...execute.failures import CliError
from ...execute.printers import GoStruct, go_json
from ...parse.flags import ParsedArgs, unsupported
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

CONFIGMAPS = known_type("configmaps")
SECRETS = known_type("secrets")
CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
KEY_RULE = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
            "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
            "'[-._a-zA-Z0-9]+')")
DOCKER_HUB = "https://index.docker.io/v1/"


@dataclass(frozen=True)
class Sources:
    """Where the data comes from, in kubectl's order: files, then literals, then env files."""

    literals: tuple[str, ...] = ()
    files: tuple[tuple[str | None, str], ...] = ()  # (key or None, path)
    env_files: tuple[str, ...] = ()

    @property
    def data_files(self) -> tuple[str, ...]:
        return (*(path for _, path in self.files), *self.env_files)


@dataclass(frozen=True)
class CreateConfigMap:
    name: str
    sources: Sources
    output: Output = CREATED
    namespace: str | None = None

    @property
    def data_files(self) -> tuple[str, ...]:
        return self.sources.data_files


@dataclass(frozen=True)
class CreateSecret:
    name: str
    sources: Sources
    type: str = ""  # generic: --type; tls and docker-registry: their own
    kind: str = "generic"  # "generic", "tls", "docker-registry"
    tls: tuple[str, str] | None = None  # (cert, key) files
    docker: tuple[str, str, str, str] | None = None  # server, username, password, email
    output: Output = CREATED
    namespace: str | None = None

    @property
    def data_files(self) -> tuple[str, ...]:
        return (*self.sources.data_files, *(self.tls or ()))


DATA_FLAGS = {"--from-literal": "from-literal", "--from-file": "from-file",
              "--from-env-file": "from-env-file"}
CONFIGMAP_FLAGS = flags(values=DATA_FLAGS)
SECRET_FLAGS = flags(values={**DATA_FLAGS, "--type": "type"})
TLS_FLAGS = flags(values={"--cert": "cert", "--key": "key"})
DOCKER_FLAGS = flags(values={"--docker-server": "server", "--docker-username": "username",
                             "--docker-password": "password", "--docker-email": "email",
                             "--from-file": "from-file"})


def _file_source(source: str) -> tuple[str | None, str]:
    """ParseFileSource: ``PATH`` (key: its base name) or ``KEY=PATH``."""
    count = source.count("=")
    if count == 0:
        return None, source
    if count > 1:
        raise unsupported("key names or file paths cannot contain '='")
    key, path = source.split("=")
    if not key:
        raise unsupported(f"key name for file path {path} missing")
    if not path:
        raise unsupported(f"file path for key name {key} missing")
    return key, path


def _sources(args: ParsedArgs) -> Sources:
    files = tuple(_file_source(item) for value in args.flags.get("from-file", [])
                  for item in value.split(","))
    env_files = tuple(item for value in args.flags.get("from-env-file", [])
                      for item in value.split(","))
    literals = tuple(args.flags.get("from-literal", []))
    if env_files and (files or literals):
        raise unsupported("from-env-file cannot be combined with from-file or from-literal")
    return Sources(literals, files, env_files)


def parse_configmap(args: ParsedArgs) -> CreateConfigMap:
    return CreateConfigMap(one_name(args, "configmap"), _sources(args), parse_output(args),
                           args.namespace)


def parse_secret(args: ParsedArgs) -> CreateSecret:
    return CreateSecret(one_name(args, "secret"), _sources(args), args.single("type") or "",
                        output=parse_output(args), namespace=args.namespace)


def parse_tls(args: ParsedArgs) -> CreateSecret:
    cert, key = args.single("cert"), args.single("key")
    if not cert or not key:
        raise unsupported("key and cert must be specified")
    return CreateSecret(one_name(args, "secret"), Sources(), "kubernetes.io/tls", "tls",
                        tls=(cert, key), output=parse_output(args), namespace=args.namespace)


def parse_docker(args: ParsedArgs) -> CreateSecret:
    sources = Sources(files=tuple(_file_source(item) for value in args.flags.get("from-file", [])
                                  for item in value.split(",")))
    server = args.single("server") or DOCKER_HUB
    username, password = args.single("username") or "", args.single("password") or ""
    if not sources.files and not (username and password and server):
        raise unsupported("either --from-file or the combination of --docker-username, "
                          "--docker-password and --docker-server is required")
    return CreateSecret(one_name(args, "secret"), sources, "kubernetes.io/dockerconfigjson",
                        "docker-registry", docker=(server, username, password,
                                                   args.single("email") or ""),
                        output=parse_output(args), namespace=args.namespace)


class _Data:
    """Keys added with kubectl's checks and messages for a ConfigMap or a Secret."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name = kind, name
        self.values: dict[str, bytes] = {}

    def add(self, key: str, value: bytes) -> None:
        if not CONFIG_KEY.match(key) or key in (".", "..") or key.startswith(".."):
            if self.kind == "ConfigMap":
                raise CliError(f'"{key}" is not a valid key name for a ConfigMap: {KEY_RULE}')
            raise CliError(f'"{key}" is not valid key name for a Secret {KEY_RULE}')
        if key in self.values:
            if self.kind == "ConfigMap":
                raise CliError(f'cannot add key "{key}", another key by that name already '
                               f'exists in Data for ConfigMap "{self.name}"')
            raise CliError(f"cannot add key {key}, another key by that name already exists")
        self.values[key] = value


def _read(ctx: Context, name: str) -> Path:
    path = ctx.resolve_manifest(name)
    if not path.exists():
        raise CliError(f"error reading {name}: no such file or directory")
    return path


def _collect(ctx: Context, sources: Sources, data: _Data) -> None:
    for key, name in sources.files:
        path = _read(ctx, name)
        if path.is_dir():
            if key is not None:
                raise CliError("cannot give a key name for a directory path")
            for child in sorted(path.iterdir(), key=lambda p: p.name.encode()):
                if child.is_file() and not child.is_symlink():
                    data.add(child.name, child.read_bytes())
        else:
            data.add(key or Path(name).name, path.read_bytes())
    for literal in sources.literals:
        key, equals, value = literal.partition("=")
        if not equals or not key:
            raise CliError(f"invalid literal source {literal}, expected key=value")
        data.add(key, value.encode())
    for name in sources.env_files:
        for key, value in _env_file(_read(ctx, name), name):
            data.add(key, value.encode())


def _env_file(path: Path, shown: str) -> list[tuple[str, str]]:
    """cmdutil.AddFromEnvFile: KEY=VALUE lines, comments and blank lines skipped."""
    found = []
    for number, raw in enumerate(path.read_bytes().splitlines()):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CliError(f"env file {shown} contains invalid utf8 bytes at line "
                           f"{number + 1}") from None
        line = (line.removeprefix("\ufeff") if number == 0 else line).lstrip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        if not ENV_NAME.match(key):
            raise CliError(f'"{key}" is not a valid key name: a valid environment variable '
                           "name must consist of alphabetic characters, digits, '_', '-', or "
                           "'.', and must not start with a digit (e.g. 'my.env-name',  or "
                           "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
                           "'[-._a-zA-Z][-._a-zA-Z0-9]*')")
        if not equals:  # kubectl would read the build machine's environment: never here
            raise CliError(f"env file {shown}: {key} has no value (podlab does not read the "
                           "build machine's environment)")
        found.append((key, value))
    return found


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def run_configmap(ctx: Context, command: CreateConfigMap) -> None:
    obj = GoStruct(kind="ConfigMap", apiVersion="v1",
                   metadata=metadata(command.name, command.namespace))
    data = _Data("ConfigMap", command.name)
    _collect(ctx, command.sources, data)
    text: dict[str, str] = {}
    binary: dict[str, str] = {}
    for key, value in data.values.items():
        try:
            text[key] = value.decode("utf-8")
        except UnicodeDecodeError:
            binary[key] = _b64(value)
    if text:
        obj["data"] = text
    if binary:
        obj["binaryData"] = binary
    create(ctx, CONFIGMAPS, obj, command.output, "failed to create configmap: ",
           command.namespace)


def run_secret(ctx: Context, command: CreateSecret) -> None:
    obj = GoStruct(kind="Secret", apiVersion="v1",
                   metadata=metadata(command.name, command.namespace))
    data = _Data("Secret", command.name)
    if command.tls is not None:
        cert, key = (_read(ctx, name).read_bytes() for name in command.tls)
        data.values = {"tls.crt": cert, "tls.key": key}
    elif command.docker is not None and not command.sources.files:
        server, username, password, email = command.docker
        entry = GoStruct((name, value) for name, value in (("username", username),
                         ("password", password), ("email", email),
                         ("auth", _b64(f"{username}:{password}".encode()))) if value)
        data.values = {".dockerconfigjson": go_json(GoStruct(auths={server: entry})).encode()}
    else:
        _collect(ctx, command.sources, data)
    if data.values or command.kind != "generic":
        obj["data"] = {key: _b64(value) for key, value in data.values.items()}
    if command.type:
        obj["type"] = command.type
    create(ctx, SECRETS, obj, command.output, "failed to create secret ", command.namespace)


CONFIGMAP = Verb("create configmap", "kubectl create configmap NAME [--from-literal=KEY=VALUE] "
                 "[--from-file=[KEY=]PATH] [--from-env-file=PATH]", CONFIGMAP_FLAGS,
                 parse_configmap)
SECRET = Verb("create secret generic",
              "kubectl create secret generic NAME [--from-literal=KEY=VALUE] "
              "[--from-file=[KEY=]PATH] [--from-env-file=PATH] [--type=T]", SECRET_FLAGS,
              parse_secret)
SECRET_TLS = Verb("create secret tls", "kubectl create secret tls NAME --cert=FILE --key=FILE",
                  TLS_FLAGS, parse_tls)
SECRET_DOCKER = Verb("create secret docker-registry",
                     "kubectl create secret docker-registry NAME --docker-server=S "
                     "--docker-username=U --docker-password=P [--docker-email=E]",
                     DOCKER_FLAGS, parse_docker)
