"""Type names podlab's table does not know are resolved through the server's discovery when
the command runs, as kubectl's RESTMapper does (the discovery documents are the lab's)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.execute.context import Cache
from sphinx_podlab.execute.discovery import discovered_type, resolve_deferred
from sphinx_podlab.execute.failures import CliError
from sphinx_podlab.model.objects import ResourceType
from sphinx_podlab.parse.shell import split_shell_words
from sphinx_podlab.verbs.get import Get
from sphinx_podlab.verbs.registry import parse_kubectl

DISCOVERY = Path(__file__).parent / "fixtures" / "discovery"


class _Discovery:
    """The two methods of the execution Context that discovery reads, over captures."""

    def __init__(self) -> None:
        self.cache = Cache()
        self.asked: list[str] = []

    def get(self, path: str, query: dict[str, str | int] | None = None) -> dict[str, Any]:
        self.asked.append(path)
        data: dict[str, Any] = json.loads(
            (DISCOVERY / (path.strip("/").replace("/", "_") + ".json")).read_text())
        return data


def test_an_unknown_name_parses_as_deferred() -> None:
    command = parse_kubectl(split_shell_words("kubectl get controllerrevisions").argv)
    assert isinstance(command, Get)
    assert any(getattr(ref, "deferred", False) for ref in _types(command))


def _types(value: object) -> list[object]:
    """Every resource type a command holds."""
    if isinstance(value, ResourceType):
        return [value]
    if isinstance(value, tuple):
        return [found for item in value for found in _types(item)]
    if is_dataclass(value) and not isinstance(value, type):
        return [found for field in fields(value) for found in _types(getattr(value, field.name))]
    return []


@pytest.mark.parametrize(("name", "plural", "group"), [
    ("controllerrevisions", "controllerrevisions", "apps"),
    ("controllerrevision", "controllerrevisions", "apps"),
    ("controllerrevisions.apps", "controllerrevisions", "apps"),
    ("csidrivers", "csidrivers", "storage.k8s.io"),
    ("podtemplates", "podtemplates", ""),
])
def test_discovery_resolves_plural_singular_and_group(name: str, plural: str,
                                                      group: str) -> None:
    found = discovered_type(_Discovery(), name)
    assert (found.plural, found.group, found.deferred) == (plural, group, False)


def test_a_name_the_server_does_not_serve_is_kubectl_s_error() -> None:
    with pytest.raises(CliError, match='the server doesn\'t have a resource type "widgets"'):
        discovered_type(_Discovery(), "widgets")


def test_a_command_is_resolved_once_and_known_types_left_alone() -> None:
    reader = _Discovery()
    command = parse_kubectl(split_shell_words("kubectl get controllerrevisions").argv)
    resolved = resolve_deferred(reader, command)
    assert not any(getattr(t, "deferred", False) for t in _types(resolved))
    asked = len(reader.asked)
    again = parse_kubectl(split_shell_words("kubectl get controllerrevision").argv)
    resolve_deferred(reader, again)
    known = parse_kubectl(split_shell_words("kubectl get pods").argv)
    assert resolve_deferred(reader, known) is known
    assert len(reader.asked) > asked  # another spelling: looked up, then cached by name
