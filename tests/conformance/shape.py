"""One podlab result against one kubectl result: byte for byte, else by shape.

Exit statuses must be equal. When stdout and stderr are byte-identical the case is an
``exact`` match. Otherwise (two runs differ in time, or in namespace) each stream is
compared after masking the values that legitimately differ, and the case is a ``shape``
match: tables cell by cell with ages masked, after checking that both are laid out exactly
as kubectl's tabwriter lays out their cells; YAML and JSON as data, after checking that
podlab's printer gives kubectl's bytes for kubectl's own data; other text line by line.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from e2e.compare import aligned, cells, mask, mask_age

from sphinx_podlab.execute.printers import kubectl_json, kubectl_yaml
from sphinx_podlab.model.results import CommandResult

from .cases import Case


@dataclass(frozen=True)
class Side:
    """One run: its result and the namespace names that are masked in it."""

    result: CommandResult
    namespaces: tuple[str, ...] = ()


def compare(case: Case, ours: Side, real: Side, keep: Mapping[str, Collection[str]]) -> str:
    """``exact`` or ``shape``; AssertionError with a diff when the outputs differ."""
    a, b = ours.result, real.result
    assert a.exit_code == b.exit_code, (
        f"exit status: podlab {a.exit_code}, kubectl {b.exit_code}\n"
        f"podlab stderr: {a.stderr!r}\nkubectl stderr: {b.stderr!r}")
    if a.stdout == b.stdout and a.stderr == b.stderr:
        return "exact"
    _same("stderr", _text(case, ours, ours.result.stderr), _text(case, real, real.result.stderr))
    allowed = keep.get(case.keep or "", ())
    if not a.stdout or not b.stdout or case.fmt == "text":
        _same("stdout", _text(case, ours, _keep_names(case, a.stdout, allowed)),
              _text(case, real, _keep_names(case, b.stdout, allowed)))
    elif case.fmt == "table":
        _same("stdout", _table(case, ours, allowed), _table(case, real, allowed))
    elif case.fmt == "sorted-lines":  # kubectl's own order is a Go map's (logs -l)
        _same("stdout", "".join(sorted(_text(case, ours, a.stdout).splitlines(keepends=True))),
              "".join(sorted(_text(case, real, b.stdout).splitlines(keepends=True))))
    else:
        _same("stdout", _data(case, ours, allowed), _data(case, real, allowed))
    return "shape"


def _same(stream: str, ours: str, real: str) -> None:
    if ours != real:
        diff = "\n".join(difflib.unified_diff(real.splitlines(), ours.splitlines(),
                                              "kubectl (masked)", "podlab (masked)", lineterm=""))
        raise AssertionError(f"{stream} differs from kubectl's:\n{diff}")


def _text(case: Case, side: Side, text: str) -> str:
    text = mask(text, *side.namespaces)
    for pattern, replacement in case.masks:
        text = re.sub(pattern, replacement, text, flags=re.M)
    return text


def _keep_names(case: Case, text: str, allowed: Collection[str]) -> str:
    """``-o name`` lines of a list that also holds other tests' objects: ours only."""
    if not case.keep:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if line.strip().split("/", 1)[-1] in allowed)


def _table(case: Case, side: Side, allowed: Collection[str]) -> str:
    """Each table (several types print one each, a blank line apart) cell by cell."""
    blocks = side.result.stdout.split("\n\n")
    compared = []
    for index, text in enumerate(blocks):
        text = text if index == len(blocks) - 1 else text + "\n"
        if "--no-headers" in case.line.split():
            # no header to find the columns by, and several types follow each other
            # without a blank line: cells are what two or more spaces separate
            rows = [re.split(r" {2,}", line) for line in text.splitlines()]
        else:
            assert aligned(text), f"not kubectl's table layout:\n{text}"
            rows = cells(text)
        if case.keep:
            rows = rows[:1] + [row for row in rows[1:] if row[0] in allowed]
        compared.append("\n".join("\t".join(_text(case, side, mask_age(cell)) for cell in row)
                                  for row in rows) + "\n")
    return "\n".join(compared)


def _data(case: Case, side: Side, allowed: Collection[str]) -> str:
    text = side.result.stdout
    if case.fmt == "yaml":
        data = yaml.safe_load(text)
        assert kubectl_yaml(data) == text, "kubectl's YAML printer would print this differently"
    else:
        data = json.loads(text)
        assert kubectl_json(data) == text, "kubectl's JSON printer would print this differently"
    if case.keep and isinstance(data, dict) and data.get("kind") == "List":
        data["items"] = [item for item in data["items"] if _item_key(item) in allowed]
    return _text(case, side, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False))


def _item_key(item: Any) -> str:
    metadata = item.get("metadata") or {}
    if item.get("kind") == "Namespace":
        return str(metadata.get("name"))
    return str(metadata.get("namespace"))
