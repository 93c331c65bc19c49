"""The book's PDF (uplatex, from records): no warnings, figures where the text refers to
them, and the real outputs on its pages (read back with poppler's pdftotext).

Run by ``nox -s pdf``, which installs Debian's TeX Live; skipped without uplatex.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from book_builds import HOSTS_HEADER, build, recorded_hosts_lines

if not (shutil.which("uplatex") and shutil.which("latexmk") and shutil.which("pdftotext")):
    pytest.skip("needs TeX Live's uplatex and poppler-utils: nox -s pdf", allow_module_level=True)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    built = build("latexpdf", out)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    return next((out / "latex").glob("*.pdf"))


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_pdf_page_shows_the_recorded_hosts_lines(pdf: Path) -> None:
    pages = [words(page) for page in page_texts(pdf)]
    for line in recorded_hosts_lines():
        assert any(words(HOSTS_HEADER) in page and words(line) in page for page in pages), line


def test_figures_stay_where_the_text_refers_to_them(pdf: Path) -> None:
    tex = next(pdf.parent.glob("*.tex")).read_text(encoding="utf-8")
    figures = tex.count(r"\begin{figure}")
    assert figures > 0 and tex.count(r"\begin{figure}[H]") == figures
    # an output line starting with '# ' is output, never a root prompt
    assert r"\PYG{g+gp}{\PYGZsh{}" not in tex
