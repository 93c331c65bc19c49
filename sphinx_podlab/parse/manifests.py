"""Manifest files into JSON-like objects, as kubectl reads them (sigs.k8s.io/yaml).

go-yaml reads timestamp-looking values into ``interface{}`` as strings, and YAML-to-JSON
turns non-string keys into strings and whole floats into integers: loaded that way here,
so the last-applied annotation is the JSON kubectl would write.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..model.errors import CliError, PodlabExecutionError
from ..model.kinds import Obj


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp type (go-yaml gives such values as strings)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {_key(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


VALIDATE_HINT = "; if you choose to ignore these errors, turn validation off with --validate=false"


class ManifestError(CliError):
    """A manifest kubectl would refuse, with kubectl's own message (printed as its output)."""


MANIFEST_EXTENSIONS = (".json", ".yaml", ".yml")  # what kubectl reads from a directory


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def manifest_files(path: Path, shown_as: str) -> list[tuple[str, Path]]:
    """``-f FILE`` is that file; ``-f DIR`` its ``.json``/``.yaml``/``.yml`` files in
    kubectl's order (filepath.Walk: by name, subdirectories skipped without ``-R``), each
    shown as kubectl names it (``DIR/file.yml``)."""
    if not path.is_dir():
        return [(shown_as, path)]
    root = shown_as.rstrip("/") or "/"
    return [(f"{root}/{child.name}", child)
            for child in sorted(path.iterdir(), key=lambda p: p.name.encode())
            if child.is_file() and child.suffix in MANIFEST_EXTENSIONS]


def load_documents(path: Path, shown_as: str) -> list[tuple[str, Obj]]:
    """Every object of ``-f FILE|DIR``, each with the file name kubectl shows for it."""
    return [(shown, obj) for shown, file in manifest_files(path, shown_as)
            for obj in load_manifest(file, shown)]


def load_manifest(path: Path, shown_as: str) -> list[Obj]:
    """Every object of a multi-document YAML (or JSON) file; ``kind: List`` is expanded."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PodlabExecutionError(f"manifest {shown_as} not found ({path})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PodlabExecutionError(f"manifest {shown_as} cannot be read: {exc}") from exc
    return parse_manifest(text, shown_as)


def parse_manifest(text: str, shown_as: str) -> list[Obj]:
    """The objects of a manifest's text, or ManifestError as kubectl apply words it.

    The one reading of a manifest: the scenario check before a run, apply, delete and
    describe all use it. Which kinds exist is the server's business (discovery at run time).
    """
    try:
        documents = list(yaml.load_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise ManifestError(f"error parsing {shown_as}: error converting YAML to JSON: "
                            f"yaml: {_go_yaml_problem(exc)}") from exc
    objects: list[Obj] = []
    for document in documents:
        if document is None:
            continue
        if not isinstance(document, dict):
            raise _invalid(shown_as, "invalid object to validate")
        document = _jsonable(document)
        items = document.get("items") if document.get("kind") == "List" else None
        for obj in items if isinstance(items, list) else [document]:
            if not isinstance(obj, dict):
                raise _invalid(shown_as, "invalid object to validate")
            missing = [f"{field} not set" for field in ("apiVersion", "kind") if not obj.get(field)]
            if missing:
                raise _invalid(shown_as, missing[0] if len(missing) == 1
                               else f"[{', '.join(missing)}]")
            if not (obj.get("metadata") or {}).get("name"):
                # kubectl asks the server for an object without a name; podlab says so first
                raise ManifestError(f"{shown_as}: {obj['kind']} has no metadata.name "
                                    "(resource name may not be empty)")
            objects.append(obj)
    return objects


# PyYAML's wording of the problems authors make most, in go-yaml's (which kubectl prints)
_GO_YAML_WORDING = (
    (re.compile(r"^mapping values are not allowed here$"),
     "mapping values are not allowed in this context"),
    (re.compile(r"^expected (.+), but (?:found|got) .*$"), r"did not find expected \1"),
)


def _go_yaml_problem(exc: yaml.YAMLError) -> str:
    """``line N: problem`` as go-yaml says it: the line of the construct being parsed when
    there is one (``while parsing a flow sequence``), else the line of the problem."""
    context_mark = getattr(exc, "context_mark", None) if getattr(exc, "context", None) else None
    mark = context_mark or getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    for pattern, go_wording in _GO_YAML_WORDING:
        if pattern.match(problem):
            problem = pattern.sub(go_wording, problem)
            break
    return f"line {mark.line + 1}: {problem}" if mark is not None else problem


def _invalid(shown_as: str, problem: str) -> ManifestError:
    return ManifestError(f'error validating "{shown_as}": error validating data: {problem}'
                         f"{VALIDATE_HINT}")
