"""Author-facing messages: every ``msg(...)`` template of the package is in the ja catalog."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po

from sphinx_podlab.model.messages import msg

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
