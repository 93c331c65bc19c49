"""Chains (podlab-continues): keys that include the predecessors', status, replay, errors."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.core.chain import Chain, chain_keys, find_chains, resolve_target
from sphinx_podlab.model.records import BlockRecord, Record
from sphinx_podlab.model.results import ClusterInfo, CommandResult
from sphinx_podlab.model.snapshot import ObjectState
from sphinx_podlab.record.store import RecordStore
from sphinx_podlab.scenario.key import ScenarioInputs
from sphinx_podlab.sphinxext.domain import podlab_domain
from sphinx_podlab.status import collect_status, current_inputs, format_table

PAGES = ("one", "part/two", "part/three")


@pytest.fixture
def docs(tmp_path: Path, rootdir: Path) -> Path:
    target = tmp_path / "docs"
    shutil.copytree(rootdir / "test-chain", target)
    return target


def service(snapshot_ip: str = "10.0.0.40") -> ObjectState:
    return ObjectState("Service", "chained", {"type": "ClusterIP", "clusterIP": snapshot_ip})


def record(docname: str, inputs: ScenarioInputs) -> Record:
    snapshot = {"one": "made", "part/two": "seen", "part/three": "later"}[docname]
    commands = len(inputs.data["blocks"][0]["argv"])
    return Record(
        docname=docname, key=inputs.key, recorded_at="2026-12-01T15:00:00+00:00",
        cluster=ClusterInfo("v1.34.9", "linux/amd64"), namespace="default", seconds=1.0,
        blocks=(BlockRecord(None, tuple(CommandResult(("kubectl",), f"{docname} out\n", "", 0,
                                                      0.1) for _ in range(commands)),
                            snapshot),),
        snapshots={snapshot: (service(),) if docname != "one" else ()}, inputs=inputs.data)


def write_records(docs: Path) -> dict[str, ScenarioInputs]:
    inputs = current_inputs(docs)
    store = RecordStore(docs / "_podlab")
    for docname in PAGES:
        store.write(record(docname, inputs[docname]))
    return inputs


def edit_one(docs: Path) -> None:
    page = docs / "one.md"
    page.write_text(page.read_text(encoding="utf-8").replace("step=one", "step=first"),
                    encoding="utf-8")


def test_links_make_chains_in_order() -> None:
    assert resolve_target("part/two", "../one") == "one"
    assert resolve_target("part/three", "/part/two") == "part/two"
    assert resolve_target("part/three", "two.md") == "part/two"
    chains, problems = find_chains({"part/two": ("../one", 3), "part/three": ("two", 3)},
                                   {"one", "part/two", "part/three"})
    assert problems == []
    assert chains["part/three"] == Chain(PAGES) == chains["one"]
    _, problems = find_chains({"b": ("a", 1), "c": ("a", 2), "d": ("nowhere", 4)},
                              {"a", "b", "c", "d"})
    assert [(p.docname, p.line) for p in problems] == [("c", 2), ("d", 4)]
    assert "cannot branch" in str(problems[0].message)
    _, problems = find_chains({"a": ("b", 1), "b": ("a", 1)}, {"a", "b"})
    assert problems and all("circle" in str(p.message) for p in problems)


def test_a_key_includes_the_predecessors_keys() -> None:
    own = {name: ScenarioInputs({"blocks": [name]}) for name in PAGES}
    keyed = chain_keys(Chain(PAGES), own)
    assert keyed["one"] == own["one"]  # the head's key is its own
    assert keyed["part/two"].data["continues"] == {"page": "one", "key": own["one"].key}
    assert keyed["part/three"].data["continues"]["key"] == keyed["part/two"].key
    edited = chain_keys(Chain(PAGES), {**own, "one": ScenarioInputs({"blocks": ["edited"]})})
    assert all(edited[name].key != keyed[name].key for name in PAGES)


def test_status_shows_chains_and_an_early_edit_makes_later_pages_stale(docs: Path) -> None:
    write_records(docs)
    pages = {page.docname: page for page in collect_status(docs)}
    assert [pages[name].state for name in PAGES] == ["current"] * 3
    assert pages["part/two"].chain == list(PAGES)
    table = format_table(list(pages.values()))
    assert "    chain 2/3: one → part/two → part/three" in table
    edit_one(docs)
    pages = {page.docname: page for page in collect_status(docs)}
    assert [pages[name].state for name in PAGES] == ["stale"] * 3
    assert pages["part/two"].reasons == ["the page it continues (one) changed"]
    assert pages["part/three"].reasons == ["the page it continues (part/two) changed"]


@pytest.mark.sphinx("html", testroot="chain")
def test_replay_of_a_chain_and_its_staleness(make_app: Any, app: Any) -> None:
    srcdir = Path(app.srcdir)
    app.cleanup()
    settings_dir = srcdir / "_podlab"
    write_records(srcdir)
    built = make_app("html", srcdir=srcdir, freshenv=True)
    built.build()
    assert built.warning.getvalue() == ""
    domain = podlab_domain(built.env)
    for name in PAGES:
        outcome = domain.outcome(name)
        assert outcome is not None and outcome.status == "replayed"
        assert outcome.chain == list(PAGES)
    two = (Path(built.outdir) / "part" / "two.html").read_text(encoding="utf-8")
    assert "ClusterIP: <code" in two and "10.0.0.40" in two
    assert "podlab-continues" not in two
    built.cleanup()
    edit_one(srcdir)
    again = make_app("html", srcdir=srcdir)
    again.build()  # incremental: only one.md changed, yet the whole chain is read again
    warnings = again.warning.getvalue()
    for name in PAGES:
        assert re.search(rf"{name}\.md:\d+: WARNING: .*\[podlab\.stale\]", warnings), warnings
    assert settings_dir.is_dir()


@pytest.mark.sphinx("html", testroot="chain")
def test_a_false_claim_of_a_chained_page_fails_at_its_line(make_app: Any, app: Any) -> None:
    srcdir = Path(app.srcdir)
    app.cleanup()
    inputs = write_records(srcdir)
    RecordStore(srcdir / "_podlab").write(replace(
        record("part/three", inputs["part/three"]),
        snapshots={"later": (service("192.168.0.1"),)}))
    built = make_app("html", srcdir=srcdir, freshenv=True)
    built.build()
    assert re.search(r"part/three\.md:12: WARNING: podlab-claim が成り立ちません: "
                     r"svc/chained\.clusterIP@later matches", built.warning.getvalue())
    assert built.statuscode == 1


@pytest.mark.sphinx("html", testroot="chain")
def test_bad_links_are_errors_at_their_lines(make_app: Any, app: Any) -> None:
    srcdir = Path(app.srcdir)
    (srcdir / "part" / "three.md").write_text(
        (srcdir / "part" / "three.md").read_text(encoding="utf-8").replace(
            "/part/two", "../one"), encoding="utf-8")  # one would have two successors
    (srcdir / "four.md").write_text("# Four\n\n```{podlab-continues} nowhere\n```\n\n"
                                    "```{podlab}\n$ kubectl get pods\n```\n", encoding="utf-8")
    app.build()
    warnings = app.warning.getvalue()
    # links are taken in docname order: part/three's first, so part/two's is the branch
    assert re.search(r"part/two\.md:3: WARNING: podlab-continues: one はすでに part/three が"
                     r"続けています", warnings), warnings
    assert re.search(r"four\.md:3: WARNING: podlab-continues: 'nowhere' は podlab ブロックの"
                     r"あるページではありません", warnings), warnings
    assert "Traceback" not in warnings


def test_pages_read_from_source_keep_their_lines(docs: Path) -> None:
    """Another page of a chain is read from its source: its lines are the build's."""
    from sphinx_podlab.core.read import load_conf, read_page

    page = read_page(docs / "part" / "two.md", load_conf(docs))
    assert page is not None
    assert [command.line for command in page.blocks[0].commands] == [8, 9]
    assert [claim.line for claim in page.claims] == [15]
    assert page.continues == ("../one", 3)
