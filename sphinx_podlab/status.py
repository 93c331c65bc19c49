"""``python -m sphinx_podlab status [DOCS_DIR]``: which pages are current, stale, unrecorded
or failed last time, without contacting any cluster. Also the ``preview`` and ``diff`` entry
points."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .core.read import book_inputs, book_status_inputs
from .drift import cli as drift_cli
from .model.errors import PodlabExecutionError
from .model.records import CorruptRecordError
from .model.results import ClusterInfo
from .preview import run_preview
from .record.store import RecordStore
from .scenario.diff import explain_change
from .scenario.key import ScenarioInputs

NOT_CURRENT = ("stale", "never recorded", "failed", "corrupt")


@dataclass(frozen=True)
class PageStatus:
    docname: str
    state: str  # "current", "stale", "never recorded", "failed", "corrupt"
    recorded_at: str | None = None
    cluster_version: str | None = None
    reasons: list[str] = field(default_factory=list)
    # with --cluster: the live cluster's version when the record was made on another minor
    other_minor: str | None = None
    chain: list[str] | None = None  # the chain's pages, head first, when the page is in one


def collect_status(docs_dir: Path, check_cluster: bool = False) -> list[PageStatus]:
    """Read every page's podlab blocks (nothing runs) and compare its scenario with its record.

    ``check_cluster``: also ask the configured cluster its version (``GET /version``, nothing
    else) and mark the records made on another minor; an unreachable cluster is reported on
    stderr and the rest stays as offline.
    """
    settings, inputs, chains = book_status_inputs(docs_dir)
    store = RecordStore(settings.record_dir)
    pages = [replace(_page_status(store, docname, page.inputs.key, page.inputs.data),
                     chain=list(chains[docname].pages) if docname in chains else None)
             for docname, page in sorted(inputs.items())]
    if check_cluster:
        live = _live_version(settings.context)
        if live is not None:
            pages = [_with_live_version(page, live) for page in pages]
    return pages


def _live_version(context: str | None) -> ClusterInfo | None:
    from .execute.cluster import Cluster  # the kubernetes client only when asked for

    try:
        cluster = Cluster.connect(context)
        try:
            return cluster.info()
        finally:
            cluster.close()
    except PodlabExecutionError as error:
        print(f"status: the cluster's version was not checked: {error}", file=sys.stderr)
        return None


def _with_live_version(page: PageStatus, live: ClusterInfo) -> PageStatus:
    if page.cluster_version is None or ClusterInfo(page.cluster_version, "").minor == live.minor:
        return page
    note = (f"recorded on Kubernetes {page.cluster_version}, the cluster runs {live.version}: "
            "another minor, so kubectl's wording may differ (run the page live and review "
            "with `python -m sphinx_podlab diff PAGE`)")
    return replace(page, reasons=[*page.reasons, note], other_minor=live.version)


def current_inputs(docs_dir: Path) -> dict[str, ScenarioInputs]:
    """Each podlab page's scenario inputs (its key) as the sources stand."""
    return {docname: page.inputs for docname, page in book_inputs(docs_dir)[1].items()}


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
        if page.chain:
            place = page.chain.index(page.docname) + 1
            lines.append(f"    chain {place}/{len(page.chain)}: {' → '.join(page.chain)}")
        lines += [f"    - {reason}" for reason in page.reasons]
    return "\n".join(lines) if lines else "no pages with podlab blocks"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_podlab")
    commands = parser.add_subparsers(dest="command", required=True)
    status = commands.add_parser("status", help="which pages' records are current")
    status.add_argument("docs_dir", nargs="?", default="docs", type=Path)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--cluster", action="store_true",
                        help="also ask the configured cluster its version and name the "
                        "records made on another minor (otherwise status stays offline)")
    preview = commands.add_parser(
        "preview", help="sphinx-autobuild in mode auto, records not watched; "
        "options after the docs dir go to sphinx-autobuild (e.g. --port 8000)")
    preview.add_argument("docs_dir", nargs="?", default="docs", type=Path)
    diff = commands.add_parser(
        "diff", help="compare two records of a page: each difference cosmetic or meaningful")
    drift_cli.add_arguments(diff)
    commands.add_parser("commands", help="the kubectl commands podlab can run")
    args, rest = parser.parse_known_args(argv)
    if args.command == "commands":
        from .verbs.registry import SUPPORTED_COMMANDS

        print("\n".join(SUPPORTED_COMMANDS))
        return 0
    if args.command == "preview":
        return run_preview(args.docs_dir, rest)
    if args.command == "diff":
        if rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        return drift_cli.run(args)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if not (args.docs_dir / "conf.py").is_file():
        parser.error(f"{args.docs_dir} has no conf.py")
    pages = collect_status(args.docs_dir.resolve(), check_cluster=args.cluster)
    if args.json:
        print(json.dumps([asdict(page) for page in pages], ensure_ascii=False, indent=2))
    else:
        print(format_table(pages))
    return 1 if any(page.state in NOT_CURRENT for page in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
