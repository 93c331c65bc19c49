"""Running a page's scenario live, step by step, into a record."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..execute.interrupt import BuildInterrupted, cleaning, say, stop_on_signals
from ..execute.interrupt import check as check_interrupt
from ..execute.interrupt import requested as interrupt_requested
from ..execute.rest import Rest
from ..execute.session import KubectlSession
from ..execute.watch import DEFAULT_QUIET, Until
from ..model.errors import PodlabExecutionError, PodlabSyntaxError
from ..model.records import BlockRecord, Record, Screenshot
from ..model.results import CommandResult
from ..model.snapshot import ObjectState
from ..model.specs import BlockSpec, BrowserSpec, CommandSpec, Scenario
from ..shell.generated import not_found_hint
from ..shell.source import ShellRunError
from ..shell.tree import Script
from ..shell.variables import Variables
from ..verbs.registry import KEEPS_RUNNING
from .key import ScenarioInputs
from .lock import NamespaceLease, namespace_lock
from .shell_line import run_shell_line
from .terminals import Job, RunLine

if TYPE_CHECKING:  # loads the kubernetes client
    from ..execute.cluster import Cluster

# a browser step's :target: that is the page's own forwarded port
FORWARDED_TARGET = re.compile(r"(?:http://)?(?:localhost|127\.0\.0\.1):(\d{1,5})/?")


class ScenarioFailed(Exception):
    """A step failed; ``line`` is where, in the page's source."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class LiveRun:
    record: Record
    cleanup_problems: tuple[str, ...]
    images: dict[str, bytes]  # screenshots by their file name in the record dir


@dataclass(frozen=True)
class RunSettings:
    context: str | None
    timeout: float
    cleanup: bool
    lock_timeout: float = 600.0  # seconds to wait for another build using the namespace
    watch_quiet: float = DEFAULT_QUIET  # seconds without a change that end a watch


@dataclass(frozen=True)
class ChainPage:
    """One page of a live run: its scenario, key inputs and manifest lookup."""

    scenario: Scenario
    inputs: ScenarioInputs
    resolve_manifest: Callable[[str], Path]


class ChainFailed(ScenarioFailed):
    """A step of a chain's page failed: ``docname`` says which page."""

    def __init__(self, message: str, line: int, docname: str) -> None:
        super().__init__(message, line)
        self.docname = docname


def run_scenario(
    scenario: Scenario,
    inputs: ScenarioInputs,
    cluster: Cluster,
    settings: RunSettings,
    resolve_manifest: Callable[[str], Path],
    progress: Callable[[str], None],
) -> LiveRun:
    """Run every block in order; raise ScenarioFailed at the first unexpected failure.

    What the page created is deleted afterwards (when ``settings.cleanup``), also on failure.
    """
    try:
        return run_chain([ChainPage(scenario, inputs, resolve_manifest)], cluster, settings,
                         progress)[0]
    except ChainFailed as failed:
        raise ScenarioFailed(str(failed), failed.line) from None


def run_chain(
    pages: list[ChainPage],
    cluster: Cluster,
    settings: RunSettings,
    progress: Callable[[str], None],
) -> list[LiveRun]:
    """Run the pages one after the other as one scenario: one lock, one session, the objects
    of a page left for the next, cleanup after the last page (and on any failure). Each page
    gets its own record. Raises ChainFailed at the first unexpected failure."""
    info = cluster.provenance()
    first = pages[0].scenario
    with stop_on_signals():
        try:
            runs, problems = _run_locked(pages, cluster, settings, progress, info.minor)
        except BuildInterrupted as stop:
            running = [p.scenario.docname for p in pages if p.scenario.docname in _current]
            page = running[-1] if running else first.docname
            where = _current.pop(page, "")
            where = f", {where}" if where else ""
            say(f"podlab: {stop.reason} during {page}{where}: " + (
                "stopped at once, before the cleanup ended (the next run removes what is "
                "left)" if stop.at_once else "stopped, cleaned up the scenario")
                + "; the record was not changed")
            raise
    recorded_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    return [
        LiveRun(Record(
            docname=page.scenario.docname,
            key=page.inputs.key,
            recorded_at=recorded_at,
            cluster=info,
            namespace=page.scenario.namespace,
            seconds=seconds,
            blocks=tuple(steps.blocks),
            snapshots=steps.snapshots,
            podlab_version=__version__,
            inputs=page.inputs.data,
        ), tuple(problems) if index == len(runs) - 1 else (), steps.images)
        for index, (page, (steps, seconds)) in enumerate(zip(pages, runs, strict=True))
    ]


_current: dict[str, str] = {}  # the step running now, for the interruption's message


def _run_locked(
    pages: list[ChainPage],
    cluster: Cluster,
    settings: RunSettings,
    progress: Callable[[str], None],
    minor: int,
) -> tuple[list[tuple[_Steps, float]], list[str]]:
    """The pages' steps under the namespace's lock (the first page's), one after the other
    in one session, then the cleanup (also after a failure or an interruption)."""
    first = pages[0].scenario
    current = pages[0]
    runs: list[tuple[_Steps, float]] = []
    lock_client = cluster.new_api_client()  # the renewing thread's own client
    lock_rest = Rest(lock_client, cluster.request_timeout, lambda _text: None)
    try:
        with namespace_lock(lock_rest, first.namespace, first.docname,
                            settings.lock_timeout, progress) as lease:
            session = KubectlSession(cluster, first.namespace,
                                     lambda name: current.resolve_manifest(name), progress,
                                     minor, journal=lease.note)
            if lease.leftovers:
                _remove_leftovers(session, lease, settings, progress)
            problems: list[str] = []
            try:
                for page in pages:
                    current = page
                    if len(pages) > 1:
                        progress(f"chain: page {page.scenario.docname}")
                    steps = _Steps(page.scenario, session, cluster, settings, progress,
                                   lambda: lease.lost)
                    started = time.monotonic()
                    try:
                        steps.run()
                        steps.finish_jobs()  # its terminals ended with the page
                    except ScenarioFailed as failed:
                        raise ChainFailed(str(failed), failed.line,
                                          page.scenario.docname) from None
                    runs.append((steps, time.monotonic() - started))
            finally:
                with cleaning():
                    # before cleanup: background commands may use its objects
                    problems = session.stop_background()
                    if settings.cleanup:
                        progress("cleaning up what the page created" if len(pages) == 1
                                 else "cleaning up what the chain's pages created")
                        problems += session.cleanup(settings.timeout)
                    # what is not cleaned up stays journaled for the next run to remove;
                    # after an interruption also what a create may have made unseen (the
                    # signal came before its answer did)
                    unsure = session.unconfirmed(lease.journal) if interrupt_requested() else []
                    if settings.cleanup and not problems:
                        lease.journal = unsure
                    lease.keep_journal = bool(lease.journal)
    finally:
        lock_client.close()  # type: ignore[no-untyped-call]
    for page in pages:
        _current.pop(page.scenario.docname, None)
    return runs, problems


def _remove_leftovers(session: KubectlSession, lease: NamespaceLease, settings: RunSettings,
                      progress: Callable[[str], None]) -> None:
    """Objects an interrupted run (or one without cleanup) left in the namespace go first,
    so that the outputs are a fresh namespace's (``created``, not ``configured``)."""
    names = ", ".join(f"{entry['kind'].lower()}/{entry['name']}" for entry in lease.leftovers)
    progress(f"removing what an earlier run of {lease.left_by} left: {names}")
    with cleaning():
        problems = session.remove_leftovers(lease.leftovers, settings.timeout)
    if problems:
        raise PodlabExecutionError(
            f"cannot remove what an earlier run of {lease.left_by} left in namespace "
            f"{lease.namespace}: {'; '.join(problems)}")
    lease.forget_leftovers()


class _Steps:
    """Runs the blocks in order, keeping what later blocks and the record need."""

    def __init__(
        self,
        scenario: Scenario,
        session: KubectlSession,
        cluster: Cluster,
        settings: RunSettings,
        progress: Callable[[str], None],
        lock_lost: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.scenario = scenario
        self.lock_lost = lock_lost
        self.session = session
        self.cluster = cluster
        self.settings = settings
        self.progress = progress
        self.blocks: list[BlockRecord] = []
        self.snapshots: dict[str, tuple[ObjectState, ...]] = {}
        self.images: dict[str, bytes] = {}
        self.total = scenario.step_count()
        self.step = 0
        self.variables = Variables()  # the page's shell variables, across its blocks
        self.jobs: dict[str, Job] = {}  # by terminal name or %N: what `:stop:` names
        self.job_count = 0  # `&` jobs so far (%1, %2, ...)
        # blocks whose results come (partly) from jobs: filled once the jobs ended
        self.deferred: list[tuple[int, BlockSpec, list[CommandResult | Job]]] = []

    def run(self) -> None:
        _check_stops(self.scenario)
        for block in self.scenario.blocks:
            lost = self.lock_lost()
            if lost:
                raise ScenarioFailed(f"{lost}: stopped before this block", block.line)
            if block.browser is not None:
                self.blocks.append(self._browser(block, block.browser))
                continue
            items = self._terminal(block) if block.terminal else self._commands(block)
            results = [item for item in items if isinstance(item, CommandResult)]
            if len(results) < len(items):
                self.deferred.append((len(self.blocks), block, items))
            elif block.expect_error and all(result.succeeded for result in results):
                raise ScenarioFailed(
                    "the block has :expect-error: but every command succeeded", block.line
                )
            if block.snapshot:
                self.snapshots[block.snapshot] = self.session.snapshot()
            self.blocks.append(BlockRecord(
                block.name, tuple(results), block.snapshot, line=block.line,
                command_lines=tuple(spec.line for spec in block.commands)))
            for name in block.stop:
                self._stop(self.jobs[name], block.line)
        for job in reversed(list(self.jobs.values())):  # the page ends: its terminals too
            self._stop(job, self.scenario.blocks[job.block_index].line)

    def _until(self, block: BlockSpec, background: bool) -> Until:
        return Until(block.quiet or self.settings.watch_quiet, background)

    def _commands(self, block: BlockSpec) -> list[CommandResult | Job]:
        items: list[CommandResult | Job] = []
        for spec in block.commands:
            check_interrupt()
            self.step += 1
            _current[self.scenario.docname] = f"step {self.step}/{self.total} ({spec.display})"
            self.progress(f"step {self.step}/{self.total}: $ {spec.display}")
            background = _background_script(spec)
            if background is None and not keeps_running(spec):
                items.append(_run_step(self.session, block, spec, self.settings.timeout,
                                       self.variables, self._until(block, False)))
                continue
            if background is not None:
                self.job_count += 1
                name = f"%{self.job_count}"
                spec = replace(spec, script=background)
            else:
                name = spec.display
            items.append(self._start(name, block, [spec]))
        return items

    def _terminal(self, block: BlockSpec) -> list[CommandResult | Job]:
        """Another terminal: the block's lines, in order, in the background."""
        self.step += len(block.commands)
        self.progress(f"step {self.step}/{self.total}: in terminal {block.terminal}: "
                      + "; ".join(f"$ {spec.display}" for spec in block.commands))
        assert block.terminal is not None
        return [self._start(block.terminal, block, list(block.commands))]

    def _start(self, name: str, block: BlockSpec, specs: list[CommandSpec]) -> Job:
        variables = self.variables.copy()  # what the job sets stays in its terminal

        def line(spec: CommandSpec) -> RunLine:
            return lambda until: _run_step(self.session, block, spec, self.settings.timeout,
                                           variables, until)

        job = Job(name, len(self.blocks), [line(spec) for spec in specs],
                  self._until(block, True))
        self.jobs[name] = job
        self.session.keep(name, job.stop)
        try:
            job.start()
        except PodlabExecutionError as error:
            raise ScenarioFailed(str(error), specs[0].line) from None
        if isinstance(job.error, ScenarioFailed):  # it failed before it was running
            raise job.error
        return job

    def _stop(self, job: Job, line: int) -> None:
        self.progress(f"stopping {job.name}")
        try:
            job.stop()
        except RuntimeError as error:
            raise ScenarioFailed(str(error), line) from None
        if isinstance(job.error, ScenarioFailed):
            raise job.error
        if job.error is not None:
            raise ScenarioFailed(f"{job.name}: {job.error}", line)

    def finish_jobs(self) -> None:
        """Once every job ended: their transcripts into the blocks where they stand; the
        first job that failed fails the page."""
        for index, block, items in self.deferred:
            results: list[CommandResult] = []
            for item in items:
                if isinstance(item, CommandResult):
                    results.append(item)
                    continue
                if isinstance(item.error, ScenarioFailed):
                    raise item.error
                if item.error is not None:
                    raise ScenarioFailed(f"{item.name}: {item.error}", block.line)
                results.extend(item.results)
            if block.expect_error and all(result.succeeded for result in results):
                raise ScenarioFailed(
                    "the block has :expect-error: but every command succeeded", block.line)
            self.blocks[index] = replace(self.blocks[index], results=tuple(results))

    def _browser(self, block: BlockSpec, browser: BrowserSpec) -> BlockRecord:
        # Imported here: only pages with browser steps need Playwright and Chromium.
        from ..browser.actions import substitute
        from ..browser.step import BrowserStepError, run_browser_on_forward, run_browser_step

        check_interrupt()
        self.step += 1
        _current[self.scenario.docname] = f"step {self.step}/{self.total} (browser {block.name})"
        self.progress(f"step {self.step}/{self.total}: browser {block.name} "
                      f"({browser.target} port {browser.port})")
        values = {f"{obj.name}@{name}": str(obj.get("ip")) for name, objects
                  in self.snapshots.items() for obj in objects
                  if obj.kind == "Pod" and obj.get("ip")}
        forwarded = FORWARDED_TARGET.fullmatch(browser.target)
        try:
            actions = substitute(browser.actions, values)
            if forwarded:  # the page's own port-forward: localhost:8080
                port = int(forwarded.group(1))
                real = self.session.forwards.real(port)
                if real is None:
                    raise BrowserStepError(f"no port-forward of this page serves "
                                           f"{browser.target} now", None)
                result = run_browser_on_forward(
                    f"http://127.0.0.1:{real}", browser.target, actions,
                    block.timeout or self.settings.timeout, self.progress,
                    locale=browser.locale)
            else:
                result = run_browser_step(
                    self.cluster.new_api_client, self.scenario.namespace, browser.target,
                    browser.port, actions, block.timeout or self.settings.timeout,
                    self.progress, locale=browser.locale,
                )
        except PodlabSyntaxError as error:  # a {POD@SNAPSHOT} with no such pod or snapshot
            check_interrupt()
            raise ScenarioFailed(str(error), browser.line_of(error.line, block.line)) from None
        except BrowserStepError as error:
            check_interrupt()  # Chromium got the terminal's Ctrl-C too
            raise ScenarioFailed(f"browser {block.name}: {error}",
                                 browser.line_of(error.line, block.line)) from None
        file = f"{self.scenario.docname}/{block.name}.png"
        self.images[file] = result.png
        shot = Screenshot(file, hashlib.sha256(result.png).hexdigest(), len(result.png),
                          result.url_path, result.checks, result.seconds, result.pod,
                          scale=result.scale, width=result.width)
        return BlockRecord(block.name, (), None, shot, line=block.line)


def _check_stops(scenario: Scenario) -> None:
    """Every ``:stop:`` names a terminal (or ``%N`` job) that an earlier block started."""
    started: set[str] = set()
    jobs = 0
    for block in scenario.blocks:
        if block.terminal:
            started.add(block.terminal)
        for spec in block.commands:
            if not block.terminal and _background_script(spec) is not None:
                jobs += 1
                started.add(f"%{jobs}")
        for name in block.stop:
            if name not in started:
                raise ScenarioFailed(f":stop: {name}: no earlier block started a terminal or "
                                     f"job of that name", block.line)


def _background_script(spec: CommandSpec) -> Script | None:
    """A line ending in ``&``: its script without the ``&`` (the job's command)."""
    script = spec.script
    if script is None or not script.items or script.items[-1].background_at is None:
        return None
    last = replace(script.items[-1], background_at=None)
    return replace(script, items=(*script.items[:-1], last))


def keeps_running(spec: CommandSpec) -> bool:
    """A line whose command runs until it is stopped (``port-forward``, ``proxy``)."""
    return any(isinstance(command, KEEPS_RUNNING) for command in spec.kubectl or (spec.command,))


def _run_step(
    session: KubectlSession, block: BlockSpec, spec: CommandSpec, default_timeout: float,
    variables: Variables, until: Until,
) -> CommandResult:
    timeout = block.timeout or default_timeout
    try:
        if spec.typed and spec.command is not None:  # a session: its typed lines ride along
            result = session.run(spec.command, spec.argv, timeout, until, block.waits)
        elif spec.script is not None:
            result = run_shell_line(session, spec.script, spec.argv, variables, timeout, until,
                                    block.waits)
        else:
            assert spec.command is not None, "a scenario with unparsed commands never runs"
            result = session.run(spec.command, spec.argv, timeout, until, block.waits)
    except PodlabExecutionError as error:
        check_interrupt()  # a library may have turned the Ctrl-C into an error of its own
        raise ScenarioFailed(f"'{spec.display}': {error}", spec.line) from None
    except ShellRunError as error:
        check_interrupt()
        raise ScenarioFailed(f"'{spec.display}': {error}", spec.line + error.line) from None
    check_interrupt()
    if not result.succeeded and not block.expect_error:
        last_line = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        hint = not_found_hint(result.stderr)
        raise ScenarioFailed(
            f"'{spec.display}' failed with exit status {result.exit_code}: {last_line} "
            + (f"({hint}) " if hint else "")
            + "(add :expect-error: to the block if the failure is intended)",
            spec.line,
        )
    return result
