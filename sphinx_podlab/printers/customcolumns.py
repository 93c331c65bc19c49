"""``-o custom-columns=SPEC`` and ``-o custom-columns-file=FILE`` (kubectl's
``pkg/cmd/get/customcolumn.go``).

Each column is a JSONPath (missing keys allowed) written relaxed (``metadata.name``,
``.metadata.name``, ``{metadata.name}`` or ``{.metadata.name}``); a cell is its values
printed with Go's ``fmt.Sprint`` and joined by commas, ``<none>`` when there is none, with
terminal escapes defused. Lines go through kubectl's tabwriter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import PrinterError
from .gofmt import sprint
from .jsonpath import INVALID, JSONPath, JSONPathError, JSONPathSyntaxError
from .tabwriter import tabwrite

_RELAXED = re.compile(r"^\{\.?([^{}]+)\}\Z|^\.?([^{}]+)\Z")
_FILE_FORMAT = ("Expected format is one line of space separated headers, one line of space "
                "separated column specs.")


def relaxed_jsonpath(expression: str) -> str:
    """``RelaxedJSONPathExpression``: any of the four spellings as ``{.a.b}``."""
    if not expression:
        return expression
    match = _RELAXED.match(expression)
    if match is None:
        raise PrinterError("unexpected path string, expected a 'name1.name2' or '.name1.name2' "
                           "or '{name1.name2}' or '{.name1.name2}'")
    return "{." + (match.group(1) or match.group(2)) + "}"


def escape_terminal(text: str) -> str:
    """cli-runtime's ``EscapeTerminal``."""
    return text.replace("\x1b", "^[").replace("\r", "\\r")


@dataclass(frozen=True)
class Column:
    header: str
    field_spec: str  # ``{.metadata.name}``


@dataclass(frozen=True)
class CustomColumnsPrinter:
    columns: tuple[Column, ...]
    no_headers: bool = False

    @classmethod
    def from_spec(cls, spec: str, no_headers: bool = False) -> CustomColumnsPrinter:
        """``-o custom-columns=NAME:.metadata.name,IP:.status.podIP``."""
        if not spec:
            raise PrinterError("custom-columns format specified but no custom columns given")
        columns = []
        for part in spec.split(","):
            header, colon, path = part.partition(":")
            if not colon:
                raise PrinterError(f"unexpected custom-columns spec: {part}, expected "
                                   "<header>:<json-path-expr>")
            columns.append(Column(header, relaxed_jsonpath(path)))
        return cls(tuple(columns), no_headers)

    @classmethod
    def from_file_text(cls, text: str) -> CustomColumnsPrinter:
        """``-o custom-columns-file=FILE`` given the file's text: a line of headers, a line of
        specs, split on white space. kubectl ignores ``--no-headers`` here."""
        lines = _scan_lines(text)
        if not lines:
            raise PrinterError(f"invalid template, missing header line. {_FILE_FORMAT}")
        if len(lines) < 2:
            raise PrinterError(f"invalid template, missing spec line. {_FILE_FORMAT}")
        headers, specs = _words(lines[0]), _words(lines[1])
        if len(headers) != len(specs):
            raise PrinterError(f"number of headers ({len(headers)}) and field specifications "
                               f"({len(specs)}) don't match")
        return cls(tuple(Column(header, relaxed_jsonpath(spec))
                         for header, spec in zip(headers, specs, strict=True)))

    def print(self, obj: Any) -> str:
        """What kubectl writes for one object or the List it built."""
        lines: list[str] = []
        if not self.no_headers:
            lines.append("\t".join(column.header for column in self.columns))
        try:
            paths = [JSONPath(column.field_spec, allow_missing_keys=True)
                     for column in self.columns]
        except JSONPathSyntaxError as err:
            raise PrinterError(str(err), stdout=_aligned(lines)) from None
        items = obj.get("items") if isinstance(obj, dict) else None
        for item in items if isinstance(items, list) else [obj]:
            try:
                lines.append("\t".join(_cell(path, item) for path in paths))
            except JSONPathError as err:
                raise PrinterError(str(err), stdout=_aligned(lines)) from None
        return _aligned(lines)


def _cell(path: JSONPath, obj: Any) -> str:
    found = path.find_results(obj)
    if not found or not found[0]:
        return "<none>"
    return ",".join(escape_terminal(_sprint(value)) for values in found for value in values)


def _sprint(value: Any) -> str:
    return "<invalid reflect.Value>" if value is INVALID else sprint(value)


def _aligned(lines: list[str]) -> str:
    return tabwrite("".join(line + "\n" for line in lines)) if lines else ""


def _scan_lines(text: str) -> list[str]:
    """``bufio.ScanLines``: lines without their ``\\n`` or ``\\r\\n``; no empty last line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


# bufio.ScanWords's white space
_GO_SPACE = re.compile("[ \t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f"
                       "\u205f\u3000]+")


def _words(line: str) -> list[str]:
    return [word for word in _GO_SPACE.split(line) if word]
