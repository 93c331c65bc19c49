from __future__ import annotations

import pytest

from sphinx_podlab.shell.source import ShellRunError, ShellSyntaxError
from sphinx_podlab.shell.variables import Variables, substitution_value

from .bash import bash
from .helpers import checked, run


def test_trailing_newlines_are_removed_as_posix_does() -> None:
    for text in ("a\n", "a\n\n\n", "a\nb\n", "\n", "a"):
        printed = "".join(f"\\{oct(ord(c))[2:].zfill(3)}" for c in text)
        expected, _ = bash(f"X=$(printf '{printed}'); printf '%s' \"$X\"")
        assert substitution_value(text) == expected


def test_expansion_in_words() -> None:
    variables = Variables({"POD": "mysql-0", "NS": "db"})
    line = run('echo $POD ${POD}x "$NS/${POD}" \'$POD\'', variables)
    assert line.terminal == "mysql-0 mysql-0x db/mysql-0 $POD\n"


def test_an_unset_variable_is_an_error_at_parse_time() -> None:
    with pytest.raises(ShellSyntaxError, match=r"variable POD \(column 21\) is not set") as caught:
        checked("kubectl logs  -f  $POD")
    assert caught.value.column == 21
    checked("kubectl logs $POD", known={"POD"})


def test_a_variable_set_earlier_on_the_line_is_known() -> None:
    checked("POD=mysql-0; kubectl logs $POD")
    checked("POD=$(kubectl get pods -o name) && kubectl logs \"$POD\"")
    with pytest.raises(ShellSyntaxError, match="variable POD"):
        checked("kubectl logs $POD; POD=x")


def test_an_unset_variable_at_run_time_is_an_error_too() -> None:
    # '&&' skipped the assignment: known at parse time, unset when it runs
    script = checked("echo a | grep b && X=1; echo \"$X\"")
    from sphinx_podlab.shell.lists import run_line

    from .helpers import no_kubectl
    with pytest.raises(ShellRunError, match=r"variable X \(column 33\) is not set"):
        run_line(script, Variables(), no_kubectl)


@pytest.mark.parametrize(("value", "message"), [
    ("a b", r"\$PODS \(column 8\) holds 2 words here \('a b'\): unquoted, bash splits them "
            r"and zsh does not; write \"\$PODS\""),
    ("a\nb\nc", r"holds 3 words"),
    ("web-*", r"holds the glob character '\*'"),
    ("", r"\$PODS \(column 8\) is empty here, and an unquoted empty value vanishes"),
])
def test_unquoted_expansions_that_shells_split_differently(value: str, message: str) -> None:
    with pytest.raises(ShellRunError, match=message):
        run("echo $PODS", Variables({"PODS": value}))
    assert run('echo "$PODS"', Variables({"PODS": value})).terminal == value + "\n"


def test_an_assignment_is_never_split() -> None:
    variables = Variables({"A": "x  y"})
    run("B=$A", variables)
    assert variables.get("B") == "x  y"
    assert bash("A='x  y'; B=$A; printf %s \"$B\"")[0] == "x  y"


def test_setting_again_replaces_the_value_and_moves_it_last() -> None:
    variables = Variables()
    for line in ("A=1", "B=2", "A=3"):
        run(line, variables)
    assert list(variables.as_dict().items()) == [("B", "2"), ("A", "3")]
