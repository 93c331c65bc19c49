"""Sections every describer shares: labels, annotations, times, selectors, owners, events.

Each function writes or formats one recurring piece of kubectl's describe output the way
kubectl's describe.go does (``printLabelsMultiline``, ``printAnnotationsMultiline``,
``DescribeEvents``, ``translateTimestampSince``...). The current time is always passed in
(``Settings.now``): nothing here reads a clock, so the output of captured objects is fixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..model.kinds import Obj
from .gosort import go_sort
from .reader import Reader, is_api_answer, list_all
from .writer import PrefixWriter

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"  # never shown
MAX_ANNOTATION_LEN = 140


@dataclass(frozen=True)
class Settings:
    """What kubectl's DescriberSettings hold, plus the moment the output is for and the
    kubectl release whose output is printed.

    ``now`` is an aware datetime; its zone is the one timestamps are printed in (kubectl
    prints them in its local zone, UTC on the lab). ``minor`` is kubectl's minor version
    (34 for v1.34): describers print what that release prints (:meth:`since`).
    """

    now: datetime
    minor: int
    show_events: bool = True
    chunk_size: int = 500

    def since(self, minor: int) -> bool:
        """Whether the kubectl printed is v1.``minor`` or later (a change made there)."""
        return self.minor >= minor


# -- times ------------------------------------------------------------------------------

def parse_time(value: object) -> datetime | None:
    """An RFC 3339 timestamp of the API (``Time`` or ``MicroTime``); None for a zero time."""
    if not isinstance(value, str) or not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.year <= 1:  # Go's zero time, written out
        return None
    return parsed


def human_duration(nanoseconds: int) -> str:
    """apimachinery's ``duration.HumanDuration``: 2-3 significant figures (``5s``, ``2m3s``)."""
    seconds = int(nanoseconds / 1e9) if nanoseconds < 0 else nanoseconds // 10**9
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60 * 2:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        rest = seconds % 60
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = seconds // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d" if rest == 0 else f"{hours // 24}d{rest}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        rest = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if rest == 0 else f"{years}y{rest}d"
    return f"{hours // 24 // 365}y"


def since(value: object, now: datetime) -> str:
    """``translateTimestampSince``: the age of a timestamp, ``<unknown>`` when unset."""
    moment = parse_time(value)
    if moment is None:
        return "<unknown>"
    delta = now - moment
    nanoseconds = (delta.days * 86400 + delta.seconds) * 10**9 + delta.microseconds * 1000
    return human_duration(nanoseconds)


def rfc1123z(value: object, now: datetime) -> str:
    """Go's ``time.RFC1123Z`` layout in the zone of ``now``: ``Mon, 01 Dec 2026 14:25:17 +0000``.

    A zero time prints as Go prints it: ``Mon, 01 Jan 0001 00:00:00 +0000``.
    """
    moment = parse_time(value)
    if moment is None:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    local = moment.astimezone(now.tzinfo or UTC)
    return local.strftime("%a, %d %b %Y %H:%M:%S %z")


# -- labels, annotations ---------------------------------------------------------------

def write_labels(w: PrefixWriter, title: str, labels: Mapping[str, str] | None,
                 initial_indent: str = "", inner_indent: str = "\t",
                 skip: Iterable[str] = ()) -> None:
    """``printLabelsMultilineWithIndent``: ``key=value`` lines, sorted, or ``<none>``."""
    w.write(0, f"{initial_indent}{title}:{inner_indent}")
    skipped = set(skip)
    keys = sorted(key for key in (labels or {}) if key not in skipped)
    if not keys:
        w.write_line("<none>")
        return
    assert labels is not None
    for index, key in enumerate(keys):
        if index:
            w.write(0, initial_indent)
            w.write(0, inner_indent)
        w.write(0, f"{key}={labels[key]}\n")


def write_annotations(w: PrefixWriter, title: str, annotations: Mapping[str, str] | None
                      ) -> None:
    """``printAnnotationsMultiline``: long or multi-line values on their own lines, cut at
    140 characters; the last-applied-configuration annotation is never shown."""
    w.write(0, f"{title}:\t")
    keys = sorted(key for key in (annotations or {}) if key != LAST_APPLIED)
    if not keys:
        w.write_line("<none>")
        return
    assert annotations is not None
    indent = "\t"
    for index, key in enumerate(keys):
        if index:
            w.write(0, indent)
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                w.write(0, f"{indent}  {shorten(line, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def shorten(text: str, max_length: int) -> str:
    """Cut at ``max_length`` bytes as Go slices a string, adding ``...``."""
    data = text.encode()
    if len(data) > max_length:
        return data[:max_length].decode(errors="replace") + "..."
    return text


# -- selectors, owners ------------------------------------------------------------------

def _requirement(key: str, operator: str, values: list[str]) -> str:
    if operator == "Exists":
        return key
    if operator == "DoesNotExist":
        return "!" + key
    joined = values[0] if len(values) == 1 else ",".join(sorted(values))
    word = {"In": " in ", "NotIn": " notin "}[operator]
    return f"{key}{word}({joined})"


def selector_string(selector: Mapping[str, Any] | None) -> str:
    """``metav1.LabelSelectorAsSelector(...).String()``: requirements sorted by key, "" for
    an empty or missing selector, ``<error>`` for an operator the API does not know."""
    if selector is None:
        return ""
    requirements: list[tuple[str, str]] = [
        (key, f"{key}={value}") for key, value in (selector.get("matchLabels") or {}).items()
    ]
    for expression in selector.get("matchExpressions") or []:
        key = str(expression.get("key", ""))
        operator = str(expression.get("operator", ""))
        if operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return "<error>"
        values = [str(v) for v in expression.get("values") or []]
        requirements.append((key, _requirement(key, operator, values)))
    requirements.sort(key=lambda item: item[0])
    return ",".join(text for _, text in requirements)


def format_label_selector(selector: Mapping[str, Any] | None) -> str:
    """``metav1.FormatLabelSelector``: the selector's string, ``<none>`` when empty."""
    return selector_string(selector) or "<none>"


def format_labels(labels: Mapping[str, str] | None) -> str:
    """``labels.FormatLabels``: the ``k=v`` strings sorted as strings, ``<none>`` if empty."""
    return ",".join(sorted(f"{k}={v}" for k, v in (labels or {}).items())) or "<none>"


def selector_from_set(labels: Mapping[str, str] | None) -> str:
    """``labels.SelectorFromSet(...).String()``: ``k=v`` sorted by key, comma-separated."""
    labels = labels or {}
    return ",".join(f"{key}={labels[key]}" for key in sorted(labels))


def controller_of(obj: Obj) -> Obj | None:
    """The owner reference marked ``controller: true``, if any."""
    for owner in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if owner.get("controller"):
            return dict(owner)
    return None


def controlled_by(obj: Obj) -> str:
    """``printController``: ``Kind/name`` of the controller, or ""."""
    owner = controller_of(obj)
    return f"{owner.get('kind', '')}/{owner.get('name', '')}" if owner else ""


# -- events -----------------------------------------------------------------------------

def field_selector(fields: Mapping[str, str]) -> str:
    """``fields.Set.AsSelector().String()``: sorted ``k=v``, with ``\\ , =`` escaped."""
    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")

    return ",".join(f"{key}={escape(fields[key])}" for key in sorted(fields))


def events_path(namespace: str) -> str:
    return f"/api/v1/namespaces/{namespace}/events" if namespace else "/api/v1/events"


def search_events(reader: Reader, obj: Obj, kind: str | None, settings: Settings
                  ) -> list[Obj]:
    """kubectl's ``searchEvents``: the events whose involvedObject is ``obj`` (by name,
    namespace, kind when given and UID), listed ``chunk_size`` at a time. As kubectl, an
    error of the server (events not readable) leaves the events found so far."""
    metadata = obj.get("metadata") or {}
    namespace = str(metadata.get("namespace") or "")
    fields = {"involvedObject.name": str(metadata.get("name") or ""),
              "involvedObject.namespace": namespace}
    if kind:
        fields["involvedObject.kind"] = kind
    if metadata.get("uid"):
        fields["involvedObject.uid"] = str(metadata["uid"])
    found: list[Obj] = []
    try:
        list_all(reader, events_path(namespace), {"fieldSelector": field_selector(fields)},
                 settings.chunk_size, found)
    except Exception as error:
        if not is_api_answer(error):
            raise
    return found


def _event_age(event: Obj, now: datetime) -> str:
    first = (since(event.get("eventTime"), now) if parse_time(event.get("eventTime"))
             else since(event.get("firstTimestamp"), now))
    series = event.get("series")
    if series is not None:
        last = since(series.get("lastObservedTime"), now)
        return f"{last} (x{int(series.get('count') or 0)} over {first})"
    count = int(event.get("count") or 0)
    if count > 1:
        return f"{since(event.get('lastTimestamp'), now)} (x{count} over {first})"
    return first


def _last_timestamp(event: Obj) -> datetime:
    return parse_time(event.get("lastTimestamp")) or datetime.min.replace(tzinfo=UTC)


def _event_message(event: Obj, settings: Settings) -> str:
    message = str(event.get("message") or "").strip()
    field_path = (event.get("involvedObject") or {}).get("fieldPath")
    # kubectl 1.37 names the part of the object (``spec.containers{web}``); whether 1.35
    # or 1.36 already did is not known here (kubernetes PR 133627), so 37 is the gate
    if field_path and settings.since(37):
        return f"{field_path}: {message}"
    return message


def write_events(w: PrefixWriter, events: list[Obj], settings: Settings) -> None:
    """``DescribeEvents``: oldest last-seen first (Go's unstable sort, as kubectl), or
    ``Events:  <none>``."""
    now = settings.now
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    ordered = go_sort(list(events), lambda a, b: _last_timestamp(a) < _last_timestamp(b))
    for event in ordered:
        source = (event.get("source") or {}).get("component") or event.get(
            "reportingComponent") or ""
        w.write(1, f"{event.get('type') or ''}\t{event.get('reason') or ''}\t"
                   f"{_event_age(event, now)}\t{source}\t"
                   f"{_event_message(event, settings)}\n")


def go_bool(value: object) -> str:
    """Go's ``%v`` of a bool (a missing one is false)."""
    return "true" if value else "false"
