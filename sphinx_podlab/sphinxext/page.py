"""One page, once read: decide live / replay / stale, run or load, then render.

This is the ``doctree-read`` handler. It runs in the reading process (also a ``-j`` worker),
after the whole page is parsed, because all blocks of a page form one scenario.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import PodlabSettings
from ..model.errors import PodlabExecutionError
from ..model.kinds import PageStatus
from ..model.outcomes import PageOutcome
from ..model.records import CorruptRecordError, Record
from ..model.specs import Scenario
from ..record.store import Failure, RecordStore
from ..scenario.key import ScenarioInputs, scenario_inputs
from ..scenario.manifests import (
    LoadedManifests,
    ManifestFinder,
    invalid_manifests,
    load_manifests,
)
from .domain import podlab_domain
from .nodes import PAGE_HAS_PODLAB, podlab_block
from .references import FRESH, claim_problems, collect_references, render_page

if TYPE_CHECKING:
    from ..execute.cluster import Cluster

logger = logging.getLogger(__name__)


@dataclass
class PageReport:
    """Collects a page's warnings; any failure makes the page (and the build) fail."""

    docname: str
    page_line: int | None = None  # the first block's line, for page-level messages
    ran_live: bool = False
    failures: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def warn(self, message: str, line: int | None, subtype: str, *, failure: bool) -> None:
        line = line if line is not None else self.page_line
        logger.warning(message, location=(self.docname, line), type="podlab", subtype=subtype)
        if failure:
            self.failures.append((message, line))

    def progress(self, message: str) -> None:
        logger.info("[podlab] %s: %s", self.docname, message)


@dataclass(frozen=True)
class Obtained:
    """The page's status, the record to render (maybe stale) and new screenshots to write."""

    status: PageStatus
    record: Record | None
    images: dict[str, bytes] = field(default_factory=dict)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    if not app.env.temp_data.get(PAGE_HAS_PODLAB):
        return  # set by our directives and role while the page was parsed
    env = app.env
    docname = env.docname
    settings = PodlabSettings.from_config(app.config, Path(app.srcdir))
    blocks = list(doctree.findall(podlab_block))
    report = PageReport(docname, blocks[0]["spec"].line if blocks else None)
    scenario = Scenario(docname, settings.namespace, tuple(node["spec"] for node in blocks))
    _report_block_problems(blocks, scenario, report)

    docdir = (Path(app.srcdir) / docname).parent
    finder = ManifestFinder((docdir, *settings.manifest_path))
    manifests = load_manifests(scenario, finder)
    for path in manifests.paths.values():
        env.note_dependency(str(path))
    for message, line in manifests.problems:
        report.warn(message, line, "manifest", failure=True)

    store = RecordStore(settings.record_dir)
    env.note_dependency(str(store.path(docname)))
    started = time.monotonic()
    inputs = scenario_inputs(scenario, manifests.contents)
    obtained = _obtain_record(settings, scenario, manifests, inputs, store, report)
    status: PageStatus = obtained.status
    record = obtained.record
    references = collect_references(doctree)
    current = record if status in FRESH else None
    for message, where in claim_problems(references, scenario, current):
        report.warn(message, where, "reference", failure=True)
    if status == "live" and record is not None:
        _keep_live_record(store, record, obtained.images, report)
    if report.ran_live:
        _remember_outcome(store, docname, inputs.key, report)
    srcdir = Path(app.srcdir)
    render_page(references, scenario, record, status,
                lambda file: "/" + os.path.relpath(store.image_path(file), srcdir))
    if report.failed:
        status = "failed"
    domain = podlab_domain(env)
    domain.set_outcome(
        docname,
        PageOutcome(
            status=status,
            mode=settings.mode,
            build=domain.build_id,
            seconds=round(time.monotonic() - started, 3),
            steps=scenario.step_count(),
            recorded_at=record.recorded_at if record else None,
            cluster_version=record.cluster.version if record else None,
            key=inputs.key,
            inputs=inputs.data,
        ),
    )


def _report_block_problems(
    blocks: list[podlab_block], scenario: Scenario, report: PageReport
) -> None:
    """Parse errors found by the directives, and block names used twice."""
    for node in blocks:
        for message, line in node["errors"]:
            report.warn(message, line, "syntax", failure=True)
    seen: set[str] = set()
    for block in scenario.blocks:
        if block.name in seen:
            report.warn(f"another podlab block on this page is named {block.name!r}; "
                        "names must be unique", block.line, "syntax", failure=True)
        if block.name:
            seen.add(block.name)


def _keep_live_record(
    store: RecordStore, record: Record, images: dict[str, bytes], report: PageReport
) -> None:
    """Write a live run's record, unless its outputs broke the page's claims."""
    if report.failed:
        report.progress("the live run's outputs break the page's claims: record not written")
        return
    written = store.write(record, images)
    report.progress(f"live run took {record.seconds:.1f} s; record "
                    f"{'written' if written else 'unchanged'}")


def _remember_outcome(store: RecordStore, docname: str, key: str, report: PageReport) -> None:
    """Note a failed live run beside the record (for `status`), or clear an old note."""
    if not report.failed:
        store.clear_failure(docname)
        return
    message, line = report.failures[0]
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    store.note_failure(docname, Failure(at=now, key=key, message=message, line=line))


def _obtain_record(
    settings: PodlabSettings,
    scenario: Scenario,
    manifests: LoadedManifests,
    inputs: ScenarioInputs,
    store: RecordStore,
    report: PageReport,
) -> Obtained:
    """The page's status and the record to render from (possibly stale, possibly None)."""
    try:
        stored = store.read(scenario.docname)
    except CorruptRecordError as error:
        report.warn(
            f"podlab record is corrupt and was left untouched: {error}; "
            "fix or delete it, then run 'nox -s regenerate'",
            None, "record", failure=settings.mode in ("replay", "auto"),
        )
        stored = None
    if settings.mode == "off":
        return Obtained("off", None)
    if settings.mode != "force" and stored is not None and stored.key == inputs.key:
        damaged = store.damaged_images(stored)
        if damaged:
            report.warn(f"podlab record's screenshots are missing or changed: "
                        f"{', '.join(damaged)}; run 'nox -s regenerate'", None, "record",
                        failure=True)
        return Obtained("replayed", stored)
    # (A page with bad blocks or missing manifests never matches a record.)
    for message, line in invalid_manifests(manifests):
        report.warn(message, line, "manifest", failure=True)
    if report.failed:  # nothing can run; keep the old record
        return Obtained("failed", stored)
    if settings.mode == "replay":
        _warn_not_current(report, stored, "podlab_execution_mode is 'replay'")
        return Obtained("stale" if stored else "missing", stored)
    failure = store.failure(scenario.docname)
    if settings.mode == "auto" and failure is not None and failure.key == inputs.key:
        # The same scenario failed before: say so again instead of hitting the cluster on
        # every rebuild. Editing the page (a new key) or mode force runs it again.
        report.warn(f"the last live run ({failure.at}) failed and the scenario is unchanged: "
                    f"{failure.message} (edit the page or use mode force to run it again)",
                    failure.line, "execution", failure=True)
        return Obtained("failed", stored)
    return _run_live(settings, scenario, manifests, inputs, stored, report)


def _run_live(
    settings: PodlabSettings,
    scenario: Scenario,
    manifests: LoadedManifests,
    inputs: ScenarioInputs,
    stored: Record | None,
    report: PageReport,
) -> Obtained:
    # Imported here so that replay-only builds never load the kubernetes client.
    from ..execute.cluster import Cluster

    try:
        cluster = Cluster.connect(settings.context)
    except PodlabExecutionError as error:
        return _no_cluster(settings, stored, report, error)
    try:
        try:
            cluster.info()
        except PodlabExecutionError as error:
            return _no_cluster(settings, stored, report, error)
        return _run_on(cluster, settings, scenario, manifests, inputs, stored, report)
    finally:
        cluster.close()  # its connection pool; sessions make their own clients for streams


def _no_cluster(settings: PodlabSettings, stored: Record | None, report: PageReport,
                error: PodlabExecutionError) -> Obtained:
    if settings.mode == "force":
        report.warn(f"cannot run live: {error}", None, "cluster", failure=True)
        return Obtained("failed", stored)
    _warn_not_current(report, stored, f"no cluster reachable ({error})")
    return Obtained("stale" if stored else "missing", stored)


def _run_on(
    cluster: Cluster,
    settings: PodlabSettings,
    scenario: Scenario,
    manifests: LoadedManifests,
    inputs: ScenarioInputs,
    stored: Record | None,
    report: PageReport,
) -> Obtained:
    from ..scenario.runner import RunSettings, ScenarioFailed, run_scenario

    report.ran_live = True
    report.progress(f"running {scenario.step_count()} steps live in namespace "
                    f"{scenario.namespace!r}")
    try:
        run = run_scenario(
            scenario,
            inputs,
            cluster,
            RunSettings(settings.context, settings.timeout, settings.cleanup),
            lambda name: manifests.paths[name],
            report.progress,
        )
    except ScenarioFailed as error:
        report.warn(f"{error}; the record was not changed", error.line, "execution", failure=True)
        return Obtained("failed", stored)
    except PodlabExecutionError as error:
        report.warn(f"{error}; the record was not changed", None, "execution", failure=True)
        return Obtained("failed", stored)
    for problem in run.cleanup_problems:
        report.warn(f"cleanup: {problem}", None, "cleanup", failure=False)
    return Obtained("live", run.record, run.images)  # written once the page's claims hold


def _warn_not_current(report: PageReport, stored: Record | None, why: str) -> None:
    if stored is None:
        report.warn(f"no podlab record for this page and {why}; outputs are missing "
                    "(run 'nox -s regenerate')", None, "missing", failure=False)
    else:
        report.warn(f"the podlab record is stale (the page's scenario changed) and {why}; "
                    "showing the old outputs marked as stale (run 'nox -s regenerate')",
                    None, "stale", failure=False)
