"""``kubectl config view [--minify] [-o yaml|json]``, ``config current-context``,
``config get-contexts [NAME...] [-o name] [--no-headers]``, ``config get-clusters`` and
``config get-users`` (kubectl's pkg/cmd/config), from the kubeconfig podlab connected with.

Nothing here talks to the cluster. ``config view`` always redacts as kubectl does without
``--raw`` (``execute/kubeconfig.py``); ``--raw`` and ``--flatten`` would print the keys and
tokens into the book and are refused. The reader's kubeconfig is the file with podlab's
context as its current one, that context's namespace the page's (as for every command).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.kubeconfig import Kubeconfig, as_reader, load, minify, redacted_view
from ..execute.printers import go_json, kubectl_yaml
from ..execute.tables import tabwrite
from ..model.errors import PodlabExecutionError
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

OUTPUT = {"-o": "output", "--output": "output"}


@dataclass(frozen=True)
class ConfigView:
    minify: bool = False
    output: str = "yaml"  # "yaml" or "json"


@dataclass(frozen=True)
class ConfigCurrentContext:
    pass


@dataclass(frozen=True)
class ConfigGetContexts:
    names: tuple[str, ...] = ()
    name_only: bool = False
    no_headers: bool = False


@dataclass(frozen=True)
class ConfigGetNames:
    section: str  # "clusters" or "users"


ConfigCommand = ConfigView | ConfigCurrentContext | ConfigGetContexts | ConfigGetNames

VIEW_FLAGS = FlagSpec(booleans={"--minify": "minify", "--raw": "raw", "--flatten": "flatten"},
                      values=OUTPUT)
GET_CONTEXTS_FLAGS = FlagSpec(booleans={"--no-headers": "no-headers"}, values=OUTPUT)


def _true(args: ParsedArgs, name: str) -> bool:
    values = args.flags.get(name) or []
    return bool(values) and values[-1] != "false"


def _no_arguments(args: ParsedArgs) -> None:
    if args.positionals:
        raise unsupported(f"unexpected arguments: {args.positionals} "
                          f"('kubectl {args.verb}' takes none)")


def parse_view(args: ParsedArgs) -> ConfigView:
    _no_arguments(args)
    for flag in ("raw", "flatten"):
        if _true(args, flag):
            raise unsupported(msg("'kubectl config view --%(flag)s' is not supported: it would "
                                  "put the kubeconfig's keys and tokens into the book",
                                  flag=flag))
    output = args.single("output") or "yaml"
    if output not in ("yaml", "json"):
        raise unsupported(msg("'kubectl %(verb)s -o %(output)s' is not supported (use yaml or "
                              "json)", verb="config view", output=output))
    return ConfigView(_true(args, "minify"), output)


def parse_current_context(args: ParsedArgs) -> ConfigCurrentContext:
    _no_arguments(args)
    return ConfigCurrentContext()


def parse_get_contexts(args: ParsedArgs) -> ConfigGetContexts:
    output = args.single("output") or ""
    if output not in ("", "name"):
        raise unsupported(f"--output {output} is not available in kubectl config get-contexts")
    return ConfigGetContexts(tuple(args.positionals), output == "name",
                             _true(args, "no-headers"))


def parse_get_clusters(args: ParsedArgs) -> ConfigGetNames:
    _no_arguments(args)
    return ConfigGetNames("clusters")


def parse_get_users(args: ParsedArgs) -> ConfigGetNames:
    _no_arguments(args)
    return ConfigGetNames("users")


def _config(ctx: Context) -> Kubeconfig:
    if ctx.kubeconfig is None:
        raise PodlabExecutionError("this session knows no kubeconfig to show")
    config = load(ctx.kubeconfig)
    as_reader(config, ctx.kubeconfig.context, ctx.default_namespace)
    return config


def run(ctx: Context, command: ConfigCommand) -> None:
    config = _config(ctx)
    match command:
        case ConfigView():
            _view(ctx, config, command)
        case ConfigCurrentContext():
            if not config.current_context:
                raise CliError("current-context is not set")
            ctx.output.out(f"{config.current_context}\n")
        case ConfigGetContexts():
            _get_contexts(ctx, config, command)
        case ConfigGetNames():
            # kubectl prints get-clusters in Go's map order (random); podlab sorts the names
            ctx.output.out("NAME\n" + "".join(f"{name}\n"
                                              for name in sorted(config.section(command.section))))


def _view(ctx: Context, config: Kubeconfig, command: ConfigView) -> None:
    ctx.output.out(view_text(config, command))


def view_text(config: Kubeconfig, command: ConfigView) -> str:
    """What ``config view`` prints."""
    if command.minify:
        minify(config)
    text = go_json(redacted_view(config), "    ")  # sigs.k8s.io/yaml goes through JSON too
    return text + "\n" if command.output == "json" else kubectl_yaml(json.loads(text))


def _get_contexts(ctx: Context, config: Kubeconfig, command: ConfigGetContexts) -> None:
    missing = [name for name in command.names if name not in config.contexts]
    shown = sorted(name for name in command.names or config.contexts if name in config.contexts)
    lines = []
    if not command.name_only and not command.no_headers:
        lines.append("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n")
    for name in shown:
        if command.name_only:
            lines.append(f"{name}\n")
            continue
        context = config.contexts[name]
        mark = "*" if name == config.current_context else " "
        lines.append(f"{mark}\t{name}\t{context.get('cluster') or ''}\t"
                     f"{context.get('user') or ''}\t{context.get('namespace') or ''}\n")
    ctx.output.out(tabwrite("".join(lines)))
    if missing:
        ctx.output.fail([CliError(f"context {name} not found") for name in missing])


VIEW = Verb("config view", "kubectl config view [--minify] [-o yaml|json]", VIEW_FLAGS,
            parse_view)
CURRENT_CONTEXT = Verb("config current-context", "kubectl config current-context", FlagSpec(),
                       parse_current_context)
GET_CONTEXTS = Verb("config get-contexts",
                    "kubectl config get-contexts [NAME...] [-o name] [--no-headers]",
                    GET_CONTEXTS_FLAGS, parse_get_contexts)
GET_CLUSTERS = Verb("config get-clusters", "kubectl config get-clusters", FlagSpec(),
                    parse_get_clusters)
GET_USERS = Verb("config get-users", "kubectl config get-users", FlagSpec(), parse_get_users)
VERBS = (VIEW, CURRENT_CONTEXT, GET_CONTEXTS, GET_CLUSTERS, GET_USERS)
