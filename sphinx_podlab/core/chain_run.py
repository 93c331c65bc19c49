"""The page decision for a page of a chain (no Sphinx).

Sphinx reads pages in its own order (sorted, or in parallel under ``-j``), not chain order.
So whichever page of a chain is read first and needs a live run runs the WHOLE chain, from
its head, as one scenario (one lock, one session, cleanup after the last page or at a
failure), then checks every page's claims (read from the sources) against its new record,
and writes every page's record only when all hold. A note beside the head's record
(``<head>.chain-run.json``: the build's id and each page's outcome) holds the results for the
chain's other pages: read later in the same build (in any process), they take their record
from it instead of running again. A file lock makes a second process wait for the first.

Mode auto when only a later page changed: its predecessors' end state is needed, so the
chain is re-run live from its head and every page's record is rewritten from that one run
(the chain's records always come from one run; the drift review shows what changed).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import PodlabSettings
from ..model.errors import PodlabExecutionError
from ..model.messages import Message, Text, msg
from ..model.records import CorruptRecordError, Record
from ..record.store import CHAIN_RUN_SUFFIX, Failure, RecordStore
from .book import Book
from .chain import Chain
from .page import Obtained, PageInputs, PageReport, warn_not_current
from .read import PageSource
from .values import page_claim_problems

if TYPE_CHECKING:
    from ..execute.cluster import Cluster

# a warning about another page of the chain: (docname, message, line)
OtherSink = Callable[[str, Text, "int | None"], None]


@dataclass(frozen=True)
class ChainContext:
    chain: Chain
    pages: dict[str, PageInputs]  # every page of the chain, chained keys
    book: Book
    build_id: str
    warn_other: OtherSink


def run_note_path(store: RecordStore, chain: Chain) -> Path:
    return store.directory / f"{chain.head}{CHAIN_RUN_SUFFIX}"


def _read_note(store: RecordStore, chain: Chain) -> dict[str, object] | None:
    try:
        data = json.loads(run_note_path(store, chain).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_note(store: RecordStore, chain: Chain, build_id: str,
                outcomes: dict[str, str]) -> None:
    path = run_note_path(store, chain)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"build": build_id, "pages": outcomes}, indent=2,
                               sort_keys=True) + "\n", encoding="utf-8")


@contextlib.contextmanager
def _chain_lock(store: RecordStore, chain: Chain) -> Iterator[None]:
    """One process of this machine runs a chain at a time (others wait, then find the note)."""
    path = run_note_path(store, chain).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def obtain_chain_record(settings: PodlabSettings, context: ChainContext, docname: str,
                        store: RecordStore, report: PageReport) -> Obtained:
    page = context.pages[docname]
    key = page.inputs.key
    try:
        stored = store.read(docname)
    except CorruptRecordError as error:
        report.warn(msg("podlab record is corrupt and was left untouched: %(error)s; "
                        "fix or delete it, then run 'nox -s regenerate'", error=str(error)),
                    None, "record", failure=settings.mode in ("replay", "auto"))
        stored = None
    if settings.mode == "off":
        return Obtained("off", None)
    held = _held(store, context, docname, stored)
    if held is not None:
        return held
    if settings.mode != "force" and stored is not None and stored.key == key:
        return Obtained("replayed", stored)
    if settings.mode == "replay":
        warn_not_current(report, stored, msg("podlab_execution_mode is 'replay'"))
        return Obtained("stale" if stored else "missing", stored)
    failure = store.failure(docname)
    if settings.mode == "auto" and failure is not None and failure.key == key:
        report.warn(msg("the last live run (%(at)s) failed and the scenario is unchanged: "
                        "%(message)s (edit the page or use mode force to run it again)",
                        at=failure.at, message=failure.message),
                    failure.line, "execution", failure=True)
        return Obtained("failed", stored)
    with _chain_lock(store, context.chain):
        held = _held(store, context, docname, stored)  # another process ran it meanwhile
        if held is not None:
            return held
        return _run_chain(settings, context, docname, store, report, stored)


def _held(store: RecordStore, context: ChainContext, docname: str,
          stored: Record | None) -> Obtained | None:
    """This build's run of the chain, if one was made: the page's outcome in it."""
    note = _read_note(store, context.chain)
    if note is None or note.get("build") != context.build_id:
        return None
    outcomes = note.get("pages")
    outcome = outcomes.get(docname) if isinstance(outcomes, dict) else None
    if outcome == "written" and stored is not None \
            and stored.key == context.pages[docname].inputs.key:
        return Obtained("live", stored)
    if outcome == "failed":
        return Obtained("failed", stored)
    return None


def _run_chain(settings: PodlabSettings, context: ChainContext, docname: str,
               store: RecordStore, report: PageReport, stored: Record | None) -> Obtained:
    from ..execute.cluster import Cluster

    chain = context.chain
    for name in chain.pages:  # nothing runs when a page of the chain cannot
        problems = context.pages[name].manifests.problems
        if problems or _bad_manifests(context.pages[name]):
            return _chain_failed(settings, context, docname, store, report, stored, name,
                                 msg("a page of the chain has bad manifests"), None)
    try:
        cluster = Cluster.connect(settings.context)
        cluster.info()
    except PodlabExecutionError as error:
        if settings.mode == "force":
            report.warn(msg("cannot run live: %(error)s", error=str(error)), None, "cluster",
                        failure=True)
            return Obtained("failed", stored)
        warn_not_current(report, stored, msg("no cluster reachable (%(error)s)",
                                             error=str(error)))
        return Obtained("stale" if stored else "missing", stored)
    try:
        return _run_on(cluster, settings, context, docname, store, report, stored)
    finally:
        cluster.close()


def _bad_manifests(page: PageInputs) -> bool:
    from ..scenario.manifests import invalid_manifests

    return bool(invalid_manifests(page.manifests))


def _run_on(cluster: Cluster, settings: PodlabSettings, context: ChainContext, docname: str,
            store: RecordStore, report: PageReport, stored: Record | None) -> Obtained:
    from ..scenario.runner import ChainFailed, ChainPage, RunSettings, run_chain

    chain = context.chain
    report.ran_live = True
    steps = sum(context.pages[name].scenario.step_count() for name in chain.pages)
    report.progress(f"running the chain {' → '.join(chain.pages)} live ({steps} steps)")
    try:
        runs = run_chain(
            [ChainPage(page.scenario, page.inputs, _resolver(page))
             for page in (context.pages[name] for name in chain.pages)],
            cluster,
            RunSettings(settings.context, settings.timeout, settings.cleanup,
                        settings.lock_timeout),
            report.progress,
        )
    except ChainFailed as error:
        return _chain_failed(settings, context, docname, store, report, stored, error.docname,
                             msg("%(error)s; the record was not changed", error=str(error)),
                             error.line)
    except PodlabExecutionError as error:
        return _chain_failed(settings, context, docname, store, report, stored, docname,
                             msg("%(error)s; the record was not changed", error=str(error)),
                             None)
    for run in runs:
        for problem in run.cleanup_problems:
            report.warn(msg("cleanup: %(problem)s", problem=problem), None, "cleanup",
                        failure=False)
    broken = False
    for run in runs:
        source = context.book.sources.get(run.record.docname, PageSource(()))
        for message, line in page_claim_problems(source.claims, source.refs, run.record):
            broken = True
            _warn(context, docname, report, run.record.docname, message, line)
    if broken:
        return _chain_failed(settings, context, docname, store, report, stored, docname,
                             msg("the live run's outputs break the chain's claims: no record "
                                 "written"), None, warned=True)
    for run in runs:
        store.write(run.record, run.images)
        store.clear_failure(run.record.docname)
    _write_note(store, chain, context.build_id, dict.fromkeys(chain.pages, "written"))
    report.progress(f"chain records written: {', '.join(chain.pages)}")
    mine = next(run for run in runs if run.record.docname == docname)
    return Obtained("live", mine.record)


def _resolver(page: PageInputs) -> Callable[[str], Path]:
    return lambda name: page.manifests.paths[name]


def _warn(context: ChainContext, docname: str, report: PageReport, where: str,
          message: Text, line: int | None) -> None:
    if where == docname:
        report.warn(message, line, "reference", failure=True)
    else:
        context.warn_other(where, message, line)
        report.failures.append((str(message), line))


def _chain_failed(settings: PodlabSettings, context: ChainContext, docname: str,
                  store: RecordStore, report: PageReport, stored: Record | None, where: str,
                  message: Message, line: int | None, *, warned: bool = False) -> Obtained:
    """No record is written; every page of the chain remembers the failure (so auto mode
    does not rerun it until a page changes) and this build's other pages see it."""
    if not warned:
        if where == docname:
            report.warn(message, line, "execution", failure=True)
        else:
            context.warn_other(where, message, line)
            report.warn(msg("the chain's live run failed on page %(page)s", page=where), None,
                        "execution", failure=True)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    for name in context.chain.pages:
        text = str(message) if name == where else f"the chain's live run failed on {where}"
        store.note_failure(name, Failure(at=now, key=context.pages[name].inputs.key,
                                         message=text, line=line if name == where else None))
    _write_note(store, context.chain, context.build_id,
                dict.fromkeys(context.chain.pages, "failed"))
    return Obtained("failed", stored)
