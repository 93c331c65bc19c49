"""``kubectl api-resources [--namespaced=true|false] [--api-group=G] [--verbs=V,...]
[--sort-by=name|kind] [-o wide|name] [--no-headers]`` and ``kubectl api-versions``: the
server's discovery as kubectl prints it (resources sorted by group, then name)."""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.discovery import group_versions, preferred_resources
from ..execute.tables import tabwrite
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb


@dataclass(frozen=True)
class ApiResources:
    namespaced: bool | None = None  # None: both
    api_group: str | None = None
    verbs: tuple[str, ...] = ()
    sort_by: str | None = None
    output: str | None = None  # "wide", "name"
    no_headers: bool = False


@dataclass(frozen=True)
class ApiVersions:
    pass


FLAGS = FlagSpec(booleans={"--no-headers": "no-headers", "--namespaced": "namespaced"},
                 values={"--api-group": "api-group", "--verbs": "verbs", "--sort-by": "sort-by",
                         "-o": "output", "--output": "output"})


def parse(args: ParsedArgs) -> ApiResources:
    if args.positionals:
        raise unsupported(f"unexpected arguments: [{' '.join(args.positionals)}]")
    output = args.single("output")
    if output not in (None, "wide", "name"):
        raise unsupported(msg("-o %(output)s is not supported with 'kubectl api-resources' "
                              "(use wide or name)", output=output))
    sort_by = args.single("sort-by")
    if sort_by not in (None, "name", "kind"):
        raise unsupported("--sort-by accepts only name or kind")
    namespaced = None
    if args.has("namespaced"):
        value = args.flags["namespaced"][-1]
        if value not in ("true", "false"):
            raise unsupported(f'invalid argument "{value}" for "--namespaced" flag')
        namespaced = value == "true"
    verbs = tuple(v for value in args.flags.get("verbs", []) for v in value.split(",") if v)
    return ApiResources(namespaced, args.single("api-group"), verbs, sort_by, output,
                        args.has("no-headers"))


def parse_versions(args: ParsedArgs) -> ApiVersions:
    if args.positionals:
        raise unsupported(f"unexpected arguments: [{' '.join(args.positionals)}]")
    return ApiVersions()


def run(ctx: Context, command: ApiResources) -> None:
    rows = []
    for version, item in preferred_resources(ctx):
        verbs = [str(v) for v in item.get("verbs") or []]
        if not verbs:
            continue
        if command.api_group is not None and command.api_group != version.group:
            continue
        if command.namespaced is not None and bool(item.get("namespaced")) != command.namespaced:
            continue
        if not set(command.verbs) <= set(verbs):
            continue
        rows.append((version, item, verbs))

    field = {"name": "name", "kind": "kind"}.get(command.sort_by or "")
    # kubectl's sortableResource: by group (or the --sort-by field), then by name
    rows.sort(key=lambda row: (str(row[1].get(field)) if field else row[0].group,
                               str(row[1].get("name"))))
    if command.output == "name":
        ctx.output.out("".join(f"{item['name']}.{version.group}\n" if version.group
                               else f"{item['name']}\n" for version, item, _ in rows))
        return
    wide = command.output == "wide"
    lines = []
    if not command.no_headers:
        header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
        lines.append("\t".join(header + (["VERBS", "CATEGORIES"] if wide else [])))
    for version, item, verbs in rows:
        cells = [str(item.get("name")), ",".join(item.get("shortNames") or []), version.name,
                 "true" if item.get("namespaced") else "false", str(item.get("kind"))]
        if wide:
            cells += [",".join(verbs), ",".join(item.get("categories") or [])]
        lines.append("\t".join(cells))
    ctx.output.out(tabwrite("".join(line + "\n" for line in lines)))


def run_versions(ctx: Context, command: ApiVersions) -> None:
    names = sorted(version.name for version in group_versions(ctx))
    ctx.output.out("".join(f"{name}\n" for name in names))


VERB = Verb("api-resources", "kubectl api-resources [--namespaced=true|false] [--api-group=G] "
            "[--verbs=V] [--sort-by=name|kind] [-o wide|name]", FLAGS, parse)
VERSIONS = Verb("api-versions", "kubectl api-versions", FlagSpec(), parse_versions)
