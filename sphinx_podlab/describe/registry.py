"""Which describer prints which kind: ``(API group, Kind)`` → function."""

from __future__ import annotations

from collections.abc import Callable

from .common import Settings
from .reader import Reader

# A describer fetches the object and whatever it shows about it (events, pods, replica
# sets...) through the reader, as kubectl's describers do, and returns the whole text.
Describer = Callable[[Reader, str, str, Settings], str]  # (reader, namespace, name, settings)

DESCRIBERS: dict[tuple[str, str], Describer] = {}


def describer(group: str, kind: str) -> Callable[[Describer], Describer]:
    """Register the decorated function as the describer of ``kind`` in ``group``."""
    def register(function: Describer) -> Describer:
        DESCRIBERS[(group, kind)] = function
        return function

    return register


class NotFound(Exception):
    """The object to describe does not exist (kubectl: ``pods "x" not found``)."""

    def __init__(self, resource: str, name: str) -> None:
        self.resource = resource  # plural, group-qualified: ``deployments.apps``
        self.name = name
        super().__init__(f'{resource} "{name}" not found')
