"""``kubectl describe TYPE NAME... | TYPE/NAME... | TYPE [-l SEL] [-A] | -f FILE`` (kubectl's
pkg/cmd/describe and pkg/describe).

As kubectl: the named objects are fetched first (a missing one is an error printed after
the rest), or the type is listed (``-l``, ``-A``), or the objects of the files are taken as
they are named there (a missing one is the describer's error), then each object's describer
prints it
(``sphinx_podlab.describe``); several descriptions are separated by two blank lines. When
``TYPE NAME`` names nothing, every object whose name starts with NAME is described, each
followed by a blank line; when none does, the NotFound error stands. Nothing found at all
prints ``No resources found in NS namespace.`` on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..describe import NotFound, Settings, describe, describer_for, join, join_prefix_matches
from ..describe.volumes import UnsupportedVolume
from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.file_objects import file_objects
from ..execute.rest import ApiError, collection_path, object_path
from ..model.errors import PodlabExecutionError
from ..model.messages import msg
from ..model.objects import ResourceType
from ..parse.args import resource
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

CHUNK_SIZE = 500  # kubectl's --chunk-size default


@dataclass(frozen=True)
class Target:
    resource: ResourceType
    name: str | None = None  # None: every object of the type (matching the selector)


@dataclass(frozen=True)
class Describe:
    targets: tuple[Target, ...]
    selector: str | None = None
    all_namespaces: bool = False
    show_events: bool | None = None  # --show-events; None when not given
    namespace: str | None = None
    # ``TYPE NAME``: kubectl's two builder arguments, the form that falls back to a prefix
    prefix_fallback: bool = False
    files: tuple[str, ...] = ()  # -f FILE...: the objects the manifests name


FLAGS = FlagSpec(
    booleans={"-A": "all-namespaces", "--all-namespaces": "all-namespaces",
              "--show-events": "show-events"},
    values={"-l": "selector", "--selector": "selector", "-f": "filename",
            "--filename": "filename"},
)


def _describable(name: str) -> ResourceType:
    found = resource(name)
    if not found.deferred and describer_for(found.group, found.kind) is None:
        raise unsupported(msg("'kubectl describe %(type)s' is not supported yet", type=name))
    return found


def _show_events(args: ParsedArgs) -> bool | None:
    value = args.single("show-events")
    if value is None:
        return None
    if value == "true":
        return True
    if value == "false":
        return False
    raise unsupported(msg("--show-events takes true or false, not %(value)r", value=value))


def parse(args: ParsedArgs) -> Describe:
    positionals = args.positionals
    files = tuple(args.flags.get("filename", []))
    if files:
        if positionals or args.single("selector") is not None:
            raise unsupported(msg("'kubectl describe -f FILE' takes no types, names or "
                                  "selector"))
        return Describe((), None, False, _show_events(args), args.namespace, files=files)
    if not positionals:
        raise unsupported("You must specify the type of resource to describe")
    selector = args.single("selector")
    slashed = [item for item in positionals if "/" in item]
    if slashed and len(slashed) != len(positionals):
        raise unsupported("there is no need to specify a resource type as a separate argument "
                          "when passing arguments in resource/name form")
    if slashed:
        targets = tuple(Target(_describable(item.split("/", 1)[0]), item.split("/", 1)[1])
                        for item in positionals)
    else:
        type_arg, *names = positionals
        types = [_describable(name) for name in type_arg.split(",")]
        if names and len(types) > 1:
            raise unsupported(msg("'kubectl describe' of names in several types is not "
                                  "supported"))
        targets = (tuple(Target(types[0], name) for name in names) if names
                   else tuple(Target(kind) for kind in types))
    named = any(target.name is not None for target in targets)
    if named and selector is not None:
        raise unsupported("name cannot be provided when a selector is specified")
    all_namespaces = args.has("all-namespaces")
    if named and all_namespaces:
        raise unsupported("a resource cannot be retrieved by name across all namespaces")
    return Describe(targets, selector, all_namespaces, _show_events(args), args.namespace,
                    prefix_fallback=not slashed and len(positionals) == 2)


@dataclass(frozen=True)
class _Found:
    resource: ResourceType
    namespace: str  # "" for cluster-scoped objects
    name: str


def _list(ctx: Context, kind: ResourceType, namespace: str | None, selector: str | None
          ) -> list[_Found]:
    found: list[_Found] = []
    query: dict[str, str | int] = {"limit": CHUNK_SIZE}
    if selector:
        query["labelSelector"] = selector
    while True:
        page = ctx.get(collection_path(kind, namespace), query)
        for item in page.get("items") or []:
            metadata = item.get("metadata") or {}
            found.append(_Found(kind, str(metadata.get("namespace") or ""),
                                str(metadata.get("name") or "")))
        token = (page.get("metadata") or {}).get("continue")
        if not token:
            return found
        query = {**query, "continue": str(token)}


def _fetch(ctx: Context, kind: ResourceType, namespace: str | None, name: str) -> None:
    """GET the object as kubectl's builder does: when it is not found in a namespace other
    than ``default``, a namespace that does not exist is the error reported."""
    try:
        ctx.get(object_path(kind, namespace, name))
    except ApiError as exc:
        if not exc.not_found or namespace in (None, "", "default"):
            raise
        try:
            ctx.get(f"/api/v1/namespaces/{namespace}")
        except ApiError as missing:
            if missing.not_found:
                raise missing from exc
        raise


def _describe_one(ctx: Context, found: _Found, settings: Settings) -> str:
    try:
        return describe(ctx, found.resource.group, found.resource.kind, found.namespace,
                        found.name, settings)
    except NotFound as exc:  # gone since it was fetched
        raise ApiError(404, {"reason": "NotFound", "message": str(exc)}) from exc
    except UnsupportedVolume as exc:
        raise PodlabExecutionError(f"{exc} (in {found.resource.singular} {found.name})") from exc


def _from_files(ctx: Context, command: Describe) -> list[_Found]:
    """The objects the manifests name, in their namespace (kubectl's FilenameParam)."""
    found: list[_Found] = []
    for item in file_objects(ctx, command.files, command.namespace):
        if describer_for(item.resource.group, item.resource.kind) is None:
            raise PodlabExecutionError(f"podlab cannot describe {item.resource.plural} "
                                       f"({item.source})")
        found.append(_Found(item.resource, item.namespace or "", item.name))
    return found


def _settings(ctx: Context, command: Describe, found: list[_Found],
              errors: list[KubectlFailure]) -> Settings:
    """The describers' settings. Without ``--show-events``, kubectl until 1.36 shows events
    always; 1.37 only when it describes one object and nothing failed to be fetched (a
    prefix match therefore never shows them). Gated at 37: whether 1.36 already did this
    is not known here (kubernetes PR 137145)."""
    show_events = command.show_events
    if show_events is None:
        show_events = ctx.minor < 37 or (not errors and len(found) <= 1)
    return Settings(now=datetime.now().astimezone(), minor=ctx.minor,
                    show_events=show_events, chunk_size=CHUNK_SIZE)


def run(ctx: Context, command: Describe) -> None:
    namespace = None if command.all_namespaces else ctx.namespace(command.namespace)
    found: list[_Found] = []
    errors: list[KubectlFailure] = []
    if command.files:
        try:
            found = _from_files(ctx, command)
        except (ApiError, CliError) as exc:
            ctx.output.fail([exc])
            return
    for target in command.targets:
        kind = target.resource
        scope = namespace if kind.namespaced else None
        try:
            if target.name is None:
                found += _list(ctx, kind, scope, command.selector)
            else:
                _fetch(ctx, kind, scope, target.name)
                found.append(_Found(kind, scope or "", target.name))
        except ApiError as exc:
            errors.append(exc)
    settings = _settings(ctx, command, found, errors)
    if (command.prefix_fallback and len(errors) == 1 and isinstance(errors[0], ApiError)
            and errors[0].not_found):
        _describe_prefix(ctx, command, errors[0], settings)
        return
    texts: list[str] = []
    for item in found:
        try:
            texts.append(_describe_one(ctx, item, settings))
        except ApiError as exc:
            if all(str(exc) != str(seen) for seen in errors):
                errors.append(exc)
    ctx.output.out(join(texts))
    if not found and not errors:
        ctx.output.err("No resources found\n" if command.all_namespaces
                       else f"No resources found in {namespace} namespace.\n")
    ctx.output.fail(errors)


def _describe_prefix(ctx: Context, command: Describe, error: ApiError, settings: Settings
                     ) -> None:
    """kubectl's DescribeMatchingResources: objects of the type whose names start with the
    name given, or the original NotFound when there are none."""
    target = command.targets[0]
    assert target.name is not None
    kind = target.resource
    namespace = ctx.namespace(command.namespace) if kind.namespaced else None
    matches = [item for item in _list(ctx, kind, namespace, None)
               if item.name.startswith(target.name)]
    if not matches:
        ctx.output.fail([error])
        return
    ctx.output.out(join_prefix_matches([_describe_one(ctx, item, settings) for item in matches]))


VERB = Verb(
    "describe",
    "kubectl describe TYPE [NAME...] | TYPE/NAME... | -f FILE [-l SELECTOR] [-A]"
    " [--show-events=false]",
    FLAGS, parse,
)
