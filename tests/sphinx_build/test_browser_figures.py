"""podlab-browser blocks replayed from a record: a figure of the stored PNG."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.model.records import BlockRecord, Record, Screenshot
from sphinx_podlab.model.results import ClusterInfo, CommandResult, PodState
from sphinx_podlab.model.snapshot import from_pod_state

from .records import page_key, store_of


def tiny_png(width: int = 1) -> bytes:
    """A valid width×1 PNG made here (no binary fixture in the repository)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\xff\xff" * width)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + \
        chunk(b"IEND", b"")


def browser_record(key: str, width: int = 1, scale: int = 1) -> tuple[Record, dict[str, bytes]]:
    png = tiny_png(width)
    shot = Screenshot("index/login-by-ip.png", hashlib.sha256(png).hexdigest(), len(png), "/",
                      ("expect-value '#serverNameInput' 10.1.0.10",), 2.5, "pma-x",
                      scale=scale, width=width)
    record = Record(
        docname="index", key=key, recorded_at="2026-11-27T08:00:00+00:00",
        cluster=ClusterInfo("v1.34.9", "linux/amd64"), namespace="default", seconds=5.0,
        blocks=(BlockRecord(None, (CommandResult(("kubectl",), "NAME\n", "", 0, 0.1),),
                            "before"),
                BlockRecord("login-by-ip", (), None, shot)),
        snapshots={"before": (
            from_pod_state(PodState("mysql-0", "10.1.0.10", "u", "Running", True, 0)),)},
    )
    return record, {shot.file: png}


@pytest.mark.sphinx("html", testroot="browser")
def test_screenshot_is_a_figure_with_its_caption(make_app: Any, app: Any) -> None:
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "(スクリーンショットは未記録) 控えておいたIPでは?" in page
    record, images = browser_record(page_key(app, "index"))
    store_of(app).write(record, images)
    app.cleanup()
    built = make_app("html", srcdir=app.srcdir)
    built.build()
    assert built.warning.getvalue() == ""
    page = (Path(built.outdir) / "index.html").read_text(encoding="utf-8")
    assert '<img alt="控えておいたIPでは?" src="_images/login-by-ip.png" style="width: 80%;" />' \
        in page
    assert '<span class="caption-text">控えておいたIPでは?</span>' in page
    assert (Path(built.outdir) / "_images" / "login-by-ip.png").read_bytes() == tiny_png()

    # A damaged screenshot is a record error, and the file is left alone.
    png_path = store_of(built).image_path("index/login-by-ip.png")
    png_path.write_bytes(b"not a png")
    built.cleanup()
    damaged = make_app("html", srcdir=app.srcdir, freshenv=True)
    damaged.build()
    assert "index.md:3: WARNING: podlab の記録のスクリーンショットが見つからないか、変更されて" \
        "います: index/login-by-ip.png" in damaged.warning.getvalue()
    assert damaged.statuscode == 1
    assert png_path.read_bytes() == b"not a png"


@pytest.mark.sphinx("html", testroot="browser")
def test_a_2x_screenshot_is_shown_at_its_css_size_and_links_to_the_full_image(
    make_app: Any, app: Any
) -> None:
    page_path = Path(app.srcdir) / "index.md"
    page_path.write_text(page_path.read_text(encoding="utf-8").replace(":width: 80%\n", ""),
                         encoding="utf-8")
    app.build()
    record, images = browser_record(page_key(app, "index"), width=800, scale=2)
    store_of(app).write(record, images)
    app.cleanup()
    built = make_app("html", srcdir=app.srcdir)
    built.build()
    assert built.warning.getvalue() == ""
    page = (Path(built.outdir) / "index.html").read_text(encoding="utf-8")
    assert ('<a class="reference internal image-reference" href="_images/login-by-ip.png">'
            '<img alt="控えておいたIPでは?" src="_images/login-by-ip.png" style="width: 400px;" />'
            '\n</a>') in page


@pytest.mark.sphinx("html", testroot="browser")
def test_bad_browser_actions_are_errors_at_their_lines(app: Any) -> None:
    page = Path(app.srcdir) / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("screenshot", "teleport #x"),
                    encoding="utf-8")
    app.build()
    assert "index.md:15: WARNING: " in app.warning.getvalue()
    assert "teleport" in app.warning.getvalue()
    assert app.statuscode == 1


@pytest.mark.sphinx("html", testroot="browser")
def test_placeholder_needs_an_earlier_snapshot(app: Any) -> None:
    page = Path(app.srcdir) / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "fill #serverNameInput {mysql-0@before}", "fill #serverNameInput {mysql-0@after}"),
        encoding="utf-8")
    app.build()
    assert "index.md:13: WARNING: {…@after}: no snapshot 'after' is taken before this " \
        "browser step (earlier snapshots: before)" in app.warning.getvalue()
    assert app.statuscode == 1
