"""Manifest files into JSON-like objects, as kubectl reads them (sigs.k8s.io/yaml).

go-yaml reads timestamp-looking values into ``interface{}`` as strings, and YAML-to-JSON
turns non-string keys into strings and whole floats into integers: loaded that way here,
so the last-applied annotation is the JSON kubectl would write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..model.errors import PodlabExecutionError
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


def load_manifest(path: Path, shown_as: str) -> list[Obj]:
    """Every object of a multi-document YAML (or JSON) file; ``kind: List`` is expanded."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PodlabExecutionError(f"manifest {shown_as} not found ({path})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PodlabExecutionError(f"manifest {shown_as} cannot be read: {exc}") from exc
    try:
        documents = list(yaml.load_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PodlabExecutionError(f"manifest {shown_as} is not valid YAML{where}: {problem}") \
            from exc
    objects: list[Obj] = []
    for number, document in enumerate(documents, start=1):
        if document is None:
            continue
        if not isinstance(document, dict):
            raise PodlabExecutionError(
                f"manifest {shown_as}: document {number} is not a mapping"
            )
        document = _jsonable(document)
        if document.get("kind") == "List" and isinstance(document.get("items"), list):
            objects.extend(item for item in document["items"] if isinstance(item, dict))
            continue
        objects.append(document)
    for number, obj in enumerate(objects, start=1):
        missing = [field for field in ("apiVersion", "kind") if not obj.get(field)]
        if missing:
            raise PodlabExecutionError(
                f"manifest {shown_as}: object {number} has no {' and no '.join(missing)}"
            )
        if not (obj.get("metadata") or {}).get("name"):
            raise PodlabExecutionError(f"manifest {shown_as}: object {number} has no metadata.name")
    return objects
