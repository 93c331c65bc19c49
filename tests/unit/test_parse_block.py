from __future__ import annotations

import pytest

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.parse.block import parse_block


def test_commands_with_comments_keep_display_text() -> None:
    lines = [
        "$ kubectl get pods # mysqlのPodの名前を確認",
        "",
        "$ kubectl delete pod mysql-0 # 該当するPodを削除",
    ]
    commands = parse_block(lines)
    assert [c.argv for c in commands] == [
        ("kubectl", "get", "pods"),
        ("kubectl", "delete", "pod", "mysql-0"),
    ]
    assert commands[0].display == "kubectl get pods # mysqlのPodの名前を確認"
    assert commands[0].comment == "mysqlのPodの名前を確認"
    assert [c.line for c in commands] == [0, 2]


def test_backslash_continues_a_command() -> None:
    commands = parse_block(
        ["$ kubectl exec statefulset/mysql \\", "    -- cat /etc/hosts", "$ kubectl get pods"]
    )
    assert commands[0].argv == ("kubectl", "exec", "statefulset/mysql", "--", "cat", "/etc/hosts")
    assert commands[0].display == "kubectl exec statefulset/mysql \\\n    -- cat /etc/hosts"
    assert commands[1].line == 2


def test_backslash_inside_a_comment_does_not_continue() -> None:
    commands = parse_block(["$ kubectl get pods # a \\", "$ kubectl get sts"])
    assert len(commands) == 2


def test_line_without_prompt_is_an_error_with_its_line() -> None:
    with pytest.raises(PodlabSyntaxError) as caught:
        parse_block(["$ kubectl get pods", "kubectl get sts"])
    assert caught.value.line == 1
    assert "'$ '" in str(caught.value)


def test_dangling_continuation_is_an_error() -> None:
    with pytest.raises(PodlabSyntaxError, match="ends with"):
        parse_block(["$ kubectl get \\"])


def test_a_line_ending_in_a_pipe_or_and_goes_on() -> None:
    commands = parse_block(["$ kubectl get pods |", "    grep mysql &&", "    echo found",
                            "$ kubectl get sts"])
    assert commands[0].display == "kubectl get pods |\n    grep mysql &&\n    echo found"
    assert [c.line for c in commands] == [0, 3]
    with pytest.raises(PodlabSyntaxError, match="ends with an operator"):
        parse_block(["$ kubectl get pods |", "$ kubectl get sts"])
    with pytest.raises(PodlabSyntaxError, match="ends with an operator"):
        parse_block(["$ kubectl get pods ||"])


def test_a_quote_open_at_the_end_of_a_line_goes_on() -> None:
    commands = parse_block(["$ kubectl exec mysql-0 -- sh -c 'echo a", "echo b'",
                            "$ kubectl get pods"])
    assert commands[0].display == "kubectl exec mysql-0 -- sh -c 'echo a\necho b'"
    assert commands[0].argv[-1] == "echo a\necho b"  # one word, its newline kept
    assert [c.line for c in commands] == [0, 2]
    with pytest.raises(PodlabSyntaxError, match="ends inside a quote"):
        parse_block(["$ echo 'open", "$ kubectl get pods"])


def test_lines_typed_in_an_interactive_session() -> None:
    from sphinx_podlab.parse.block import TypedLine

    lines = parse_block(["$ kubectl exec -it mysql-0 -- mysql -uroot -prootpassword",
                         "mysql> SHOW DATABASES;", "mysql>", "mysql> exit",
                         "$ kubectl get pods"])
    assert [line.argv[1] for line in lines] == ["exec", "get"]
    assert lines[0].typed == (TypedLine("mysql>", "SHOW DATABASES;", 1),
                              TypedLine("mysql>", "", 2), TypedLine("mysql>", "exit", 3))
    assert lines[1].line == 4


def test_a_session_without_its_exit_line_is_an_error() -> None:
    with pytest.raises(PodlabSyntaxError, match="the session never ends"):
        parse_block(["$ kubectl exec -it mysql-0 -- sh", "# ls /"])


def test_without_typed_lines_an_interactive_command_runs_alone() -> None:
    lines = parse_block(["$ kubectl run -it --rm t --image=busybox --restart=Never -- date",
                         "$ kubectl get pods"])
    assert [line.typed for line in lines] == [(), ()]
