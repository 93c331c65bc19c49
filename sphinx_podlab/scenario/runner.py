"""Running a page's scenario live, step by step, into a record."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..execute.cluster import Cluster
from ..execute.result import CommandResult, PodlabExecutionError, PodState
from ..execute.session import KubectlSession
from ..record.model import BlockRecord, Record
from .key import ScenarioInputs
from .lock import namespace_lock
from .model import BlockSpec, CommandSpec, Scenario


class ScenarioFailed(Exception):
    """A step failed; ``line`` is where, in the page's source."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class LiveRun:
    record: Record
    cleanup_problems: tuple[str, ...]


@dataclass(frozen=True)
class RunSettings:
    context: str | None
    timeout: float
    cleanup: bool


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
    info = cluster.info()
    started = time.monotonic()
    with namespace_lock(settings.context, scenario.namespace):
        session = KubectlSession(
            cluster, scenario.namespace, resolve_manifest, progress, info.minor
        )
        problems: list[str] = []
        try:
            blocks, snapshots = _run_blocks(scenario, session, settings, progress)
        finally:
            if settings.cleanup:
                progress("cleaning up what the page created")
                problems = session.cleanup(settings.timeout)
    record = Record(
        docname=scenario.docname,
        key=inputs.key,
        recorded_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        cluster=info,
        namespace=scenario.namespace,
        seconds=time.monotonic() - started,
        blocks=tuple(blocks),
        snapshots=snapshots,
        podlab_version=__version__,
        inputs=inputs.data,
    )
    return LiveRun(record, tuple(problems))


def _run_blocks(
    scenario: Scenario,
    session: KubectlSession,
    settings: RunSettings,
    progress: Callable[[str], None],
) -> tuple[list[BlockRecord], dict[str, tuple[PodState, ...]]]:
    total = len(scenario.commands())
    step = 0
    blocks: list[BlockRecord] = []
    snapshots: dict[str, tuple[PodState, ...]] = {}
    for block in scenario.blocks:
        results: list[CommandResult] = []
        for spec in block.commands:
            step += 1
            progress(f"step {step}/{total}: $ {spec.display}")
            results.append(_run_step(session, block, spec, settings.timeout))
        if block.expect_error and all(result.succeeded for result in results):
            raise ScenarioFailed(
                "the block has :expect-error: but every command succeeded", block.line
            )
        if block.snapshot:
            snapshots[block.snapshot] = session.snapshot()
        blocks.append(BlockRecord(block.name, tuple(results), block.snapshot))
    return blocks, snapshots


def _run_step(
    session: KubectlSession, block: BlockSpec, spec: CommandSpec, default_timeout: float
) -> CommandResult:
    assert spec.command is not None, "a scenario with unparsed commands never runs"
    timeout = block.timeout or default_timeout
    try:
        result = session.run(spec.command, spec.argv, timeout)
    except PodlabExecutionError as error:
        raise ScenarioFailed(f"'{spec.display}': {error}", spec.line) from None
    if not result.succeeded and not block.expect_error:
        last_line = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise ScenarioFailed(
            f"'{spec.display}' failed with exit status {result.exit_code}: {last_line} "
            "(add :expect-error: to the block if the failure is intended)",
            spec.line,
        )
    return result
