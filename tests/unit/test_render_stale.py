"""Which blocks a stale record leaves out of date; its date in the book's language."""

from __future__ import annotations

from typing import Any

from sphinx_podlab.render.stale import first_changed_block, readable_date


def inputs(*argvs: list[str], manifest: str = "aaa", namespace: str = "default") -> dict[str, Any]:
    return {"namespace": namespace, "manifests": {"ss-mysql.yml": manifest},
            "blocks": [{"argv": [argv]} for argv in argvs]}


APPLY = ["kubectl", "apply", "-f", "ss-mysql.yml"]
GET = ["kubectl", "get", "pods"]


def test_the_first_changed_block_and_later_ones() -> None:
    assert first_changed_block(inputs(GET, GET, GET), inputs(GET, [*GET, "-o", "wide"], GET)) == 1
    assert first_changed_block(inputs(GET, GET), inputs(GET, GET)) == 2  # nothing changed
    assert first_changed_block(inputs(GET), inputs(GET, GET)) == 1  # a block added


def test_a_changed_manifest_dates_the_block_that_reads_it() -> None:
    assert first_changed_block(inputs(GET, APPLY), inputs(GET, APPLY, manifest="bbb")) == 1


def test_another_namespace_or_no_inputs_dates_every_block() -> None:
    assert first_changed_block(inputs(GET, GET), inputs(GET, GET, namespace="x")) == 0
    assert first_changed_block({}, inputs(GET)) == 0


def test_readable_date() -> None:
    japanese = "%(year)d年%(month)d月%(day)d日 %(hour)02d:%(minute)02d UTC"
    written = readable_date("2026-12-01T14:25:09+00:00", lambda _: japanese)
    assert written == "2026年12月1日 14:25 UTC"
    assert readable_date("2026-12-01T23:25:09+09:00", str) == "2026-12-01 14:25 UTC"
    assert readable_date("not a date", str) == "not a date"
