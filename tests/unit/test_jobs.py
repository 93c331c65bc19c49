"""When commands that keep running end (Until), and jobs that run a terminal's lines."""

from __future__ import annotations

import threading
import time

import pytest

from sphinx_podlab.execute.watch import Until
from sphinx_podlab.model.errors import PodlabExecutionError
from sphinx_podlab.model.results import CommandResult
from sphinx_podlab.scenario.terminals import Job


def result(text: str) -> CommandResult:
    return CommandResult(("kubectl", "get", "pods"), text, "", 0, 0.0)


def test_a_foreground_watch_ends_once_quiet() -> None:
    until = Until(quiet=0.2)
    start = time.monotonic()
    assert not until.ended(start)
    time.sleep(0.25)
    assert until.ended(start)


def test_another_terminal_runs_until_stopped_then_until_quiet() -> None:
    until = Until(quiet=0.2, background=True)
    long_ago = time.monotonic() - 10
    assert not until.ended(long_ago)  # however quiet: nobody pressed Ctrl-C yet
    until.stop()
    assert until.ended(long_ago)
    assert not until.ended(time.monotonic())  # a change just came: wait for quiet


def watching(until: Until) -> CommandResult:
    """A line that starts, then waits like a watch until it is stopped."""
    until.started()
    last = time.monotonic()
    while not until.ended(last):
        until.wait(0.05)
    return result("watched\n")


def test_a_job_starts_runs_beside_the_page_and_stops() -> None:
    job = Job("terminal second", 0, [watching], Until(quiet=0.1, background=True))
    job.start()
    assert job.running
    time.sleep(0.2)
    assert job.running  # still watching while the page goes on
    job.stop()
    assert not job.running
    assert [r.stdout for r in job.results] == ["watched\n"]
    assert not [t for t in threading.enumerate() if t.name.startswith("podlab terminal")]


def test_a_job_of_lines_that_end_by_themselves_has_ended_when_it_started() -> None:
    job = Job("%1", 0, [lambda _until: result("a\n"), lambda _until: result("b\n")],
              Until(background=True))
    job.start()
    assert not job.running
    assert [r.stdout for r in job.results] == ["a\n", "b\n"]


def test_a_failing_line_is_kept_for_where_the_job_is_stopped() -> None:
    def failing(_until: Until) -> CommandResult:
        raise PodlabExecutionError("boom")

    job = Job("%1", 0, [failing], Until(background=True))
    job.start()
    job.stop()
    assert isinstance(job.error, PodlabExecutionError)


def test_a_job_that_never_runs_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sphinx_podlab.scenario.terminals.START_TIMEOUT", 0.3)
    done = threading.Event()

    def stuck(_until: Until) -> CommandResult:
        done.wait(5)
        return result("")

    job = Job("%1", 0, [stuck], Until(background=True))
    with pytest.raises(PodlabExecutionError, match="was not running within"):
        job.start()
    done.set()
    job.stop()
