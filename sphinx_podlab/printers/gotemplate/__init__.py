"""``-o go-template=TEMPLATE``: Go's text/template as kubectl runs it (cli-runtime
``printers/template.go``: functions ``exists`` and ``base64decode`` added, missing keys
print ``<no value>``).

The lexer and parser follow Go's ``text/template/parse`` (so syntax errors read as Go's);
evaluation covers what tutorials write: fields, ``$`` variables, pipelines, ``if``/``else
if``/``else``, ``range`` (lists, maps in key order, ``$i, $v :=``, ``else``, ``break``,
``continue``), ``with``, and the functions ``and or not len index print printf println eq
ne lt le gt ge exists base64decode``. Anything else raises :class:`UnsupportedTemplate`
naming the construct, never a guess. kubectl hands the template the object re-decoded
from its JSON, integers as int64.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import PrinterError
from ..gofmt import decode_json, go_json, go_quote, sprint
from .exec import State
from .tree import ListNode, parse
from .values import ExecError

__all__ = ["GoTemplatePrinter", "parse"]


@dataclass(frozen=True)
class GoTemplatePrinter:
    template: str
    tree: ListNode
    allow_missing_keys: bool = True  # --allow-missing-template-keys: <no value>, or an error

    @classmethod
    def parse(cls, template: str, allow_missing_keys: bool = True) -> GoTemplatePrinter:
        if not template:
            raise PrinterError("template format specified but no template given")
        return cls(template, parse(template), allow_missing_keys)

    def print(self, obj: Any) -> str:
        raw = go_json(obj)
        data = decode_json(raw)
        state = State(self.template, data, missing_key_error=not self.allow_missing_keys)
        try:
            state.walk(data, self.tree)
        except ExecError as err:
            notes = (f"Error executing template: {err}. Printing more information for "
                     "debugging the template:\n"
                     f"\ttemplate was:\n\t\t{self.template}\n"
                     f"\traw data was:\n\t\t{raw}\n"
                     f"\tobject given to template engine was:\n\t\t{sprint(data)}\n\n")
            raise PrinterError(f"error executing template {go_quote(self.template)}: {err}",
                               stdout="".join(state.out) + notes) from None
        return "".join(state.out)
