from __future__ import annotations

import re

import pytest

from sphinx_podlab.shell.source import ShellSyntaxError
from sphinx_podlab.shell.syntax import parse_script
from sphinx_podlab.shell.tree import (
    CommandSubstitution,
    Literal,
    Parameter,
    Script,
    SimpleCommand,
    Word,
)

from .bash import bash_words


def commands(script: Script) -> list[list[SimpleCommand]]:
    """Every pipeline's commands, in order."""
    return [
        list(pipeline.commands)
        for item in script.items
        for pipeline in (item.command.first, *(p for _, p in item.command.rest))
    ]


def words(command: SimpleCommand) -> list[str | None]:
    return [word.literal() for word in command.words]


# Words with quotes and backslashes: our values must be bash's.
@pytest.mark.parametrize("text", [
    "kubectl get pods",
    "kubectl exec mysql-0 -- sh -c 'printenv | grep X'",
    "echo 'a # b' \"c # d\" a#b",
    'echo "say \\"hi\\"" \\$x \\\\ "a\\b" \'x\\y\'',
    "echo '' \"\" x''y",
    "echo a\\ b \"it's\" 'say \"x\"'",
    "kubectl get pods -o 'jsonpath={.items[*].metadata.name}'",
    "kubectl get pods -o jsonpath={.metadata.name}",
    "echo $ a$ \"$\" x=$",
    "kubectl get pods --field-selector=status.phase!=Running",
    "echo [ ] a] a}",
    "echo --x=1 -y=2 'a;b' \"a|b\" 'a&&b' \"a>b\"",
])
def test_words_are_what_bash_makes(text: str) -> None:
    (command,) = commands(parse_script(text))[0]
    assert words(command)[1:] == bash_words(text.split(" ", 1)[1])


def test_a_pipe_in_quotes_is_one_command_and_outside_a_pipeline() -> None:
    inside = parse_script("kubectl exec mysql-0 -- sh -c 'printenv | grep X'")
    assert [len(p) for p in commands(inside)] == [1]
    outside = parse_script("kubectl exec mysql-0 -- printenv | grep X")
    assert [words(c) for c in commands(outside)[0]] == [
        ["kubectl", "exec", "mysql-0", "--", "printenv"], ["grep", "X"]]


def test_pipelines_and_lists() -> None:
    script = parse_script("kubectl get pods | grep mysql | wc -l ; echo a && echo b || echo c")
    assert [[words(c) for c in pipeline] for pipeline in commands(script)] == [
        [["kubectl", "get", "pods"], ["grep", "mysql"], ["wc", "-l"]],
        [["echo", "a"]], [["echo", "b"]], [["echo", "c"]],
    ]
    assert len(script.items) == 2
    assert [connector for connector, _ in script.items[1].command.rest] == ["&&", "||"]
    assert not any(item.background for item in script.items)


def test_trailing_ampersand_marks_background() -> None:
    script = parse_script("kubectl get pods -w &", column_base=3)
    assert script.items[0].background
    assert script.items[0].background_at == 20
    two = parse_script("kubectl get pods -w & kubectl get svc")
    assert [item.background for item in two.items] == [True, False]


def test_comment_after_the_command() -> None:
    script = parse_script("kubectl get pods # mysqlのPodを確認 | grep x")
    assert script.comment == "mysqlのPodを確認 | grep x"
    assert [words(c) for c in commands(script)[0]] == [["kubectl", "get", "pods"]]
    assert parse_script("echo a;# c").comment == "c"


def test_assignments() -> None:
    script = parse_script("POD=$(kubectl get pods -l app=pma -o "
                          "jsonpath='{.items[0].metadata.name}')")
    (command,) = commands(script)[0]
    assert command.words == ()
    (assignment,) = command.assignments
    assert assignment.name == "POD"
    (part,) = assignment.value.parts
    assert isinstance(part, CommandSubstitution)
    assert part.source == "$(kubectl get pods -l app=pma -o jsonpath='{.items[0].metadata.name}')"
    (inner,) = commands(part.script)[0]
    assert words(inner)[-1] == "jsonpath={.items[0].metadata.name}"
    plain = commands(parse_script("A=1 B='x y' C="))[0][0]
    assert [(a.name, a.value.literal()) for a in plain.assignments] == [
        ("A", "1"), ("B", "x y"), ("C", "")]
    exported = commands(parse_script("export POD=mysql-0"))[0][0]
    assert words(exported) == ["export"]
    assert exported.assignments[0].name == "POD"


def test_an_equals_sign_after_the_command_name_is_a_word() -> None:
    (command,) = commands(parse_script("kubectl set env deploy/pma A=b"))[0]
    assert command.assignments == ()
    assert words(command)[-1] == "A=b"


def test_expansions() -> None:
    (command,) = commands(parse_script('echo $POD "${NS}x" "pod: $(kubectl get pods | wc -l)"'))[0]
    pod, namespace, count = command.words[1:]
    assert pod.parts == (Parameter("POD", quoted=False, offset=5),)
    assert namespace.parts == (Parameter("NS", quoted=True, offset=11), Literal("x"))
    assert isinstance(count.parts[1], CommandSubstitution)
    assert count.parts[1].quoted
    assert [words(c) for c in commands(count.parts[1].script)[0]] == [
        ["kubectl", "get", "pods"], ["wc", "-l"]]


def test_continuation_lines_join_words() -> None:
    script = parse_script("kubectl exec statefulset/mysql \\\n    -- cat /etc/hosts")
    assert words(commands(script)[0][0]) == [
        "kubectl", "exec", "statefulset/mysql", "--", "cat", "/etc/hosts"]
    assert words(commands(parse_script("echo a\\\nb"))[0][0]) == ["echo", "ab"]


def test_word_offsets_point_at_the_source() -> None:
    text = "kubectl get  pods 'a b'"
    (command,) = commands(parse_script(text))[0]
    assert [(w.offset, w.source) for w in command.words] == [
        (0, "kubectl"), (8, "get"), (13, "pods"), (18, "'a b'")]
    assert isinstance(command.words[0], Word)


# Each construct podlab does not run: its message names it, at its column (after "$ ").
@pytest.mark.parametrize(("text", "message", "column"), [
    ("kubectl get pods > pods.txt", "output redirection '>'", 20),
    ("kubectl get pods >> pods.txt", "output redirection '>>'", 20),
    ("kubectl logs mysql-0 2>&1", "redirection '2>&1'", 24),
    ("kubectl logs mysql-0 2>/dev/null", "redirection '2>'", 24),
    ("kubectl apply -f - < pod.yaml", "input redirection '<'", 22),
    ("kubectl apply -f - <<EOF", "here-document '<<'", 22),
    ("cat <<< x", "here-document '<<<'", 7),
    ("kubectl get pods &> x", "redirection '&>'", 20),
    ("diff <(kubectl get pods) x", "process substitution '<('", 8),
    ("kubectl delete pod *", "glob '*'", 22),
    ("kubectl get pods -o jsonpath={.items[0].metadata.name}", "glob '['", 39),
    ("kubectl delete pod mysql-?", "glob '?'", 28),
    ("echo {a,b}", "brace expansion '{'", 8),
    ("echo x{1..3}", "brace expansion '{'", 9),
    ("(kubectl get pods)", "subshell '('", 3),
    ("kubectl get pods)", "')'", 19),
    ("{ kubectl get pods; }", "group '{'", 3),
    ("echo `kubectl get pods`", "backquote '`'", 8),
    ("echo $((1 + 2))", "arithmetic expansion '$(('", 8),
    ("echo ${POD:-x}", "parameter expansion '${POD:-x}'", 8),
    ("echo ${#POD}", "parameter expansion '${#POD}'", 8),
    ("echo $?", "special parameter '$?'", 8),
    ("echo $1", "special parameter '$1'", 8),
    ("echo $'a'", "'$'...' quoting", 8),
    ("for p in a b; do kubectl delete pod $p; done", "'for'", 3),
    ("if kubectl get pods; then echo ok; fi", "'if'", 3),
    ("while true; do kubectl get pods; done", "'while'", 3),
    ("case x in a) echo;; esac", "'case'", 3),
    ("! kubectl get pods", "'!'", 3),
    ("[ -n x ]", "the test command '['", 3),
    ("kubectl get pods |& grep x", "'|&'", 20),
    ("echo ~/x", "tilde expansion '~'", 8),
    ("echo hi!x", "history expansion '!x'", 10),
    ("echo 'open", "unterminated single quote", 8),
    ('echo "open', "unterminated double quote", 8),
    ("echo $(kubectl get pods", "unterminated '$('", 8),
    ("echo ${POD", "unterminated '${'", 8),
    ("echo $()", "empty '$()'", 8),
    ("kubectl get pods |", "'|' (column 20) at the end of the line", 20),
    ("kubectl get pods && ", "'&&' (column 20) at the end of the line", 20),
    ("kubectl get pods | | grep x", "'|' (column 20) is followed by '|'", 20),
    ("; kubectl get pods", "';' (column 3) needs a command before it", 3),
    ("kubectl get pods ;;", "';;'", 20),
    ("kubectl get pods\u3000# 確認", "a full-width space (column 19) does not separate words", 19),
    ("kubectl get\u00a0pods", "a no-break space (column 14)", 14),
    ("echo $\\\nPOD", "a line continuation inside an expansion (column 8)", 8),
    ("echo $PO\\\nD", "a line continuation inside an expansion (column 8)", 8),
])
def test_constructs_podlab_does_not_run(text: str, message: str, column: int) -> None:
    with pytest.raises(ShellSyntaxError) as caught:
        parse_script(text, column_base=3)
    assert message in str(caught.value)
    assert f"(column {column})" in str(caught.value)
    assert caught.value.column == column
    assert caught.value.line == 0


def test_the_messages_say_what_to_write_instead() -> None:
    cases = {
        "kubectl get pods > x": "NAME=$(command)",
        "echo `x`": "write $(command) instead",
        "kubectl delete pod *": "quote the word",
        "kubectl apply -f - <<EOF": "kubectl apply -f FILE",
        "for p in a; do x; done": "write each command on its own '$ ' line",
    }
    for text, advice in cases.items():
        with pytest.raises(ShellSyntaxError, match=re.escape(advice)):
            parse_script(text)


def test_an_error_on_a_continuation_line_has_that_line_and_its_column() -> None:
    with pytest.raises(ShellSyntaxError) as caught:
        parse_script("kubectl get pods \\\n  -o wide > x", column_base=3)
    assert caught.value.line == 1
    assert caught.value.column == 11


def test_quoted_constructs_are_plain_words() -> None:
    (command,) = commands(parse_script("echo '>' \"*\" '$(x)' \\; \\| '{a,b}' \"~\" '!x'"))[0]
    assert words(command)[1:] == [">", "*", "$(x)", ";", "|", "{a,b}", "~", "!x"]


def test_a_command_after_an_operator_may_start_on_the_next_line() -> None:
    script = parse_script("kubectl get pods |\n  grep mysql &&\n  echo found")
    assert [[words(c) for c in pipeline] for pipeline in commands(script)] == [
        [["kubectl", "get", "pods"], ["grep", "mysql"]], [["echo", "found"]]]
    assert script.without_comment() == "kubectl get pods |\n  grep mysql &&\n  echo found"
    from sphinx_podlab.shell.source import IncompleteLine

    with pytest.raises(IncompleteLine):
        parse_script("kubectl get pods |")
    with pytest.raises(ShellSyntaxError) as caught:
        parse_script("kubectl get pods | # no command")
    assert not isinstance(caught.value, IncompleteLine)
