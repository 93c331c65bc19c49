"""What each command of a line is, and where it may stand."""

from __future__ import annotations

import pytest

from sphinx_podlab.shell.commands import EchoError, echo_output, kind_of
from sphinx_podlab.shell.source import ShellSyntaxError

from .bash import bash
from .helpers import checked


def test_kinds() -> None:
    script = checked("kubectl get pods | grep a | wc -l; echo x; A=1; export B=2")
    kinds = [kind_of(command)
             for item in script.items for command in item.command.first.commands]
    assert kinds == ["kubectl", "filter", "filter", "echo", "assignment", "assignment"]


@pytest.mark.parametrize(("text", "message", "column"), [
    ("grep mysql", "'grep' (column 3) has no input here", 3),
    ("kubectl get pods | kubectl apply -f -", "kubectl after '|' (column 22)", 22),
    ("kubectl get pods | echo x", "echo after '|' (column 22) ignores the output", 22),
    ("kubectl get pods | xargs kubectl delete pod", "host command 'xargs' (column 22)", 22),
    ("kubectl get pods | tee pods.txt", "'tee' (column 22) is not supported: tee writes", 22),
    ("curl https://example.com/", "curl may only ask the page's own port-forwards", 8),
    ("curl -v http://localhost:8080/", "curl -v is not supported here", 8),
    ("curl -o page.html localhost:8080", "curl -o writes a file", 8),
    ("wget http://127.0.0.1:8080/", "podlab runs wget only with -q", 3),
    ("wget -q http://127.0.0.1:8080/", "wget without -O - writes a file", 3),
    ("kubectl get pods | curl localhost:8080", "curl after '|' (column 22)", 22),
    ("sleep 10", "drop 'sleep'", 3),
    ("watch kubectl get pods", "write 'kubectl get -w'", 3),
    ("k get pods", "write kubectl in full: the reader may have no alias 'k'", 3),
    ("vi pod.yaml", "podlab runs no editor", 3),
    ("sudo kubectl get pods", "drop 'sudo'", 3),
    ("helm install x y", "host command 'helm' (column 3) is not supported: a line runs "
     "kubectl or echo, and after '|' the host filters awk, base64, cat", 3),
    ("$KUBECTL get pods", "the command name $KUBECTL (column 3) must be written out", 3),
    ("A=1 kubectl get pods", "an assignment before a command (column 3)", 3),
    ("A=1 | grep x", "an assignment (column 3) in a pipeline", 3),
    ("kubectl get pods | grep x pods.txt", "'grep' would read the file 'pods.txt'", 29),
    ("kubectl get pods | sed -i s/a/b/", "'sed -i' edits files in place", 26),
    ("echo -e 'a\\tb'", "'echo -e' differs between shells", 8),
    ("echo 'a\\nb'", "a backslash in echo's words differs between shells", 8),
    ("kubectl get pods -w &", "background '&' (column 23) is supported only at the end", 23),
    ("echo $(A=1)", "an assignment inside $(...) (column 8)", 8),
    ("echo \"$(grep x)\"", "'grep' (column 11) has no input here", 11),
])
def test_commands_that_cannot_stand_where_they_are(text: str, message: str, column: int) -> None:
    with pytest.raises(ShellSyntaxError) as caught:
        checked(text)
    assert message in str(caught.value)
    assert caught.value.column == column


@pytest.mark.parametrize("words", [
    ["echo", "a", "b"], ["echo", "-n", "a"], ["echo"], ["echo", "-n"], ["echo", "a", "-e"],
])
def test_echo_prints_what_bash_prints(words: list[str]) -> None:
    assert echo_output(words) == bash(" ".join(words))[0]


def test_echo_refuses_what_shells_print_differently() -> None:
    with pytest.raises(EchoError) as caught:
        echo_output(["echo", "-n", "a\\tb"])
    assert caught.value.argument == 2


def test_simple_commands_in_order_with_substitutions_first() -> None:
    from sphinx_podlab.shell.commands import literal_argv, simple_commands

    script = checked('POD=$(kubectl get pods -o name | head -1); kubectl logs "$POD" | wc -l')
    assert [literal_argv(command) for command in simple_commands(script)] == [
        ("kubectl", "get", "pods", "-o", "name"), ("head", "-1"), (), None, ("wc", "-l")]


def test_the_argv_a_record_keeps() -> None:
    from sphinx_podlab.parse.shell import split_shell_words
    from sphinx_podlab.shell.commands import record_argv

    for simple in ("kubectl get pods # コメント", "kubectl exec mysql-0 -- sh -c 'a | b'",
                   "kubectl exec statefulset/mysql \\\n    -- cat /etc/hosts"):
        assert record_argv(checked(simple)) == split_shell_words(simple.replace("\\\n", " ")).argv
    assert record_argv(checked("kubectl get pods | grep x # 確認")) == (
        "$", "kubectl get pods | grep x")
    joined = record_argv(checked("kubectl get pods \\\n  | grep x"))
    assert joined == ("$", "kubectl get pods | grep x")
    assert record_argv(checked("POD=x; kubectl logs $POD")) == ("$", "POD=x; kubectl logs $POD")


def test_a_line_spec_is_the_same_without_the_earlier_blocks() -> None:
    """status reads each block on its own: the key's inputs must not depend on that."""
    from sphinx_podlab.parse.block import parse_block
    from sphinx_podlab.parse.shell_line import command_spec

    (line,) = parse_block(["$ kubectl apply -f pod.yml && kubectl logs $POD"])
    with_page, no_problems = command_spec(line, 10, {"POD"})
    alone, problems = command_spec(line, 10, set())
    assert no_problems == []
    assert [str(message) for message, _ in problems] == [
        "variable POD (column 44) is not set: set it on an earlier line of the page, "
        "e.g. POD=$(kubectl get ...)"]
    assert (alone.argv, alone.kubectl) == (with_page.argv, with_page.kubectl)
    assert [getattr(command, "files", None) for command in alone.kubectl] == [("pod.yml",)]
