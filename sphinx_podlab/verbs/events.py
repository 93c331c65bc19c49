"""``kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [-A] [-o yaml|json]
[--no-headers]`` (kubectl's pkg/cmd/events).

kubectl lists the namespace's (or every namespace's) events, keeps those of the given
types, sorts them by their last time with Go's unstable ``sort.Sort`` and prints LAST SEEN,
TYPE, REASON, OBJECT and MESSAGE through one tabwriter. ``-o yaml|json`` prints the typed
``EventList`` it built: kind and apiVersion set on each item, an empty list ``metadata``,
managed fields left out; its JSON keeps the API's field order (Go struct order), its YAML
sorts the keys. ``events -w`` keeps running and belongs with the other watches.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..describe.common import human_duration, parse_time
from ..describe.gosort import go_sort
from ..execute.context import Context
from ..execute.failures import CliError, NoResourceMatch
from ..execute.printers import GoStruct, go_json, kubectl_yaml
from ..execute.tables import tabwrite
from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ResourceType
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from ..parse.resources import find_resource_type
from ..printers.customcolumns import escape_terminal
from .base import Verb

CHUNK_SIZE = 500  # cmdutil.DefaultChunkSize
ZERO_TIME = datetime(1, 1, 1, tzinfo=UTC)
MAPS = frozenset({"labels", "annotations"})  # Go maps inside an Event: keys sorted


@dataclass(frozen=True)
class Events:
    namespace: str | None = None
    all_namespaces: bool = False
    for_object: str | None = None  # --for TYPE/NAME as given: kubectl checks it when run
    types: tuple[str, ...] = ()
    output: str | None = None  # None, "yaml", "json"
    no_headers: bool = False
    watch: bool = False  # -w: the events as they come (events_watch.py)


FLAGS = FlagSpec(
    booleans={"-A": "all-namespaces", "--all-namespaces": "all-namespaces",
              "--no-headers": "no-headers", "-w": "watch", "--watch": "watch"},
    values={"--for": "for", "--types": "types", "-o": "output", "--output": "output"},
)


def parse(args: ParsedArgs) -> Events:
    if args.has("watch") and args.single("output"):
        raise unsupported(msg("'kubectl events -w -o %(output)s' is not supported (watch the "
                              "table)", output=args.single("output")))
    if args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' takes no arguments, not %(args)s",
                              verb="events", args=args.positionals))
    output = args.single("output")
    if output not in (None, "yaml", "json"):
        raise unsupported(msg("'kubectl %(verb)s -o %(output)s' is not supported (use yaml or "
                              "json)", verb="events", output=output))
    types = tuple(t for value in args.flags.get("types", []) for t in value.split(",") if t)
    return Events(args.namespace, _true(args, "all-namespaces"), args.single("for") or None, types,
                  output, _true(args, "no-headers"), _true(args, "watch"))


def _true(args: ParsedArgs, name: str) -> bool:
    values = args.flags.get(name) or []
    return bool(values) and values[-1] != "false"


def run(ctx: Context, command: Events) -> None:
    for_object = _for_object(command)
    for value in command.types:
        if value.lower() not in ("normal", "warning"):
            raise CliError("valid --types are Normal or Warning")
    namespace = ctx.namespace(command.namespace)
    path = "/api/v1/events" if command.all_namespaces else f"/api/v1/namespaces/{namespace}/events"
    query: dict[str, str | int] = {"limit": CHUNK_SIZE}
    if for_object is not None and for_object[1]:
        resource, name = for_object
        query["fieldSelector"] = (f"involvedObject.kind={resource.kind},"
                                  f"involvedObject.apiVersion={resource.api_version},"
                                  f"involvedObject.name={_escape_field(name)}")
    if command.watch:  # kubectl watches at once: the existing events come as ADDED
        from .events_watch import run_watch

        run_watch(ctx, command, path, query)
        return
    items = [item for item in _list(ctx, path, query) if _wanted(command, item)]
    if not items:
        ctx.output.err("No events found.\n" if command.all_namespaces
                       else f"No events found in {namespace} namespace.\n")
        return
    go_sort(items, lambda a, b: _event_time(a) < _event_time(b))
    if command.output is not None:
        document = GoStruct(kind="EventList", apiVersion="v1", metadata={},
                            items=[_typed(item) for item in items])
        text = go_json(document, "    ")  # sigs.k8s.io/yaml goes through JSON too
        ctx.output.out(text + "\n" if command.output == "json"
                       else kubectl_yaml(json.loads(text)))
        return
    ctx.output.out(event_table(items, command.all_namespaces, command.no_headers,
                               datetime.now(UTC)))


def _for_object(command: Events) -> tuple[ResourceType, str] | None:
    """``--for`` as kubectl's decodeResourceTypeName reads it; None when not given."""
    if command.for_object is None:
        return None
    parts = command.for_object.split("/")
    if len(parts) == 1:
        raise CliError("--for must be in resource/name form")
    if len(parts) > 2:
        raise CliError("arguments in resource/name form may not have more than one slash")
    resource = find_resource_type(parts[0])
    if resource is None:
        raise NoResourceMatch(parts[0].lower())
    return resource, parts[1]


def _escape_field(value: str) -> str:
    """fields.EscapeValue: backslash, comma and equals sign escaped."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def _list(ctx: Context, path: str, query: dict[str, str | int]) -> list[Obj]:
    items: list[Obj] = []
    while True:
        page = ctx.read(functools.partial(ctx.rest.get, path, query=dict(query),
                                          timeout=ctx.timeout()))
        items += page.get("items") or []
        token = (page.get("metadata") or {}).get("continue")
        if not token:
            return items
        query["continue"] = str(token)


def _wanted(command: Events, event: Obj) -> bool:
    kind = str(event.get("type") or "").lower()
    return not command.types or any(value.lower() == kind for value in command.types)


def _event_time(event: Obj) -> datetime:
    """What kubectl sorts by: the series' last time, else lastTimestamp, else eventTime."""
    series = event.get("series")
    if series:
        return parse_time(series.get("lastObservedTime")) or ZERO_TIME
    return (parse_time(event.get("lastTimestamp")) or parse_time(event.get("eventTime"))
            or ZERO_TIME)


def _typed(event: Obj) -> GoStruct:
    """An item as the typed Event encodes: kind and apiVersion first, no managed fields."""
    typed = GoStruct(kind="Event", apiVersion="v1")
    for key, value in event.items():
        if key in ("kind", "apiVersion"):
            continue
        if key == "metadata":
            value = {k: v for k, v in value.items() if k != "managedFields"}
        typed[key] = _ordered(key, value)
    return typed


def _ordered(key: str, value: Any) -> Any:
    """The API's JSON in its own (struct) order, except Go maps, whose keys Go sorts."""
    if isinstance(value, dict):
        if key in MAPS:
            return value
        return GoStruct((k, _ordered(k, v)) for k, v in value.items())
    if isinstance(value, list):
        return [_ordered("", item) for item in value]
    return value


# -- the table ------------------------------------------------------------------------------

def event_table(events: list[Obj], all_namespaces: bool, no_headers: bool, now: datetime) -> str:
    """kubectl's EventPrinter: one tab-separated row per event, through the tabwriter."""
    lines = []
    if not no_headers:
        lines.append(event_header(all_namespaces))
    for event in events:
        lines.append(event_line(event, all_namespaces, now))
    return tabwrite("".join(lines))


def event_header(all_namespaces: bool) -> str:
    return ("NAMESPACE\t" if all_namespaces else "") + "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n"


def event_line(event: Obj, all_namespaces: bool, now: datetime) -> str:
    """One event's tab-separated row (EventPrinter.printOneEvent)."""
    involved = event.get("involvedObject") or {}
    cells = [_interval(event, now), escape_terminal(str(event.get("type") or "")),
             escape_terminal(str(event.get("reason") or "")),
             escape_terminal(f"{involved.get('kind') or ''}/{involved.get('name') or ''}"),
             escape_terminal(str(event.get("message") or "").strip())]
    if all_namespaces:
        cells.insert(0, str((event.get("metadata") or {}).get("namespace") or ""))
    return "\t".join(cells) + "\n"


def _since(value: object, now: datetime) -> str:
    moment = parse_time(value)
    if moment is None:
        return "<unknown>"
    return human_duration(int((now - moment).total_seconds() * 1e9))


def _interval(event: Obj, now: datetime) -> str:
    """LAST SEEN: ``5s``, or ``5s (x3 over 2m)`` for a repeated event."""
    first = (_since(event.get("eventTime"), now) if parse_time(event.get("eventTime"))
             else _since(event.get("firstTimestamp"), now))
    series = event.get("series")
    if series:
        return (f"{_since(series.get('lastObservedTime'), now)} "
                f"(x{int(series.get('count') or 0)} over {first})")
    count = int(event.get("count") or 0)
    if count > 1:
        return f"{_since(event.get('lastTimestamp'), now)} (x{count} over {first})"
    return first


VERB = Verb("events", "kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [-A] "
            "[-o yaml|json] [--no-headers]", FLAGS, parse)
