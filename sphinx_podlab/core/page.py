"""The page decision, without Sphinx: replay a current record, run the scenario live, show
a stale record, or fail; remember a failed live run so an unchanged page is not rerun.

The Sphinx handler (``sphinxext/page.py``) reads the page into a Scenario, calls
:func:`obtain_record` and renders; warnings go through the report's ``sink``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import PodlabSettings
from ..model.errors import PodlabExecutionError
from ..model.kinds import PageStatus, WarningSubtype
from ..model.messages import Message, Text, msg
from ..model.records import CorruptRecordError, Record
from ..model.specs import BlockSpec, Scenario
from ..record.store import Failure, RecordStore
from ..scenario.key import ScenarioInputs, scenario_inputs
from ..scenario.manifests import (
    LoadedManifests,
    ManifestFinder,
    RemoteCache,
    invalid_manifests,
    load_manifests,
)

if TYPE_CHECKING:
    from ..execute.cluster import Cluster

# Statuses whose record is the page's current outputs.
FRESH: tuple[PageStatus, ...] = ("live", "replayed")
# (message, line or None for the page, subtype)
Sink = Callable[[Text, "int | None", WarningSubtype], None]


@dataclass
class PageReport:
    """Collects a page's warnings; any failure makes the page (and the build) fail."""

    sink: Sink  # shows a warning where it happens (Sphinx: logger.warning at docname:line)
    progress: Callable[[str], None]
    page_line: int | None = None  # the first block's line, for page-level messages
    ran_live: bool = False
    failures: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def warn(self, message: Text, line: int | None, subtype: WarningSubtype, *,
             failure: bool) -> None:
        line = line if line is not None else self.page_line
        self.sink(message, line, subtype)
        if failure:
            self.failures.append((str(message), line))


FETCHING = ("auto", "force")  # modes that may fetch a URL manifest not fetched before


@dataclass(frozen=True)
class PageInputs:
    """A page's scenario, its manifests and the key they give."""

    scenario: Scenario
    manifests: LoadedManifests
    inputs: ScenarioInputs


def page_inputs(
    docname: str, settings: PodlabSettings, blocks: tuple[BlockSpec, ...], docdir: Path,
    may_fetch: bool | None = None, namespace: str | None = None,
) -> PageInputs:
    """The scenario of a page's blocks; manifests are looked up beside the page first.

    ``may_fetch``: whether a URL manifest not fetched before may be fetched now (by default
    in the modes that may reach a cluster; ``status`` never does). ``namespace``: instead of
    the page's own (a chain runs in its head's)."""
    scenario = Scenario(docname, namespace or settings.namespace_for(docname), blocks)
    if may_fetch is None:
        may_fetch = settings.mode in FETCHING
    remote = RemoteCache(RecordStore(settings.record_dir).remote_dir, may_fetch)
    manifests = load_manifests(scenario, ManifestFinder((docdir, *settings.manifest_path),
                                                         remote))
    return PageInputs(scenario, manifests, scenario_inputs(scenario, manifests.contents))


@dataclass(frozen=True)
class Obtained:
    """The page's status, the record to render (maybe stale) and new screenshots to write."""

    status: PageStatus
    record: Record | None
    images: dict[str, bytes] = field(default_factory=dict)


def keep_live_record(
    store: RecordStore, record: Record, images: dict[str, bytes], report: PageReport
) -> None:
    """Write a live run's record, unless its outputs broke the page's claims."""
    if report.failed:
        report.progress("the live run's outputs break the page's claims: record not written")
        return
    written = store.write(record, images)
    report.progress(f"live run took {record.seconds:.1f} s; record "
                    f"{'written' if written else 'unchanged'}")


def remember_outcome(store: RecordStore, docname: str, key: str, report: PageReport) -> None:
    """Note a failed live run beside the record (for `status`), or clear an old note."""
    if not report.failed:
        store.clear_failure(docname)
        return
    message, line = report.failures[0]
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    store.note_failure(docname, Failure(at=now, key=key, message=message, line=line))


def obtain_record(
    settings: PodlabSettings,
    page: PageInputs,
    store: RecordStore,
    report: PageReport,
) -> Obtained:
    """The page's status and the record to render from (possibly stale, possibly None)."""
    scenario, manifests, inputs = page.scenario, page.manifests, page.inputs
    try:
        stored = store.read(scenario.docname)
    except CorruptRecordError as error:
        report.warn(
            msg("podlab record is corrupt and was left untouched: %(error)s; "
                "fix or delete it, then run 'nox -s regenerate'", error=str(error)),
            None, "record", failure=settings.mode in ("replay", "auto"),
        )
        stored = None
    if settings.mode == "off":
        return Obtained("off", None)
    if settings.mode != "force" and stored is not None and stored.key == inputs.key:
        damaged = store.damaged_images(stored)
        if damaged:
            report.warn(msg("podlab record's screenshots are missing or changed: %(files)s; "
                            "run 'nox -s regenerate'", files=", ".join(damaged)), None, "record",
                        failure=True)
        return Obtained("replayed", stored)
    # (A page with bad blocks or missing manifests never matches a record.)
    for message, line in invalid_manifests(manifests):
        report.warn(message, line, "manifest", failure=True)
    if report.failed:  # nothing can run; keep the old record
        return Obtained("failed", stored)
    if settings.mode == "replay":
        warn_not_current(report, stored, msg("podlab_execution_mode is 'replay'"))
        return Obtained("stale" if stored else "missing", stored)
    failure = store.failure(scenario.docname)
    if settings.mode == "auto" and failure is not None and failure.key == inputs.key:
        # The same scenario failed before: say so again instead of hitting the cluster on
        # every rebuild. Editing the page (a new key) or mode force runs it again.
        report.warn(msg("the last live run (%(at)s) failed and the scenario is unchanged: "
                        "%(message)s (edit the page or use mode force to run it again)",
                        at=failure.at, message=failure.message),
                    failure.line, "execution", failure=True)
        return Obtained("failed", stored)
    return _run_live(settings, page, stored, report)


def _run_live(
    settings: PodlabSettings,
    page: PageInputs,
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
        return _run_on(cluster, settings, page, stored, report)
    finally:
        cluster.close()  # its connection pool; sessions make their own clients for streams


def _no_cluster(settings: PodlabSettings, stored: Record | None, report: PageReport,
                error: PodlabExecutionError) -> Obtained:
    if settings.mode == "force":
        report.warn(msg("cannot run live: %(error)s", error=str(error)), None, "cluster",
                    failure=True)
        return Obtained("failed", stored)
    warn_not_current(report, stored, msg("no cluster reachable (%(error)s)", error=str(error)))
    return Obtained("stale" if stored else "missing", stored)


def _run_on(
    cluster: Cluster,
    settings: PodlabSettings,
    page: PageInputs,
    stored: Record | None,
    report: PageReport,
) -> Obtained:
    from ..scenario.runner import RunSettings, ScenarioFailed, run_scenario

    scenario = page.scenario
    report.ran_live = True
    report.progress(f"running {scenario.step_count()} steps live in namespace "
                    f"{scenario.namespace!r}")
    try:
        run = run_scenario(
            scenario,
            page.inputs,
            cluster,
            RunSettings(settings.context, settings.timeout, settings.cleanup,
                        settings.lock_timeout, settings.watch_quiet),
            lambda name: page.manifests.paths[name],
            report.progress,
        )
    except ScenarioFailed as error:
        report.warn(msg("%(error)s; the record was not changed", error=str(error)), error.line,
                    "execution", failure=True)
        return Obtained("failed", stored)
    except PodlabExecutionError as error:
        report.warn(msg("%(error)s; the record was not changed", error=str(error)), None,
                    "execution", failure=True)
        return Obtained("failed", stored)
    for problem in run.cleanup_problems:
        report.warn(msg("cleanup: %(problem)s", problem=problem), None, "cleanup",
                    failure=False)
    return Obtained("live", run.record, run.images)  # written once the page's claims hold


def warn_not_current(report: PageReport, stored: Record | None, why: Message) -> None:
    if stored is None:
        report.warn(msg("no podlab record for this page and %(why)s; outputs are missing "
                        "(run 'nox -s regenerate')", why=why), None, "missing", failure=False)
    else:
        report.warn(msg("the podlab record is stale (the page's scenario changed) and %(why)s; "
                        "showing the old outputs marked as stale (run 'nox -s regenerate')",
                        why=why), None, "stale", failure=False)
