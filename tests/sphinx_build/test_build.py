"""Sphinx builds of test roots in replay / off modes and every bad-input case."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.sphinxext.domain import podlab_domain

from .records import chapter_record, page_key, page_status, store_of


def html(app: Any, docname: str = "index") -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def text(app: Any, docname: str = "index") -> str:
    """The page's text without tags, as a reader sees it."""
    return unescape(re.sub(r"<[^>]+>", "", html(app, docname)))


def warnings(app: Any) -> str:
    return str(app.warning.getvalue())


def no_traceback(app: Any) -> None:
    assert "Traceback" not in warnings(app) and "Traceback" not in app.status.getvalue()


def recorded_chapter(make_app: Any, app: Any, before: str = "10.1.0.10",
                     after: str = "10.1.0.16") -> Any:
    """Build once to learn the page's key, write a matching record (the pod's IPs before and
    after its restart), return a fresh app."""
    app.build()
    outcome = podlab_domain(app.env).outcome("index")
    assert outcome is not None
    # a record as a live run writes it: with the inputs its key was computed from
    store_of(app).write(chapter_record(page_key(app, "index"), before, after,
                                       inputs=outcome.inputs))
    app.cleanup()  # unregister its nodes before a second app exists in this process
    again = make_app(app.builder.name, srcdir=app.srcdir, confoverrides=app.config.overrides)
    again.build()
    return again


@pytest.mark.sphinx("html", testroot="chapter")
def test_missing_record_warns_at_the_first_block(app: Any) -> None:
    app.build()
    assert re.search(
        r"index\.md:3: WARNING: このページの podlab の記録がなく.*\[podlab\.missing\]",
        warnings(app),
    )
    page = text(app)
    assert "出力は未記録です" in page
    assert "$ kubectl apply -f ss-mysql.yml" in page
    assert page_status(app, "index") == "missing"
    no_traceback(app)


@pytest.mark.sphinx("html", testroot="chapter")
def test_replay_shows_recorded_outputs_and_ips(make_app: Any, app: Any) -> None:
    built = recorded_chapter(make_app, app)
    assert warnings(built) == ""
    assert built.statuscode == 0
    page, words = html(built), text(built)
    # the prose IPs equal the IPs in the /etc/hosts outputs above them
    assert re.findall(r'podlab-ip[^>]*><span class="pre">([\d.]+)<', page) == [
        "10.1.0.10",
        "10.1.0.16",
    ]
    # tabs as a terminal shows them: to the next multiple of 8 columns
    assert "10.1.0.10       mysql-0.mysql.default.svc.cluster.local mysql-0" in words
    assert "10.1.0.16       mysql-0.mysql.default.svc.cluster.local mysql-0" in words
    assert "127.0.0.1       localhost" in words and "\t" not in words
    # an output line starting with '# ' is output, never a root prompt
    assert '<span class="go"># Kubernetes-managed hosts file.\n</span>' in page
    assert '<span class="gp"># </span>' not in page
    # a command's comment has its own class (left out of copies), with the blanks before it
    assert '<span class="c1 c1-PodlabComment"> # mysqlのPodの名前を確認</span>' in page
    # console block: prompts are Pygments prompts (.gp), which copy buttons skip
    assert '<span class="gp">$ </span>' in page
    assert "$ kubectl apply -f ss-mysql.yml\n$ kubectl exec statefulset/mysql" in words
    assert "statefulset.apps/mysql created" not in words  # :output: commands
    assert 'pod "mysql-0" deleted from default namespace' in words
    # the IP-change table, in Japanese
    assert "IPアドレス(before)" in words and "変化" in words and "<p>あり</p>" in page
    assert page_status(built, "index") == "replayed"


@pytest.mark.sphinx("html", testroot="chapter")
def test_ipchange_claim_refuted_by_the_record_fails_the_build(make_app: Any, app: Any) -> None:
    built = recorded_chapter(make_app, app, before="10.1.0.10", after="10.1.0.10")
    line = _line_of(built, "```{podlab-ipchange}")
    assert (
        f"index.md:{line}: WARNING: podlab-ipchange: the IP of pod 'mysql-0' stayed the same"
        in warnings(built)
    )
    assert built.statuscode == 1
    no_traceback(built)


@pytest.mark.sphinx("html", testroot="chapter")
def test_stale_record_is_shown_marked_stale(make_app: Any, app: Any) -> None:
    built = recorded_chapter(make_app, app)
    page_path = Path(built.srcdir) / "index.md"
    page_path.write_text(
        page_path.read_text(encoding="utf-8").replace(
            "$ kubectl get pods # mysql", "$ kubectl get pods -o wide # mysql"
        ),
        encoding="utf-8",
    )
    record_before = store_of(built).path("index").read_bytes()
    built.cleanup()
    stale = make_app("html", srcdir=built.srcdir)
    stale.build()
    assert re.search(
        r"index\.md:3: WARNING: podlab の記録が古くなっており.*\[podlab\.stale\]", warnings(stale)
    )
    page = text(stale)
    assert "古い出力" in page and "10.1.0.16" in page
    # one notice, at the block whose command changed (the first block is still current),
    # with the date as the book's language writes it
    assert page.count("古い出力") == 1
    assert page.index("今回の環境では") < page.index("古い出力") < page.index("$ kubectl get pods")
    assert "2026年11月27日 08:00 UTC に記録されたもの" in page
    assert store_of(stale).path("index").read_bytes() == record_before
    assert page_status(stale, "index") == "stale"


@pytest.mark.sphinx("html", testroot="chapter", confoverrides={"podlab_execution_mode": "off"})
def test_off_mode_shows_commands_only(app: Any) -> None:
    app.build()
    assert warnings(app) == ""
    page = text(app)
    assert "$ kubectl delete pod mysql-0" in page and "mysql-0@before" in page
    assert "Kubernetes-managed" not in page


@pytest.mark.sphinx("html", testroot="chapter")
def test_corrupt_record_is_an_error_and_left_untouched(app: Any) -> None:
    path = store_of(app).path("index")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": 1, "key": ', encoding="utf-8")
    app.build()
    assert re.search(
        r"index\.md:3: WARNING: podlab の記録が壊れています.*\[podlab\.record\]", warnings(app)
    )
    assert path.read_text(encoding="utf-8") == '{"format": 1, "key": '
    assert app.statuscode == 1
    no_traceback(app)


@pytest.mark.sphinx("html", testroot="chapter", parallel=2)
def test_parallel_build(make_app: Any, app: Any) -> None:
    built = recorded_chapter(make_app, app)
    assert warnings(built) == ""
    assert "10.1.0.16" in html(built)


@pytest.mark.sphinx("html", testroot="errors")
def test_bad_blocks_are_errors_at_their_lines(app: Any) -> None:
    app.build()
    text = warnings(app)
    expected = [
        ("verbs.md:6", "'kubectl frobnicate' is not supported (the supported commands: "
                       "python -m sphinx_podlab commands)"),
        ("verbs.md:7", "flag --raw of 'kubectl get' is not supported"),
        ("verbs.md:11", "expected a command line starting with '$ '"),
        ("manifests.md:4", "manifest 'missing.yml' not found"),
        ("manifests.md:5", "manifest 'broken.yml' is invalid: error parsing broken.yml: error "
                           "converting YAML to JSON: yaml: line 3: did not find expected ','"),
        ("references.md:9", "unknown snapshot 'nowhere'"),
        ("references.md:11", "podlab-output: no podlab block named 'nosuchblock'"),
        ("references.md:14", "podlab-output: block 'only' has 1 commands, not 5"),
        # every problem of a directive or a role is a podlab warning, never a docutils error
        ("directives.md:3", "podlab: option :timeout: must be a positive number of seconds"),
        ("directives.md:3", "podlab: unknown option :colour: (known: name, output, snapshot"),
        ("directives.md:10", "podlab-ipchange needs the options: after"),
        ("directives.md:15", "podlab-ip needs POD@SNAPSHOT, got 'mysql-0'"),
        ("directives.md:17", "podlab-browser: name 'bad/name' must be letters, digits"),
        ("directives.md:22", "podlab-output needs a name after the directive"),
        ("directives.md:25", 'podlab: option :wait: "maybe" unknown; choose from '
                             '"ready", or "none"'),
    ]
    for location, message in expected:
        assert f"{location}: WARNING: {message}" in text, (location, text)
    assert text.count("[podlab.syntax]") >= 9
    assert "ERROR" not in text.replace("ERROR: podlab: 4 page(s) failed", "")
    assert app.statuscode == 1
    assert "podlab: 4 page(s) failed" in text
    no_traceback(app)
    assert not store_of(app).directory.exists()  # nothing written


@pytest.mark.sphinx("html", testroot="rst")
def test_rst_lines(app: Any) -> None:
    app.build()
    text = warnings(app)
    assert "index.rst:8: WARNING: 'kubectl frobnicate' is not supported" in text
    assert "index.rst:10: WARNING: unknown snapshot 'nowhere'" in text


def test_bad_mode_fails_fast(make_app: Any, rootdir: Path, tmp_path: Path) -> None:
    from sphinx.errors import ConfigError

    srcdir = tmp_path / "chapter"
    shutil.copytree(rootdir / "test-chapter", srcdir)
    with pytest.raises(ConfigError, match="use one of auto, replay, force, off"):
        make_app("html", srcdir=srcdir, confoverrides={"podlab_execution_mode": "bogus"})


def _line_of(app: Any, text: str) -> int:
    lines = (Path(app.srcdir) / "index.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(text))


@pytest.mark.sphinx("latex", testroot="chapter")
def test_latex_and_text_builders_render_the_same_content(make_app: Any, app: Any) -> None:
    built = recorded_chapter(make_app, app)
    assert built.warning.getvalue() == ""
    tex = next(Path(built.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"今度は \sphinxcode{\sphinxupquote{10.1.0.16}}" in tex
    # LaTeX prints a tab as 8 spaces: podlab expands tabs to the terminal's columns first
    assert r"\PYG{g+go}{10.1.0.16       mysql\PYGZhy{}0.mysql.default.svc.cluster.local " in tex
    assert r"\PYG{g+go}{\PYGZsh{} Kubernetes\PYGZhy{}managed hosts file.}" in tex
    assert r"\PYG{g+gp}{\PYGZsh{}" not in tex
    built.cleanup()
    as_text = make_app("text", srcdir=built.srcdir)
    as_text.build()
    page = (Path(as_text.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "今回の環境では、\"10.1.0.10\" となっていました" in page  # text writer quotes literals
    assert "$ kubectl get pods # mysqlのPodの名前を確認" in page
    assert "10.1.0.16       mysql-0.mysql.default.svc.cluster.local mysql-0" in page


@pytest.mark.sphinx("html", testroot="chapter")
def test_unknown_pod_in_a_role_is_an_error_at_its_line(make_app: Any, app: Any) -> None:
    page = Path(app.srcdir) / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{podlab-ip}`mysql-0@after`", "{podlab-ip}`mysql-9@after`"), encoding="utf-8")
    built = recorded_chapter(make_app, app)
    line = _line_of(built, "と、今度は")
    assert f"index.md:{line}: WARNING: no pod 'mysql-9' in snapshot 'after' (pods: mysql-0)" \
        in warnings(built)
    assert built.statuscode == 1
    no_traceback(built)


@pytest.mark.sphinx("html", testroot="errors", confoverrides={"language": "ja"})
def test_warnings_are_translated_for_japanese_books(app: Any) -> None:
    app.build()
    text = warnings(app)
    assert "directives.md:10: WARNING: podlab-ipchange には次のオプションが必要です: after" \
        in text
    assert "directives.md:3: WARNING: podlab: 不明なオプション :colour: です" in text
    # the verbs' own syntax errors too, with the pointer to the supported commands
    assert ("verbs.md:6: WARNING: 'kubectl frobnicate' には対応していません (対応している"
            "コマンドの一覧: python -m sphinx_podlab commands)") in text
    assert "verbs.md:7: WARNING: 'kubectl get' のフラグ --raw には対応していません (使える" \
        "フラグ: --all-namespaces, " in text
    assert "verbs.md:11: WARNING: '$ ' で始まるコマンド行が必要です ('kubectl get pods' と" \
        "書かれています)" in text
    assert app.statuscode == 1


@pytest.mark.sphinx("html", testroot="remote",
                    confoverrides={"podlab_execution_mode": "replay"})
def test_a_url_manifest_not_fetched_yet_is_an_error_at_its_line_in_replay(app: Any) -> None:
    app.build()
    assert re.search(r"index\.md:5: WARNING: manifest 'http://127\.0\.0\.1:1/cm\.yml': not "
                     r"fetched yet and this build does not fetch .*\[podlab\.manifest\]",
                     warnings(app))
    assert not (Path(app.srcdir) / "_podlab" / "_remote").exists()
    no_traceback(app)


@pytest.mark.sphinx("html", testroot="remote", confoverrides={"podlab_execution_mode": "auto"})
def test_an_unreachable_url_manifest_is_an_error_at_its_line(app: Any) -> None:
    app.build()
    assert re.search(r"index\.md:5: WARNING: manifest 'http://127\.0\.0\.1:1/cm\.yml': cannot "
                     r"fetch it: .*[Cc]onnection refused.*\[podlab\.manifest\]", warnings(app))
    no_traceback(app)


@pytest.mark.sphinx("html", testroot="errors")
def test_problems_are_shown_while_the_page_is_read(app: Any) -> None:
    """Sphinx shows warnings only once every page is read: podlab's appear at once too."""
    app.build()
    status = app.status.getvalue()
    shown = ("[podlab] verbs:6: 'kubectl frobnicate' is not supported (the supported commands: "
             "python -m sphinx_podlab commands) [podlab.syntax]")
    assert shown in status
    assert status.index(shown) < status.index("pickling environment")  # during reading
    assert "verbs.md:6: WARNING: 'kubectl frobnicate'" in warnings(app)  # and the warning itself


@pytest.mark.sphinx("html", testroot="errors",
                    confoverrides={"suppress_warnings": ["podlab.syntax"]})
def test_a_suppressed_problem_is_not_shown_at_once_either(app: Any) -> None:
    app.build()
    assert "[podlab.syntax]" not in app.status.getvalue()
