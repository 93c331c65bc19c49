"""The matrix appendix from its results file: one column per release, drift listed, and the
page builds with Sphinx (MyST) without warnings."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .render_table import RESULTS, _cell, render

HERE = Path(__file__).resolve().parent


def results() -> dict[str, Any]:
    """The committed results (a live run of `tests/matrix/run.py` on the lab)."""
    data: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8"))
    return data


def with_second_release(document: dict[str, Any]) -> dict[str, Any]:
    """The committed results plus a release on which the book drifted (an edit of a copy)."""
    document = copy.deepcopy(document)
    first = next(iter(document["versions"].values()))
    other = copy.deepcopy(first)
    page = other["pages"]["pod-ip/index"]
    page.update(meaningful=1, drift=[{
        "place": "block 7, command 2: kubectl delete pod mysql-0", "part": "stdout line 1",
        "reason": "lost 'from default namespace'",
        "old": 'pod "mysql-0" deleted from default namespace', "new": 'pod "mysql-0" deleted'}],
        broken_claims=["podlab-ipchange: the IP of pod 'mysql-0' stayed the same"])
    document["versions"]["v1.33.7"] = other
    return document


def test_one_column_per_release_and_a_cell_per_page() -> None:
    committed = results()["versions"]
    text = render(with_second_release(results()))
    assert f"| ページ | {' | '.join(committed)} | v1.33.7 |" in text
    cells = [_cell(entry["pages"]["pod-ip/index"]) for entry in committed.values()]
    assert cells[0].startswith("実行成功")
    assert ("| {doc}`/pod-ip/index` | " + " | ".join(cells)
            + " | 実行成功、意味のある差分 1、主張の破綻 1 |") in text
    assert "### v1.33.7: {doc}`/pod-ip/index`" in text
    assert "  - pod \"mysql-0\" deleted from default namespace\n  + pod \"mysql-0\" deleted" in text
    assert "どのリリースでも" not in text


def test_the_page_builds_without_warnings(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "appendix").mkdir(parents=True)
    (source / "conf.py").write_text('extensions = ["myst_parser"]\nlanguage = "ja"\n',
                                    encoding="utf-8")
    # a page for every page the results name (the {doc} links must resolve)
    pages = sorted({page for entry in results()["versions"].values() for page in entry["pages"]})
    for page in pages:
        (source / page).parent.mkdir(parents=True, exist_ok=True)
        title = "Pod の IP" if page == "pod-ip/index" else page
        (source / f"{page}.md").write_text(f"# {title}\n", encoding="utf-8")
    toctree = "\n".join([*pages, "appendix/matrix"])
    (source / "index.md").write_text(f"# 本\n\n```{{toctree}}\n{toctree}\n```\n",
                                     encoding="utf-8")
    (source / "appendix" / "matrix.md").write_text(render(with_second_release(results())),
                                                   encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    with warnings.open("w", encoding="utf-8") as stream:
        app = Sphinx(str(source), str(source), str(tmp_path / "out"), str(tmp_path / "dt"),
                     "html", status=None, warning=stream, freshenv=True)
        app.build()
    assert app.statuscode == 0
    assert warnings.read_text(encoding="utf-8") == ""
    html = (tmp_path / "out" / "appendix" / "matrix.html").read_text(encoding="utf-8")
    assert "Pod の IP" in html  # the {doc} links resolved to the page's title
