"""Finding and checking the manifests a scenario applies (``-f FILE``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model.specs import Scenario


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
        problem = check_manifest(content, name)
        if problem:
            problems.append((f"manifest {name!r} is invalid: {problem}", loaded.lines[name]))
    return problems


def check_manifest(content: bytes, name: str) -> str | None:
    """Why kubectl would refuse this file (its own message), or None: the same reading as
    the apply's (``parse/manifests.py``); kinds are for the server to know, not checked here."""
    from ..parse.manifests import ManifestError, parse_manifest  # only when not current

    try:
        parse_manifest(content.decode("utf-8"), name)
    except UnicodeDecodeError as error:
        return f"not UTF-8 text ({error})"
    except ManifestError as error:
        return str(error)
    return None
