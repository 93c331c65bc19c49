"""``kubectl get``'s human output from the Tables the lab sent kubectl: what real kubectl
printed from exactly these responses (fixtures/printers/tables.json, by its capture.py),
byte for byte: several types, ``all``, ``--show-labels``, ``-L``, ``--no-headers``,
``--sort-by`` (rows, Tables, and its errors)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from sphinx_podlab.execute.failures import error_text
from sphinx_podlab.execute.rest import ApiError
from sphinx_podlab.parse.resources import find_resource_type
from sphinx_podlab.parse.shell import split_shell_words
from sphinx_podlab.printers.human import TableInfo
from sphinx_podlab.verbs.get import Get, table_output
from sphinx_podlab.verbs.registry import parse_kubectl

FIXTURES = Path(__file__).parent / "fixtures" / "printers"
TABLES: list[dict[str, Any]] = json.loads((FIXTURES / "tables.json").read_text())
NAMESPACE = "h-printers-capture"
KLOG = re.compile(r"^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ")


def replay(capture: dict[str, Any]) -> tuple[str, str, int]:
    """Our stdout, stderr and exit status for kubectl's responses."""
    command = parse_kubectl(("kubectl", "get", *capture["args"]))
    assert isinstance(command, Get)
    infos: list[TableInfo] = []
    errors: list[ApiError] = []
    for response in capture["responses"]:
        body = response["body"]
        parts = urlparse(response["url"]).path.split("/namespaces/")[1].split("/")
        if len(parts) < 2:  # kubectl looking up the namespace itself: not printed
            continue
        if response["status"] != 200:
            errors.append(ApiError(response["status"], body))
        elif body.get("kind") == "Table":
            plural = parts[1]
            resource = find_resource_type(plural)
            assert resource is not None
            infos.append(TableInfo(resource.qualified_plural, resource.qualified_kind,
                                   resource.namespaced, body))
    stdout, stderr, failed = table_output(command, infos, bool(errors), NAMESPACE)
    if failed:
        return stdout, stderr, 1
    return stdout, stderr + error_text(errors), 1 if errors else 0


@pytest.mark.parametrize("capture", TABLES, ids=[" ".join(t["args"]) for t in TABLES])
def test_tables_as_kubectl_printed_them(capture: dict[str, Any]) -> None:
    stdout, stderr, status = replay(capture)
    assert stdout == capture["stdout"]
    assert KLOG.sub("F ", stderr) == KLOG.sub("F ", capture["stderr"])
    assert status == capture["exit"]


def test_the_captures_cover_the_forms() -> None:
    args = [" ".join(t["args"]) for t in TABLES]
    for form in ("--show-labels", " -L ", "--no-headers", "--sort-by", ",", "all"):
        assert any(form in " " + line + " " for line in args), form
    assert any(t["exit"] == 1 and t["stderr"].startswith("F") for t in TABLES)  # klog
    assert any("\n\n" in t["stdout"] for t in TABLES)  # a blank line between types


def test_line_parses_like_the_capture() -> None:
    command = parse_kubectl(split_shell_words(
        "kubectl get pods -L app -L app.kubernetes.io/name,nosuch --show-labels").argv)
    assert isinstance(command, Get)
    assert command.label_columns == ("app", "app.kubernetes.io/name", "nosuch")
    assert command.show_labels
