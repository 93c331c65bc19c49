"""``kubectl events``: parsing, and the table's LAST SEEN and order (kubectl's EventPrinter)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from sphinx_podlab.describe.gosort import go_sort
from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.verbs import events
from sphinx_podlab.verbs.registry import parse_kubectl

NOW = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)


def parse(line: str) -> events.Events:
    command = parse_kubectl(tuple(line.split()))
    assert isinstance(command, events.Events)
    return command


def test_parse_flags() -> None:
    command = parse("kubectl events --for pod/web -n lab --types=Warning,Normal -o yaml")
    assert command == events.Events("lab", False, "pod/web", ("Warning", "Normal"), "yaml")
    assert parse("kubectl events -A --no-headers").all_namespaces
    assert parse("kubectl events --types Warning --types Normal").types == ("Warning", "Normal")
    assert parse("kubectl events -w").watch


@pytest.mark.parametrize("line", ["kubectl events -w -o yaml", "kubectl events -o wide",
                                  "kubectl events pod"])
def test_refused(line: str) -> None:
    with pytest.raises(PodlabSyntaxError):
        parse_kubectl(tuple(line.split()))


def event(name: str, type_: str = "Normal", **times: object) -> dict[str, Any]:
    return {"metadata": {"name": name, "namespace": "lab"}, "type": type_, "reason": "Pulled",
            "involvedObject": {"kind": "Pod", "name": "web"}, "message": f" {name} \n",
            **times}


def test_table_intervals() -> None:
    rows = [
        event("once", firstTimestamp="2026-12-01T11:59:55Z", lastTimestamp="2026-12-01T11:59:55Z",
              count=1),
        event("again", "Warning", firstTimestamp="2026-12-01T11:50:00Z",
              lastTimestamp="2026-12-01T11:59:30Z", count=4),
        event("micro", eventTime="2026-12-01T11:58:00.123456Z"),
        event("series", eventTime="2026-12-01T11:00:00.000000Z",
              series={"count": 7, "lastObservedTime": "2026-12-01T11:59:00.000000Z"}),
        event("never"),
    ]
    table = events.event_table(rows, True, False, NOW)
    assert table.splitlines() == [
        "NAMESPACE   LAST SEEN           TYPE      REASON   OBJECT    MESSAGE",
        "lab         5s                  Normal    Pulled   Pod/web   once",
        "lab         30s (x4 over 10m)   Warning   Pulled   Pod/web   again",
        "lab         119s                Normal    Pulled   Pod/web   micro",
        "lab         60s (x7 over 60m)   Normal    Pulled   Pod/web   series",
        "lab         <unknown>           Normal    Pulled   Pod/web   never",
    ]
    headless = events.event_table(rows[:1], False, True, NOW)
    assert headless == "5s    Normal   Pulled   Pod/web   once\n"  # tabwriter's minimum 6


def test_order_by_last_time() -> None:
    rows = [event("late", lastTimestamp="2026-12-01T11:59:00Z"),
            event("zero"),
            event("series", series={"count": 2, "lastObservedTime": "2026-12-01T11:00:00Z"},
                  lastTimestamp="2026-12-01T11:59:59Z"),
            event("micro", eventTime="2026-12-01T11:30:00.5Z")]
    go_sort(rows, lambda a, b: events._event_time(a) < events._event_time(b))
    assert [row["metadata"]["name"] for row in rows] == ["zero", "series", "micro", "late"]


def test_typed_items_keep_the_api_order_without_managed_fields() -> None:
    item = {"metadata": {"name": "x", "managedFields": [{}], "labels": {"b": "1", "a": "2"}},
            "involvedObject": {"kind": "Pod"}, "reason": "R", "apiVersion": "v1"}
    typed = events._typed(item)
    assert list(typed) == ["kind", "apiVersion", "metadata", "involvedObject", "reason"]
    assert list(typed["metadata"]) == ["name", "labels"]
