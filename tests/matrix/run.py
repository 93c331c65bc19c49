"""The book live on the cluster that runs now, reviewed against its committed records.

    python tests/matrix/run.py [--kubeconfig PATH]    # nox -s matrix runs it once per release

Builds a copy of docs/ (mode force, in the book's own namespace as `nox -s regenerate` does:
a page's outputs show its namespace's other objects, such as `default`'s `kubernetes`
Service; records into the copy), then for every
page: did it run live, what drifted meaningfully from the committed record
(`python -m sphinx_podlab diff`'s classification), which claims broke. The result replaces the
entry of the cluster's version in tests/matrix/results.json; render_table.py makes the
appendix page from it. The committed records are never touched.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kubernetes import client, config
from sphinx.application import Sphinx

from sphinx_podlab.drift.compare import compare_records
from sphinx_podlab.drift.load import read_record
from sphinx_podlab.record.store import FAILURE_SUFFIX, REMOTE_DIR, RecordStore
from sphinx_podlab.sphinxext.domain import podlab_domain

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "results.json"
RECORDS = "_podlab"  # the book's podlab_record_dir
SHOWN_DIFFERENCES = 20  # per page and version, in the results file
# "docs/pod-ip/index.md:87: WARNING: text [podlab.reference]", Sphinx's warning lines
WARNING = re.compile(r"^(?P<file>[^\s:]+\.(?:md|rst)):(?P<line>\d+): WARNING: (?P<text>.*?)"
                     r"(?: \[(?P<type>[\w.]+)\])?$")
CLAIM_TYPES = ("podlab.reference", "podlab.claim")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubeconfig", default=os.environ.get(
        "KUBECONFIG", "/var/lib/podlab-lab/kubeconfig"))
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    os.environ["KUBECONFIG"] = args.kubeconfig
    config.load_kube_config(config_file=args.kubeconfig)  # type: ignore[no-untyped-call]
    version = client.VersionApi().get_code().git_version
    with tempfile.TemporaryDirectory() as scratch:
        entry = run_book(Path(scratch))
    results = (json.loads(args.results.read_text(encoding="utf-8"))
               if args.results.exists() else {"versions": {}})
    results["versions"][version] = entry
    results["versions"] = dict(sorted(results["versions"].items(), key=lambda item: _order(
        item[0])))
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
    failed = [page for page, data in entry["pages"].items() if not data["live"]]
    print(f"{version}: {len(entry['pages'])} pages, {len(failed)} failed, "
          f"{sum(data['meaningful'] for data in entry['pages'].values())} meaningful "
          f"differences; wrote {args.results}")
    return 0


def run_book(scratch: Path) -> dict[str, Any]:
    """Build the copy live; one result per podlab page."""
    shutil.copytree(ROOT / "docs", scratch / "docs",
                    ignore=shutil.ignore_patterns("_build", "_podlab"))
    shutil.copytree(ROOT / "manifests", scratch / "manifests")
    records = scratch / "records"
    remote = ROOT / "docs" / RECORDS / REMOTE_DIR
    if remote.is_dir():  # manifests the book fetched once: the matrix never fetches again
        shutil.copytree(remote, records / REMOTE_DIR)
    warnings = io.StringIO()
    started = datetime.now(UTC).replace(microsecond=0)
    os.environ["PODLAB_EXECUTION_MODE"] = "force"
    app = Sphinx(str(scratch / "docs"), str(scratch / "docs"), str(scratch / "out"),
                 str(scratch / "doctrees"), "html", status=None, warning=warnings,
                 freshenv=True, confoverrides={
                     "podlab_record_dir": str(records),
                     "podlab_fail_on_error": False})
    app.build()
    sys.stderr.write(warnings.getvalue())  # what went wrong, as the build said it
    problems = _warnings_by_page(warnings.getvalue(), scratch / "docs")
    pages = {}
    for docname, outcome in podlab_domain(app.env).outcomes():
        pages[docname] = page_result(docname, outcome.status, records,
                                     problems.get(docname, []))
    written = [path for path in records.rglob("*.json")
               if not path.name.endswith(FAILURE_SUFFIX) and REMOTE_DIR not in path.parts]
    cluster: dict[str, Any] = read_record(str(written[0]))["cluster"] if written else {}
    return {"ran_at": started.isoformat(), "cluster": cluster, "pages": pages}


def page_result(docname: str, status: str, records: Path,
                problems: list[tuple[str, str]]) -> dict[str, Any]:
    committed = ROOT / "docs" / RECORDS / f"{docname}.json"
    live = records / f"{docname}.json"
    result: dict[str, Any] = {
        "live": status == "live",
        "status": status,
        "failure": _failure(records, docname, problems) if status != "live" else None,
        "broken_claims": [text for kind, text in problems if kind in CLAIM_TYPES],
        "meaningful": 0, "cosmetic": 0, "drift": [], "committed": committed.is_file(),
    }
    if status == "live" and committed.is_file() and live.is_file():
        review = compare_records(read_record(str(committed)), read_record(str(live)),
                                 "committed", "live")
        result["meaningful"], result["cosmetic"] = len(review.meaningful), len(review.cosmetic)
        result["drift"] = [
            {"place": item.place, "part": item.part, "reason": item.reason, "old": item.old,
             "new": item.new}
            for item in review.meaningful[:SHOWN_DIFFERENCES]]
    return result


def _failure(records: Path, docname: str, problems: list[tuple[str, str]]) -> str | None:
    """Why the page failed: the note its live run left beside the records, else a warning."""
    failure = RecordStore(records).failure(docname)
    if failure is not None:
        return f"line {failure.line}: {failure.message}" if failure.line else failure.message
    return next((text for kind, text in problems if kind not in CLAIM_TYPES), None)


def _warnings_by_page(text: str, srcdir: Path) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        match = WARNING.match(line)
        if match is None:
            continue
        path = Path(match["file"])
        try:
            docname = path.resolve().relative_to(srcdir.resolve()).with_suffix("").as_posix()
        except ValueError:
            continue
        found.setdefault(docname, []).append((match["type"] or "", match["text"]))
    return found


def _order(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


if __name__ == "__main__":
    sys.exit(main())
