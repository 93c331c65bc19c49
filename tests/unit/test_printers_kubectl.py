"""Our printers against real kubectl v1.34.9: the same objects, the same ``-o`` values, the
same stdout, stderr and exit status (fixtures/printers, written by its capture.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.printers import (
    PrinterError,
    SortBy,
    decode_json,
    template_printer,
)

FIXTURES = Path(__file__).parent / "fixtures" / "printers"
CASES: list[dict[str, Any]] = json.loads((FIXTURES / "cases.json").read_text())
# klog's header: severity, date, time, process id, file:line
KLOG = re.compile(r"^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ (sorter\.go:\d+\] .*)$", re.S)


def objects(target: str) -> Any:
    return decode_json((FIXTURES / "objects" / f"{target}.json").read_text())


def run(case: dict[str, Any]) -> tuple[str, str, int]:
    """stdout, stderr and exit status of our printers for one captured kubectl line."""
    obj = objects(case["target"])
    flags = case["flags"]
    sort_by = next((f.split("=", 1)[1] for f in flags if f.startswith("--sort-by=")), None)
    output = case["output"]
    value = case.get("template", case.get("file"))
    try:
        if output == "name":  # -o name: only the order of the items is ours
            items = SortBy(sort_by or "").sort_items(obj["items"])
            return "".join(f"{item['kind'].lower()}/{item['metadata']['name']}\n"
                           for item in items), "", 0
        printer = template_printer(f"{output}={value}" if value or "file" in case else output,
                                   no_headers="--no-headers" in flags,
                                   read_file=lambda _path: case["file"])
        if sort_by is not None:
            obj = dict(obj, items=SortBy(sort_by).sort_items(obj["items"]))
        return printer.print(obj), "", 0
    except PrinterError as err:
        return err.stdout, err.stderr, 1


def _random_order(case: dict[str, Any]) -> bool:
    """Go visits a map's values in random order for ``..`` and ``.*``: we sort the keys."""
    template = case.get("template") or ""
    return case["output"] == "jsonpath" and (".." in template or ".*" in template)


def label(case: dict[str, Any]) -> str:
    extra = " ".join(case["flags"])
    return f"{case['target']} -o {case['output']}={case.get('template', case.get('file'))} {extra}"


@pytest.mark.parametrize("case", CASES, ids=[label(c) for c in CASES])
def test_same_as_kubectl(case: dict[str, Any]) -> None:
    stdout, stderr, status = run(case)
    if _random_order(case):
        assert sorted(stdout.split(" ")) == sorted(case["stdout"].split(" "))
    else:
        assert stdout == case["stdout"]
    klog = KLOG.match(case["stderr"])
    if klog:
        ours = KLOG.match(stderr)
        assert ours and ours.group(1) == klog.group(1)
    else:
        assert stderr == case["stderr"]
    assert status == case["exit"]


def test_the_captures_cover_every_printer() -> None:
    outputs = {case["output"] for case in CASES}
    assert {"jsonpath", "jsonpath-as-json", "custom-columns", "custom-columns-file",
            "go-template", "name"} <= outputs
    assert sum(1 for case in CASES if case["exit"] != 0) >= 20
