"""``python -m sphinx_podlab status [DOCS_DIR]``: which pages are current, stale, unrecorded
or failed last time, without contacting any cluster. Also the ``preview`` entry point."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sphinx.application import Sphinx

from .config import PodlabSettings
from .model.outcomes import PageOutcome
from .model.records import CorruptRecordError
from .preview import run_preview
from .record.store import RecordStore
from .scenario.diff import explain_change
from .sphinxext.domain import podlab_domain

NOT_CURRENT = ("stale", "never recorded", "failed", "corrupt")


@dataclass(frozen=True)
class PageStatus:
    docname: str
    state: str  # "current", "stale", "never recorded", "failed", "corrupt"
    recorded_at: str | None = None
    cluster_version: str | None = None
    reasons: list[str] = field(default_factory=list)


def collect_status(docs_dir: Path) -> list[PageStatus]:
    """Read every page (mode off: nothing runs) and compare its scenario with its record."""
    settings, outcomes = _read_pages(docs_dir)
    store = RecordStore(settings.record_dir)
    return [_page_status(store, docname, outcome.key or "", outcome.inputs or {})
            for docname, outcome in outcomes.items()]


def _current_outcomes(docs_dir: Path) -> dict[str, PageOutcome]:
    return _read_pages(docs_dir)[1]


def _read_pages(docs_dir: Path) -> tuple[PodlabSettings, dict[str, PageOutcome]]:
    previous = os.environ.get("PODLAB_EXECUTION_MODE")
    os.environ["PODLAB_EXECUTION_MODE"] = "off"
    try:
        with tempfile.TemporaryDirectory() as scratch:
            app = Sphinx(str(docs_dir), str(docs_dir), f"{scratch}/out", f"{scratch}/doctrees",
                         "dummy", status=None, warning=io.StringIO(), freshenv=True)
            app.build()
            settings = PodlabSettings.from_config(app.config, docs_dir)
            outcomes = dict(podlab_domain(app.env).outcomes())
    finally:
        if previous is None:
            os.environ.pop("PODLAB_EXECUTION_MODE", None)
        else:
            os.environ["PODLAB_EXECUTION_MODE"] = previous
    return settings, outcomes


def _page_status(
    store: RecordStore, docname: str, key: str, inputs: dict[str, object]
) -> PageStatus:
    try:
        record = store.read(docname)
    except CorruptRecordError as error:
        return PageStatus(docname, "corrupt", reasons=[str(error)])
    failure = store.failure(docname)
    if failure is not None and failure.key == key:
        where = f" (line {failure.line})" if failure.line else ""
        return PageStatus(docname, "failed", record.recorded_at if record else None,
                          record.cluster.version if record else None,
                          [f"{failure.at}{where}: {failure.message}"])
    if record is None:
        return PageStatus(docname, "never recorded")
    if record.key == key:
        return PageStatus(docname, "current", record.recorded_at, record.cluster.version)
    return PageStatus(docname, "stale", record.recorded_at, record.cluster.version,
                      explain_change(record.inputs, dict(inputs)))


def format_table(pages: Sequence[PageStatus]) -> str:
    lines = []
    for page in pages:
        recorded = (f"recorded {page.recorded_at} on Kubernetes {page.cluster_version}"
                    if page.recorded_at else "")
        lines.append(f"{page.docname:<32} {page.state:<15} {recorded}".rstrip())
        lines += [f"    - {reason}" for reason in page.reasons]
    return "\n".join(lines) if lines else "no pages with podlab blocks"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_podlab")
    commands = parser.add_subparsers(dest="command", required=True)
    status = commands.add_parser("status", help="which pages' records are current")
    status.add_argument("docs_dir", nargs="?", default="docs", type=Path)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    preview = commands.add_parser(
        "preview", help="sphinx-autobuild in mode auto, records not watched; "
        "options after the docs dir go to sphinx-autobuild (e.g. --port 8000)")
    preview.add_argument("docs_dir", nargs="?", default="docs", type=Path)
    args, rest = parser.parse_known_args(argv)
    if args.command == "preview":
        return run_preview(args.docs_dir, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if not (args.docs_dir / "conf.py").is_file():
        parser.error(f"{args.docs_dir} has no conf.py")
    pages = collect_status(args.docs_dir.resolve())
    if args.json:
        print(json.dumps([asdict(page) for page in pages], ensure_ascii=False, indent=2))
    else:
        print(format_table(pages))
    return 1 if any(page.state in NOT_CURRENT for page in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
