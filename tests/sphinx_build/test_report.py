"""The podlab-report table and the reader-facing labels in Japanese and English."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from .records import chapter_record, page_key, store_of


def appendix_text(app: Any) -> str:
    html = (Path(app.outdir) / "appendix.html").read_text(encoding="utf-8")
    return unescape(re.sub(r"<[^>]+>", " ", html))


def build_with_record(make_app: Any, app: Any) -> Any:
    app.build()
    store_of(app).write(chapter_record(page_key(app, "chapter"), docname="chapter"))
    app.cleanup()
    again = make_app("html", srcdir=app.srcdir, confoverrides=app.config.overrides)
    again.build()
    return again


@pytest.mark.sphinx("html", testroot="report")
def test_report_lists_every_recorded_page_in_japanese(make_app: Any, app: Any) -> None:
    built = build_with_record(make_app, app)
    assert built.warning.getvalue() == ""
    text = " ".join(appendix_text(built).split())
    assert "ページ 記録日時 Kubernetes 所要時間(秒) ステップ数" in text
    assert "Pod IP 2026-11-27T08:00:00+00:00 v1.34.9 20.0 5" in text
    html = (Path(built.outdir) / "appendix.html").read_text(encoding="utf-8")
    assert 'href="chapter.html"' in html


@pytest.mark.sphinx("html", testroot="report", confoverrides={"language": "en"})
def test_labels_are_english_for_english_books(make_app: Any, app: Any) -> None:
    built = build_with_record(make_app, app)
    text = " ".join(appendix_text(built).split())
    assert "Page Recorded at Kubernetes Duration (s) Steps" in text
    chapter = (Path(built.outdir) / "chapter.html").read_text(encoding="utf-8")
    assert "IP address (before)" in chapter and "<p>yes</p>" in chapter


@pytest.mark.sphinx("html", testroot="report")
def test_japanese_notices(app: Any) -> None:
    app.build()
    chapter = (Path(app.outdir) / "chapter.html").read_text(encoding="utf-8")
    assert "出力は未記録です" in chapter
    assert "このページの出力は、まだクラスターから記録されていません。" in chapter
