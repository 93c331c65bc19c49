"""`python -m sphinx_podlab status`: each state, the reasons, the exit status, --json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.record.store import Failure, RecordStore
from sphinx_podlab.sphinxext.domain import podlab_domain
from sphinx_podlab.status import collect_status, current_inputs, main

from .records import chapter_record

BOOKS = ("test-chapter", "test-errors", "test-rst", "test-browser", "test-report",
         "test-live-failures", "test-shell", "test-shell-live", "test-shell-runtime")


@pytest.fixture
def docs(tmp_path: Path, rootdir: Path) -> Path:
    target = tmp_path / "docs"
    shutil.copytree(rootdir / "test-chapter", target)
    return target


def state(docs: Path) -> tuple[str, list[str]]:
    (page,) = collect_status(docs)
    assert page.docname == "index"
    return page.state, page.reasons


def test_every_state(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert state(docs) == ("never recorded", [])
    assert main(["status", str(docs)]) == 1

    (inputs,) = current_inputs(docs).values()
    store = RecordStore(docs / "_podlab")
    store.write(chapter_record(inputs.key, inputs=inputs.data))
    assert state(docs) == ("current", [])
    capsys.readouterr()
    assert main(["status", str(docs)]) == 0
    assert "index" in capsys.readouterr().out

    page = docs / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "$ kubectl get pods # mysql", "$ kubectl get pods -o wide # mysql"), encoding="utf-8")
    (docs / "ss-mysql.yml").write_text("# edited\n" + (docs / "ss-mysql.yml").read_text())
    stale, reasons = state(docs)
    assert stale == "stale"
    assert reasons == [
        "manifest ss-mysql.yml changed",
        "block 2, command 1: kubectl get pods → kubectl get pods -o wide",
    ]
    assert main(["status", str(docs), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["state"] == "stale" and data[0]["recorded_at"] == "2026-11-27T08:00:00+00:00"

    (changed,) = current_inputs(docs).values()
    store.note_failure("index", Failure("2026-11-27T09:00:00+00:00", changed.key, "boom", 12))
    assert state(docs) == ("failed", ["2026-11-27T09:00:00+00:00 (line 12): boom"])

    store.path("index").write_text("{", encoding="utf-8")
    assert state(docs)[0] == "corrupt"


@pytest.mark.parametrize("book", BOOKS)
def test_status_reads_the_keys_a_build_computes(book: str, rootdir: Path, make_app: Any,
                                                tmp_path: Path) -> None:
    """status parses the pages with docutils alone: its keys must be the build's."""
    srcdir = tmp_path / book
    shutil.copytree(rootdir / book, srcdir)
    app = make_app("dummy", srcdir=srcdir, confoverrides={"podlab_execution_mode": "off"})
    app.build()
    built = {name: outcome.key for name, outcome in podlab_domain(app.env).outcomes()}
    read = {name: inputs.key for name, inputs in current_inputs(srcdir).items()}
    assert read == built and built


def test_status_reads_the_book_s_keys(make_app: Any, tmp_path: Path) -> None:
    docs = Path(__file__).parents[2] / "docs"
    app = make_app("dummy", srcdir=docs, builddir=tmp_path,
                   confoverrides={"podlab_execution_mode": "off"})
    app.build()
    built = {name: outcome.key for name, outcome in podlab_domain(app.env).outcomes()}
    assert {name: inputs.key for name, inputs in current_inputs(docs).items()} == built
