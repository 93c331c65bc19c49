"""The registry: one list of verbs from which the help, the parsing and the dispatch derive."""

from __future__ import annotations

import types
import typing

import pytest

from sphinx_podlab.execute.context import Background
from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.verbs.registry import (
    COMMANDS_HINT,
    SUPPORTED_COMMANDS,
    VERBS,
    Command,
    parse_kubectl,
)


def _flatten(hint: object) -> set[object]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return {part for arg in typing.get_args(hint) for part in _flatten(arg)}
    return {hint}


def test_every_registered_verb_produces_a_type_of_the_command_union() -> None:
    # run_command matches the union exhaustively (mypy's assert_never); this closes the loop
    # from the other side: a registered verb whose type is missing from the union fails here.
    produced = set().union(*(_flatten(typing.get_type_hints(verb.parse)["return"])
                             for verb in VERBS))
    assert produced == _flatten(Command)


def test_the_supported_list_has_one_line_per_verb() -> None:
    assert len(SUPPORTED_COMMANDS) == len(VERBS) == len({verb.name for verb in VERBS})
    assert all(line.startswith(f"kubectl {verb.name}") for verb, line in
               zip(VERBS, SUPPORTED_COMMANDS, strict=True))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # an unknown verb is never taken for another one (it once parsed as rollout)
        ("kubectl edit deploy/x", "'kubectl edit' is not supported"),
        ("kubectl frobnicate deploy/x --replicas=2", "'kubectl frobnicate' is not supported"),
        ("kubectl create secret foo x", "'kubectl create secret foo' is not supported"),
        ("kubectl rollout frob deploy/x", "'kubectl rollout frob' is not supported"),
        ("kubectl rollout", "'kubectl rollout' without history | pause | restart | resume | "
                            "status | undo is not supported"),
        ("kubectl -n lab", "no kubectl verb given"),
        ("kubectl rollout status deploy/x --revision=2",
         "flag --revision of 'kubectl rollout status'"),
    ],
)
def test_unknown_verbs_and_sub_verbs(line: str, message: str) -> None:
    with pytest.raises(PodlabSyntaxError) as caught:
        parse_kubectl(tuple(line.split()))
    assert message in str(caught.value)
    assert str(caught.value).endswith(f"({COMMANDS_HINT})")  # the list once, not here


def test_sub_verb_after_namespace_flag() -> None:
    def parse(line: str) -> Command:
        return parse_kubectl(tuple(line.split()))

    assert parse("kubectl -n lab rollout status sts/mysql") == \
        parse("kubectl rollout status sts/mysql -n lab")


def test_background_tasks_stop_newest_first_and_report_failures() -> None:
    stopped: list[str] = []
    background = Background()
    background.keep("port-forward", lambda: stopped.append("port-forward"))

    def broken() -> None:
        stopped.append("watch")
        raise OSError("connection reset")

    background.keep("get -w", broken)
    assert background.stop_all() == ["cannot stop get -w: connection reset"]
    assert stopped == ["watch", "port-forward"]
    assert len(background) == 0


def test_the_commands_entry_point_lists_every_supported_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    from sphinx_podlab.status import main

    assert main(["commands"]) == 0
    assert capsys.readouterr().out.splitlines() == list(SUPPORTED_COMMANDS)
