"""A shell line's run as the page's command result, recorded and shown again."""

from __future__ import annotations

from dataclasses import replace

from sphinx_podlab.model.records import BlockRecord, Record
from sphinx_podlab.model.results import ClusterInfo
from sphinx_podlab.render.console import output_text
from sphinx_podlab.scenario.shell_line import line_result
from sphinx_podlab.shell.variables import Variables

from .helpers import run


def test_a_line_in_stdout_then_stderr_order_keeps_no_terminal_text() -> None:
    result = line_result(("$", "x"), run("echo '{x' | jq . ; echo ok"), 0.1)
    assert result.terminal is not None  # jq's stderr came before echo's stdout
    assert output_text(result).splitlines()[-1] == "ok"
    assert output_text(result).startswith("parse error")
    plain = line_result(("$", "x"), run("echo a | grep a"), 0.1)
    assert plain.terminal is None
    assert (plain.stdout, plain.stderr, output_text(plain)) == ("a\n", "", "a")


def test_terminal_text_and_assignments_survive_the_record() -> None:
    variables = Variables()
    set_pod = line_result(("$", "POD=x"), run("POD=mysql-0", variables), 0.0)
    shown = line_result(("$", "..."), run("echo '{' | jq . ; echo \"$POD\"", variables), 0.0)
    record = Record("page", "sha256:0", "2026-12-01T00:00:00+00:00",
                    ClusterInfo("v1.34.9", "linux/amd64"), "default", 1.0,
                    (BlockRecord("b", (set_pod, shown)),))
    again = Record.from_data(record.to_data())
    assert again == record
    assert again.blocks[0].results[0].assigned == (("POD", "mysql-0"),)
    assert output_text(again.blocks[0].results[1]).endswith("mysql-0")
    plain = record.to_data()["blocks"][0]["commands"][0]
    assert "terminal" not in plain  # only shell lines that need them carry the new fields
    assert "assigned" not in Record.from_data(
        replace(record, blocks=(BlockRecord("b", (shown,)),)).to_data()
    ).to_data()["blocks"][0]["commands"][0]


def test_drift_review_of_shell_lines_sees_renamed_pods_as_cosmetic() -> None:
    """Two live runs differ in the generated pod a variable holds: cosmetic, everywhere."""
    from sphinx_podlab.drift.compare import compare_records

    def record(pod: str, status: str) -> Record:
        assign = line_result(("$", "POD=..."), run(f"POD=pod/{pod}"), 0.1)
        shown = line_result(("$", "..."), run(f"echo '{{' | jq . ; echo '{pod} {status}'"), 0.2)
        return Record("page", "sha256:0", "2026-12-01T00:00:00+00:00",
                      ClusterInfo("v1.34.9", "linux/amd64"), "default", 1.0,
                      (BlockRecord("b", (assign, shown)),))

    same = compare_records(record("pma-85cccb9fcf-z8jnm", "Running").to_data(),
                           record("pma-7d4b9c6f5-x2k4q", "Running").to_data())
    assert same.differences and not same.meaningful  # assigned, stdout and terminal renamed
    assert {item.part.split()[0] for item in same.cosmetic} >= {"assigned", "terminal"}
    changed = compare_records(record("pma-85cccb9fcf-z8jnm", "Running").to_data(),
                              record("pma-85cccb9fcf-z8jnm", "Pending").to_data())
    assert {item.part.split()[0] for item in changed.meaningful} == {"stdout", "terminal"}
