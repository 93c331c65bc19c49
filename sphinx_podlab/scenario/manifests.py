"""Finding and checking the manifests a scenario applies (``-f FILE``, ``-f DIR``, ``-f URL``).

A URL's content is fetched once, when a page that names it is first read with a cluster in
reach (modes auto and force), and kept in the record directory (``_remote/``): the key and
every later build, replay included, use that copy and never the network.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..model.specs import Scenario
from ..parse.manifests import is_url, manifest_files

FETCH_TIMEOUT = 30.0


class FetchError(Exception):
    """A URL manifest that could not be fetched (and has no copy yet)."""


@dataclass(frozen=True)
class RemoteCache:
    """Where fetched manifests are kept, and whether this build may fetch a missing one."""

    directory: Path
    may_fetch: bool

    def path_for(self, url: str) -> Path:
        """``_remote/HOST/PATH`` (readable in a diff); a hash keeps query strings apart."""
        parts = urlsplit(url)
        readable = re.sub(r"[^A-Za-z0-9._/-]", "_", f"{parts.netloc}{parts.path}").strip("/")
        if parts.query or not readable or readable.endswith("/"):
            readable += "-" + hashlib.sha256(url.encode()).hexdigest()[:12]
        return self.directory / readable

    def fetch(self, url: str) -> Path:
        path = self.path_for(url)
        if path.is_file():
            return path
        if not self.may_fetch:
            raise FetchError("not fetched yet and this build does not fetch (mode replay or "
                             "status): run 'nox -s regenerate' or a build in mode auto")
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
                content = response.read()
        except urllib.error.HTTPError as error:
            raise FetchError(f"cannot fetch it: HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise FetchError(f"cannot fetch it: {reason}") from error
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        partial.replace(path)  # atomic: a half-written copy is never used
        return path


@dataclass(frozen=True)
class ManifestFinder:
    """Looks a name up in the page's directory, then in each configured directory; a URL
    in the remote cache."""

    search_path: Sequence[Path]
    remote: RemoteCache | None = None

    def find(self, name: str) -> Path | None:
        """The file or directory ``name`` means; FetchError for a URL that cannot be had."""
        if is_url(name):
            if self.remote is None:
                raise FetchError("URL manifests need a record directory")
            return self.remote.fetch(name)
        path = Path(name)
        if path.is_absolute():
            return path if path.exists() else None
        for directory in self.search_path:
            candidate = directory / path
            if candidate.exists():
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
    data_files: set[str] = field(default_factory=set)  # names read as data, not manifests


def content_of(path: Path, name: str, data: bool = False) -> bytes:
    """A file's bytes; for a directory, each file's name and bytes in kubectl's order (so
    adding, renaming or changing a file changes the key): its manifest files, or for data
    (``--from-file=DIR``) every regular file."""
    if not path.is_dir():
        return path.read_bytes()
    if data:
        files = [(child.name, child) for child in sorted(path.iterdir(),
                                                         key=lambda p: p.name.encode())
                 if child.is_file()]
    else:
        files = manifest_files(path, name)
    return b"".join(shown.encode() + b"\0" + file.read_bytes() + b"\0" for shown, file in files)


def load_manifests(scenario: Scenario, finder: ManifestFinder) -> LoadedManifests:
    """The manifests, and the data files commands read, by the names they are given."""
    loaded = LoadedManifests()
    data_files = scenario.data_file_names()
    loaded.data_files = {name for name, _ in data_files}
    for name, line in [*scenario.manifest_names(), *data_files]:
        if name in loaded.contents:
            continue
        try:
            path = finder.find(name)
        except FetchError as error:
            loaded.problems.append((f"manifest {name!r}: {error}", line))
            continue
        if path is None:
            what = "file" if name in loaded.data_files else "manifest"
            loaded.problems.append(
                (f"{what} {name!r} not found (looked in: {finder.describe()}); "
                 "add its directory to podlab_manifest_path", line)
            )
            continue
        loaded.contents[name] = content_of(path, name, data=name in loaded.data_files)
        loaded.paths[name] = path
        loaded.lines[name] = line
    return loaded


def invalid_manifests(loaded: LoadedManifests) -> list[tuple[str, int]]:
    """Why each manifest cannot be applied, with its line.

    Only needed before a live run or when showing a record that is not current: a current
    record proves the same content was applied successfully.
    """
    problems = []
    for name, path in loaded.paths.items():
        if name in loaded.data_files:
            continue
        for shown, file in manifest_files(path, name):
            problem = check_manifest(file.read_bytes(), shown)
            if problem:
                problems.append((f"manifest {shown!r} is invalid: {problem}", loaded.lines[name]))
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
