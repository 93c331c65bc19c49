"""kubectl's generic describer: what ``kubectl describe`` prints for a kind it has no
describer of its own for (a CustomResourceDefinition, a Lease, any custom resource).

The object's fields, sorted, each with kubectl's "smart label" (``creationTimestamp`` →
``Creation Timestamp``), maps and lists indented one level deeper, then the events
(``genericDescriber`` and ``printUnstructuredContent`` in kubectl's describe.go).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..printers.gofmt import sprint
from .common import Settings, search_events, write_annotations, write_events, write_labels
from .reader import Reader
from .registry import NotFound
from .writer import PrefixWriter

Obj = dict[str, Any]

# shown in the header, or never
SKIPPED = (".metadata.managedFields", ".metadata.name", ".metadata.namespace",
           ".metadata.labels", ".metadata.annotations")
ACRONYMS = ("API", "URL", "UID", "OSB", "GUID")
ACRONYMS_37 = ("API", "URL", "UID", "GUID")  # kubectl 1.37 dropped OSB


def _class(char: str) -> int:
    """fatih/camelcase's classes: lower, upper, digit, other."""
    category = unicodedata.category(char)
    return {"Ll": 1, "Lu": 2, "Nd": 3}.get(category, 4)


def camelcase_split(text: str) -> list[str]:
    """``camelcase.Split``: runs of one class, an upper-case letter moved to the lower-case
    run after it (``PDFLoader`` → ``PDF``, ``Loader``)."""
    runs: list[list[str]] = []
    last = 0
    for char in text:
        kind = _class(char)
        if kind == last:
            runs[-1].append(char)
        else:
            runs.append([char])
        last = kind
    for index in range(len(runs) - 1):
        if _class(runs[index][0]) == 2 and _class(runs[index + 1][0]) == 1:
            runs[index + 1].insert(0, runs[index].pop())
    return ["".join(run) for run in runs if run]


def _merge_capitals(parts: list[str]) -> list[str]:
    """kubectl 1.37: a run of two or more capitals joins the part after it when that part
    starts with a capital (``PDF`` + ``Loader`` → ``PDFLoader``)."""
    merged: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else ""
        capitals = all(not char.isalpha() or char.isupper() for char in part)
        if len(part) >= 2 and capitals and following[:1].isupper():
            merged.append(part + following)
            index += 2
            continue
        merged.append(part)
        index += 1
    return merged


def smart_label(field: str, minor: int) -> str:
    """``smartLabelFor`` of kubectl v1.``minor``: a field of letters and dashes as words with
    capitals (acronyms in upper case); any other field as it is. Gated at 37: whether 1.35
    or 1.36 already merged capitals is not known here."""
    if any(not char.isalpha() and char != "-" for char in field):
        return field
    parts = camelcase_split(field)
    acronyms: tuple[str, ...] = ACRONYMS
    if minor >= 37:
        parts, acronyms = _merge_capitals(parts), ACRONYMS_37
    words = []
    for part in parts:
        if part == "_":
            continue
        if part.upper() in acronyms:
            words.append(part.upper())
        elif minor < 37 or part == part.lower():
            words.append(part[:1].upper() + part[1:])
        else:
            words.append(part)
    return " ".join(words)


def write_content(w: PrefixWriter, level: int, content: Obj, minor: int, prefix: str = ""
                  ) -> None:
    """``printUnstructuredContent``: fields sorted; a map or a list under its label, one
    level deeper (the maps of a list one after another, with nothing between them)."""
    for field in sorted(content):
        value = content[field]
        path = f"{prefix}.{field}"
        if path in SKIPPED:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label(field, minor)}:\n")
            write_content(w, level + 1, value, minor, path)
        elif isinstance(value, list):
            w.write(level, f"{smart_label(field, minor)}:\n")
            for item in value:
                if isinstance(item, dict):
                    write_content(w, level + 1, item, minor, path)
                else:
                    w.write(level + 1, f"{sprint(item)}\n")
        else:
            w.write(level, f"{smart_label(field, minor)}:\t{sprint(value)}\n")


def describe_generic(reader: Reader, path: str, resource: str, name: str,
                     settings: Settings) -> str:
    """The generic description of the object at ``path`` (``resource`` names it in the
    NotFound error, kubectl's way: ``leases.coordination.k8s.io``)."""
    obj = reader.get_or_none(path)
    if obj is None:
        raise NotFound(resource, name)
    metadata = obj.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    write_content(w, 0, obj, settings.minor)
    if settings.show_events:
        write_events(w, search_events(reader, obj, str(obj.get("kind") or ""), settings),
                     settings)
    return w.text()
