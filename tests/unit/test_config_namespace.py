"""``podlab_namespace`` with ``{page}``: a namespace per page, so pages run in parallel."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from sphinx_podlab.config import CONFIG_VALUES, PodlabConfigError, PodlabSettings


def settings(namespace: str) -> PodlabSettings:
    values = {name: default for name, default, _rebuild, _types in CONFIG_VALUES}
    values["podlab_namespace"] = namespace
    return PodlabSettings.from_config(SimpleNamespace(**values), Path("/src"), environ={})


def test_a_plain_namespace_is_every_page_s() -> None:
    assert settings("default").namespace_for("ch2/service") == "default"


def test_page_becomes_the_page_s_name() -> None:
    book = settings("book-{page}")
    assert book.namespace_for("ch2/Service_Types") == "book-ch2-service-types"
    assert book.namespace_for("index") == "book-index"


def test_long_names_stay_namespace_names_and_distinct() -> None:
    book = settings("book-{page}")
    one, two = (book.namespace_for("chapter/" + "x" * 80 + tail) for tail in ("a", "b"))
    assert len(one) <= 63 and len(two) <= 63 and one != two
    assert one.startswith("book-chapter-xxx")


@pytest.mark.parametrize("bad", ["Book", "book_{page}", "-book", "book-"])
def test_a_namespace_that_cannot_be_one_is_a_setting_error(bad: str) -> None:
    with pytest.raises(PodlabConfigError, match="is not a namespace name"):
        settings(bad)
