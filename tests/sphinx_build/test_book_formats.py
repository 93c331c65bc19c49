"""The book itself (docs/, from its records) as EPUB and text: no warnings, real outputs.

The PDF is tested by ``nox -s pdf`` (tests/pdf): Debian's TeX Live is slow to install.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from book_builds import HOSTS_HEADER, build, recorded_hosts_lines


def test_epub_shows_outputs_as_outputs(tmp_path: Path) -> None:
    built = build("epub", tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    with zipfile.ZipFile(next((tmp_path / "epub").glob("*.epub"))) as book:
        pages = "".join(book.read(name).decode("utf-8") for name in book.namelist()
                        if name.endswith(".xhtml"))
    assert f'<span class="go">{HOSTS_HEADER}\n</span>' in pages
    assert '<span class="gp"># </span>' not in pages
    for line in recorded_hosts_lines():  # a terminal's columns: tabs to multiples of 8
        assert line.expandtabs(8) in pages


def test_text_shows_the_terminal_columns(tmp_path: Path) -> None:
    built = build("text", tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    text = "\n".join(path.read_text(encoding="utf-8") for path in tmp_path.rglob("*.txt"))
    assert HOSTS_HEADER in text and "\t" not in text
    for line in recorded_hosts_lines():
        assert line.expandtabs(8) in text
    assert "IPアドレス" in text and "変化" in text  # the IP table's headers, in Japanese
