"""``-f DIR`` (kubectl's file order and names) and ``-f URL`` (fetched once into the record
directory, never again; replay and status never fetch)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from manifest_server import ManifestServer

from sphinx_podlab.parse.manifests import load_documents, manifest_files
from sphinx_podlab.scenario.manifests import FetchError, ManifestFinder, RemoteCache, content_of

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    directory = tmp_path / "several"
    (directory / "nested").mkdir(parents=True)
    (directory / "b.yml").write_text(CONFIGMAP.format(name="b"))
    (directory / "a.yaml").write_text(CONFIGMAP.format(name="a"))
    (directory / "C.json").write_text('{"apiVersion": "v1", "kind": "ConfigMap", '
                                      '"metadata": {"name": "c"}}')
    (directory / "notes.txt").write_text("not a manifest")
    (directory / "nested" / "d.yml").write_text(CONFIGMAP.format(name="d"))
    return tmp_path


def test_a_directory_is_its_manifest_files_in_kubectls_order(book: Path) -> None:
    files = manifest_files(book / "several", "several/")
    # byte order (upper case first), .json/.yaml/.yml only, no subdirectories without -R
    assert [shown for shown, _ in files] == ["several/C.json", "several/a.yaml", "several/b.yml"]
    documents = load_documents(book / "several", "several")
    assert [(shown, obj["metadata"]["name"]) for shown, obj in documents] == [
        ("several/C.json", "c"), ("several/a.yaml", "a"), ("several/b.yml", "b")]


def test_a_directory_s_content_changes_with_any_of_its_files(book: Path) -> None:
    before = content_of(book / "several", "several")
    (book / "several" / "a.yaml").write_text(CONFIGMAP.format(name="renamed"))
    assert content_of(book / "several", "several") != before
    changed = content_of(book / "several", "several")
    (book / "several" / "notes.txt").write_text("still not a manifest")
    assert content_of(book / "several", "several") == changed  # not read by kubectl either


@pytest.fixture
def server(book: Path) -> Iterator[ManifestServer]:
    served = ManifestServer(book / "several")
    try:
        yield served
    finally:
        served.close()


def test_a_url_is_fetched_once_and_then_read_from_its_copy(book: Path,
                                                           server: ManifestServer) -> None:
    cache = RemoteCache(book / "_podlab" / "_remote", may_fetch=True)
    finder = ManifestFinder((book,), cache)
    url = server.url("b.yml")
    first = finder.find(url)
    assert first is not None and first.read_text() == CONFIGMAP.format(name="b")
    assert first == book / "_podlab" / "_remote" / f"127.0.0.1_{server.port}" / "b.yml"
    assert finder.find(url) == first
    assert server.requests == ["/b.yml"]  # the second build did not ask again


def test_without_fetching_a_missing_copy_is_a_clear_error(book: Path,
                                                         server: ManifestServer) -> None:
    finder = ManifestFinder((book,), RemoteCache(book / "_remote", may_fetch=False))
    with pytest.raises(FetchError, match="not fetched yet"):
        finder.find(server.url("b.yml"))
    assert server.requests == []


def test_an_unreachable_url_names_the_reason(book: Path) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    finder = ManifestFinder((book,), RemoteCache(book / "_remote", may_fetch=True))
    with pytest.raises(FetchError, match=r"cannot fetch it: .*[Cc]onnection refused"):
        finder.find(f"http://127.0.0.1:{port}/x.yml")
    assert not (book / "_remote").exists()  # nothing half-written


def test_a_missing_file_on_the_server_is_its_answer(book: Path, server: ManifestServer) -> None:
    finder = ManifestFinder((book,), RemoteCache(book / "_remote", may_fetch=True))
    with pytest.raises(FetchError, match="cannot fetch it: HTTP 404 File not found"):
        finder.find(server.url("nosuch.yml"))
