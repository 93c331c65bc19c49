"""Author-facing messages: every ``msg(...)`` template of the package is in the ja catalog."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.model.messages import Message, msg
from sphinx_podlab.parse.block import parse_block
from sphinx_podlab.verbs.registry import parse_kubectl

PACKAGE = Path(__file__).resolve().parents[2] / "sphinx_podlab"
CATALOG = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "sphinx_podlab.po"


def templates() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "msg" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(str(node.args[0].value))
    return found


def test_every_message_is_translated() -> None:
    with CATALOG.open("rb") as stream:
        catalog = read_po(stream)
    translated = {str(message.id) for message in catalog if message.id and message.string}
    assert templates(), "no msg() templates found"
    assert sorted(templates() - translated) == []


def test_messages_within_messages_are_translated_too() -> None:
    why = msg("podlab_execution_mode is 'replay'")
    outer = msg("no podlab record for this page and %(why)s; outputs are missing "
                "(run 'nox -s regenerate')", why=why)
    table = {outer.template: "記録なし、%(why)s", why.template: "replay モード"}
    assert outer.translated(lambda text: table.get(text, text)) == "記録なし、replay モード"
    assert str(outer).startswith("no podlab record for this page and podlab_execution_mode")


def in_japanese(error: PodlabSyntaxError) -> str:
    with CATALOG.open("rb") as stream:
        table = {str(message.id): str(message.string) for message in read_po(stream)
                 if message.id and message.string}
    assert isinstance(error.message, Message)
    return error.message.translated(lambda text: table.get(text, text))


def japanese(line: str) -> str:
    """The syntax error of the kubectl command ``line`` as a Japanese book shows it."""
    with pytest.raises(PodlabSyntaxError) as caught:
        parse_kubectl(tuple(line.split()))
    return in_japanese(caught.value)


def test_the_verbs_syntax_errors_are_translated_with_their_hints() -> None:
    assert japanese("kubectl edit deploy/web") == (
        "'kubectl edit' には対応していません (対話的なエディターが開きます: 変更は "
        "'kubectl patch' か、変更したファイルの 'kubectl apply -f' で示してください) "
        "(対応しているコマンドの一覧: python -m sphinx_podlab commands)")
    assert japanese("kubectl logs -n").startswith(
        "'kubectl logs' のフラグ -n には値が必要です (")
    assert japanese("kubectl set resources deploy/web --limits=cpu").startswith(
        "リソース 'cpu' が正しくありません: NAME=VALUE の形で書いてください (")


def test_kubectl_own_validation_messages_stay_as_kubectl_prints_them() -> None:
    assert japanese("kubectl cp a b") == (
        "one of src or dest must be a remote file specification "
        "(対応しているコマンドの一覧: python -m sphinx_podlab commands)")


@pytest.mark.parametrize(("line", "ending"), [("$ kubectl get pods |", "演算子で"),
                                              ("$ kubectl get pods \\", "'\\' で"),
                                              ("$ kubectl get 'pods", "引用符の中で")])
def test_a_line_that_does_not_end_says_how_it_ends(line: str, ending: str) -> None:
    with pytest.raises(PodlabSyntaxError) as caught:
        parse_block([line, "$ kubectl get pods"])
    assert in_japanese(caught.value) == (
        f"コマンド行が{ending}終わっています: 続きは次の行に ('$ ' を付けずに) 書いてください")
