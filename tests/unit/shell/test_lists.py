"""Lists, pipelines and assignments run as bash runs them (lines of echo and filters)."""

from __future__ import annotations

import pytest

from sphinx_podlab.shell.lists import Output
from sphinx_podlab.shell.variables import Variables

from .bash import bash
from .helpers import run, stdout


@pytest.mark.parametrize("text", [
    "echo a ; echo b",
    "echo a && echo b",
    "echo a | grep b && echo found",
    "echo a | grep b || echo missing",
    "echo a | grep a || echo missing; echo after",
    "echo a | grep b && echo no || echo yes",
    "echo a | grep b ; echo a | grep a",
    "echo a | grep zz; echo a | grep a | grep zz",
    "echo 'x y z' | tr ' ' '\\n' | sort -r | head -2",
    "echo b a c | tr ' ' '\\n' | sort | uniq -c | wc -l",
    "echo -n abc | wc -c",
    "X=abc; echo \"$X\" | tr a-z A-Z",
    "X=$(echo a b | tr ' ' '\\n'); echo \"$X\" | wc -l",
    "X=$(echo; echo a; echo; echo); echo \"[$X]\"",
    "X=\"$(echo 'a  b')\"; echo \"$X\"",
    "X=$(echo a | grep b); echo status-after-empty",
    "A=1 B=\"$A\"2; echo \"$A$B\"",
    "echo \"$(echo a | tr a b)\" x$(echo c)y",
    "echo a b |\n  tr ' ' '\\n' &&\n  echo done",
    "echo a \\\n  b",
    "echo -n admin | base64",
    "echo YWRtaW4= | base64 -d",
])
def test_a_line_does_what_bash_does(text: str) -> None:
    line = run(text)
    assert (stdout(line), line.exit_code) == bash(text)


@pytest.mark.parametrize(("text", "status"), [
    ("echo a | grep b", 1),
    ("echo a | grep b | wc -l", 0),  # no pipefail: the last stage's status
    ("X=$(echo a | grep b)", 1),  # an assignment's status is its $(...)'s
    ("X=1", 0),
    ("echo a | grep b; echo c", 0),
])
def test_exit_statuses(text: str, status: int) -> None:
    assert run(text).exit_code == status == bash(text)[1]


def test_an_assignment_sets_the_page_variable_and_is_kept() -> None:
    variables = Variables()
    line = run("POD=$(echo mysql-0; echo)", variables)
    assert line.assigned == (("POD", "mysql-0"),)
    assert line.output == ()
    assert variables.get("POD") == "mysql-0"
    later = run('echo "pod: $POD"', variables)
    assert later.terminal == "pod: mysql-0\n"


def test_export_sets_a_variable() -> None:
    variables = Variables()
    run("export POD=mysql-0", variables)
    assert variables.as_dict() == {"POD": "mysql-0"}


def test_a_stage_before_the_last_shows_its_stderr_first() -> None:
    line = run("echo '{x' | jq . | wc -l")
    assert line.output[0].stream == "stderr"
    assert "parse error" in line.output[0].text
    assert line.output[1:] == (Output("stdout", "0\n"),)
    assert [stage.argv[0] for stage in line.stages] == ["echo", "jq", "wc"]
    assert [stage.exit_code for stage in line.stages][1] != 0


def test_stages_keep_their_expanded_arguments() -> None:
    variables = Variables({"APP": "mysql"})
    line = run('echo mysql-0 pma | grep "$APP"', variables)
    assert line.stages[1].argv == ("grep", "mysql")
