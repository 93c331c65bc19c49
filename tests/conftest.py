"""Shared fixtures: Sphinx's testing fixtures, with test roots under tests/sphinx/roots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "sphinx_build" / "roots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every Sphinx test a source directory of its own.

    sphinx.testing copies a test root once per session and shares the copy between tests
    of the same root; records written by one test would leak into the next.
    """
    for item in items:
        marker = item.get_closest_marker("sphinx")
        if marker is not None and "srcdir" not in marker.kwargs:
            # sphinx.testing merges the item's sphinx markers, the closest one last
            item.add_marker(pytest.mark.sphinx(srcdir=re.sub(r"\W+", "-", item.name)))
