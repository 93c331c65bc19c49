"""Every line that the old word splitter turned into another command than the reader types.

``parse/shell.py`` split a whole line into one argv: shell operators became arguments.
"""

from __future__ import annotations

import pytest

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.parse.shell import split_shell_words
from sphinx_podlab.verbs.registry import parse_kubectl

from .helpers import checked


def pipeline_words(text: str) -> list[list[list[str | None]]]:
    script = checked(text)
    return [
        [[word.literal() for word in command.words] for command in pipeline.commands]
        for item in script.items
        for pipeline in (item.command.first, *(p for _, p in item.command.rest))
    ]


def test_get_piped_to_grep() -> None:
    text = "kubectl get pods | grep mysql"
    assert split_shell_words(text).argv == ("kubectl", "get", "pods", "|", "grep", "mysql")
    assert pipeline_words(text) == [[["kubectl", "get", "pods"], ["grep", "mysql"]]]


def test_exec_piped_to_a_host_grep() -> None:
    text = "kubectl exec mysql-0 -- printenv | grep MYSQL"
    assert split_shell_words(text).argv[-3:] == ("|", "grep", "MYSQL")  # sent to the pod
    assert pipeline_words(text) == [
        [["kubectl", "exec", "mysql-0", "--", "printenv"], ["grep", "MYSQL"]]]


def test_a_list_with_a_semicolon() -> None:
    text = "kubectl delete pod mysql-0; kubectl get pods -o wide"
    # once: delete the pods "mysql-0;", "kubectl", "get" and "pods", then a bad flag
    assert split_shell_words(text).argv[3] == "mysql-0;"
    assert pipeline_words(text) == [
        [["kubectl", "delete", "pod", "mysql-0"]], [["kubectl", "get", "pods", "-o", "wide"]]]


def test_a_semicolon_line_was_blamed_on_a_flag() -> None:
    text = "kubectl get pods -o wide; kubectl get svc"
    with pytest.raises(PodlabSyntaxError, match="'-o wide;' is not supported"):
        parse_kubectl(split_shell_words(text).argv)  # the old reading: one command
    assert pipeline_words(text) == [[["kubectl", "get", "pods", "-o", "wide"]],
                                    [["kubectl", "get", "svc"]]]
    for argv in (("kubectl", "get", "pods", "-o", "wide"), ("kubectl", "get", "svc")):
        parse_kubectl(argv)  # each part is a command podlab runs


def test_and_and_or() -> None:
    text = "kubectl get pod mysql-0 && kubectl delete pod mysql-0 || kubectl get pods"
    assert "&&" in split_shell_words(text).argv
    assert pipeline_words(text) == [
        [["kubectl", "get", "pod", "mysql-0"]], [["kubectl", "delete", "pod", "mysql-0"]],
        [["kubectl", "get", "pods"]]]


def test_a_variable_is_no_longer_a_literal_dollar_word() -> None:
    text = "kubectl logs $POD"
    assert split_shell_words(text).argv[-1] == "$POD"
    script = checked("POD=mysql-0; " + text)
    assert script.items[1].command.first.commands[0].words[2].literal() is None
