"""Shell lines in a page: their errors at docname:line, with the construct and its column."""

from __future__ import annotations

from typing import Any

import pytest

from .test_build import no_traceback, warnings


@pytest.mark.sphinx("html", testroot="shell")
def test_shell_errors_at_their_lines(app: Any) -> None:
    app.build()
    text = warnings(app)
    expected = [
        ("index.md:12", "output redirection '>' (column 20) is not supported"),
        ("index.md:13", "'grep' would read the file 'pods.txt': a host filter only reads the "
                        "output before it ('... | grep ...') (column 33)"),
        ("index.md:14", "variable NOWHERE (column 16) is not set"),
        ("index.md:15", "host command 'xargs' (column 22) is not supported"),
        ("index.md:17", "glob '[' (column 24) is not supported"),
        ("index.md:18", "'kubectl frobnicate' is not supported"),
        ("index.md:19", "background '&' (column 24) is supported only at the end of a line"),
    ]
    for location, message in expected:
        assert f"{location}: WARNING: {message}" in text, (location, text)
    # the first block is fine: $POD, set on line 6, is known in the second block too
    for line in range(5, 9):
        assert f"index.md:{line}: WARNING" not in text
    assert text.count("WARNING") == len(expected)
    assert "podlab: 1 page(s) failed: index" in text
    no_traceback(app)


@pytest.mark.sphinx("html", testroot="shell", confoverrides={"language": "ja"})
def test_shell_errors_in_the_books_language(app: Any) -> None:
    app.build()
    text = warnings(app)
    assert ("index.md:12: WARNING: 出力のリダイレクト '>' (20 桁目) には対応していません: "
            "ページはコマンドの出力を表示します。") in text
    # a filter's problem, translated inside the message that gives its column
    assert ("index.md:13: WARNING: 'grep' がファイル 'pods.txt' を読むことになります: ホストの"
            "フィルターは前の出力だけを読みます ('... | grep ...') (33 桁目)") in text
    assert "index.md:15: WARNING: ホストのコマンド 'xargs' (22 桁目) には対応していません: " \
           "xargs はコマンドを実行します。" in text
