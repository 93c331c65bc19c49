"""Finding and checking the manifests a scenario applies (``-f FILE``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model.specs import Scenario
from ..parse.resources import resource_type_for_kind


@dataclass(frozen=True)
class ManifestFinder:
    """Looks a name up in the page's directory, then in each configured directory."""

    search_path: Sequence[Path]

    def find(self, name: str) -> Path | None:
        path = Path(name)
        if path.is_absolute():
            return path if path.is_file() else None
        for directory in self.search_path:
            candidate = directory / path
            if candidate.is_file():
                return candidate
        return None

    def describe(self) -> str:
        return ", ".join(str(directory) for directory in self.search_path)


@dataclass
class LoadedManifests:
    contents: dict[str, bytes] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # where each is first named
    problems: list[tuple[str, int]] = field(default_factory=list)


def load_manifests(scenario: Scenario, finder: ManifestFinder) -> LoadedManifests:
    loaded = LoadedManifests()
    for name, line in scenario.manifest_names():
        if name in loaded.contents:
            continue
        path = finder.find(name)
        if path is None:
            loaded.problems.append(
                (f"manifest {name!r} not found (looked in: {finder.describe()}); "
                 "add its directory to podlab_manifest_path", line)
            )
            continue
        loaded.contents[name] = path.read_bytes()
        loaded.paths[name] = path
        loaded.lines[name] = line
    return loaded


def invalid_manifests(loaded: LoadedManifests) -> list[tuple[str, int]]:
    """Why each manifest cannot be applied, with its line.

    Only needed before a live run or when showing a record that is not current: a current
    record proves the same content was applied successfully.
    """
    problems = []
    for name, content in loaded.contents.items():
        problem = check_manifest(content)
        if problem:
            problems.append((f"manifest {name!r} is invalid: {problem}", loaded.lines[name]))
    return problems


def check_manifest(content: bytes) -> str | None:
    """A one-line reason why podlab cannot apply this file, or None."""
    import yaml  # here: replaying current records never needs it

    # libyaml's loader when PyYAML has it: the same safe loading, several times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        documents = [doc for doc in yaml.load_all(content, Loader=loader) if doc is not None]
    except yaml.YAMLError as error:
        return f"not valid YAML ({str(error).splitlines()[0]})"
    if not documents:
        return "it contains no object"
    for number, document in enumerate(documents, start=1):
        if not isinstance(document, dict):
            return f"document {number} is not a mapping"
        api_version, kind = document.get("apiVersion"), document.get("kind")
        name = (document.get("metadata") or {}).get("name")
        if not api_version or not kind or not name:
            return f"document {number} lacks apiVersion, kind or metadata.name"
        if resource_type_for_kind(str(api_version), str(kind)) is None:
            return f"document {number}: kind {kind} ({api_version}) is not supported by podlab"
    return None
