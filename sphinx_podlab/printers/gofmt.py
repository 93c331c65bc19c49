"""Go's formatting of JSON-decoded values, as kubectl's printers hand them to ``fmt``.

kubectl decodes API objects into ``map[string]interface{}`` with integers kept as
``int64`` and other numbers as ``float64``; Python's ``json`` gives ``int`` and ``float``
for the same texts. Indexing a string (JSONPath's ``*`` and ``..``) yields its UTF-8
bytes, Go ``uint8``: :class:`GoByte`.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from ..execute.printers import go_json
from ..execute.tables import go_format_float

__all__ = ["GoByte", "GoInt", "decode_json", "go_json", "go_quote", "go_syntax", "quote_rune",
           "sprint", "type_name"]


class GoByte(int):
    """A ``uint8``: one byte of a string."""


class GoInt(int):
    """A Go ``int``: a number written in a template (the object's numbers are ``int64``)."""


def sprint(value: Any) -> str:
    """``fmt.Sprint(v)`` (also ``%v`` and ``%+v``): ``map[a:1 b:x]``, ``[a b]``, ``<nil>``."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(sprint(item) for item in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{key}:{sprint(value[key])}" for key in sorted(value)) + "]"
    raise TypeError(f"no Go form for {type(value).__name__}")


def go_syntax(value: Any) -> str:
    """``fmt.Sprintf("%#v", v)`` of a value held in an ``interface{}``."""
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, GoByte):
        return hex(value)
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_syntax(item) for item in value) + "}"
    if isinstance(value, dict):
        items = ", ".join(f"{go_quote(key)}:{go_syntax(value[key])}" for key in sorted(value))
        return "map[string]interface {}{" + items + "}"
    raise TypeError(f"no Go form for {type(value).__name__}")


def type_name(value: Any) -> str:
    """``reflect.Type.String()`` of a decoded value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, GoByte):
        return "uint8"
    if isinstance(value, GoInt):
        return "int"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "interface {}"


def is_print(char: str) -> bool:
    """``strconv.IsPrint``: letters, marks, numbers, punctuation, symbols and ASCII space."""
    return char == " " or unicodedata.category(char)[0] in "LMNPS"


_QUOTE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                  "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"'}


def go_quote(text: str) -> str:
    """``strconv.Quote``: printable runes kept, the rest escaped."""
    out = ['"']
    for char in text:
        if char in _QUOTE_ESCAPES:
            out.append(_QUOTE_ESCAPES[char])
        elif is_print(char):
            out.append(char)
        elif ord(char) < 0x80 or 0xDC80 <= ord(char) <= 0xDCFF:
            out.append(f"\\x{ord(char) & 0xFF:02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def quote_rune(char: str) -> str:
    """``fmt.Sprintf("%#U", r)``: ``U+0023 '#'``, or ``U+0009`` for an unprintable rune."""
    code = f"U+{ord(char):04X}"
    return f"{code} '{char}'" if is_print(char) else code


def decode_json(text: str) -> Any:
    """JSON decoded as kubectl decodes objects: integers as int64 where they fit, other
    numbers as float64."""
    return json.loads(text, parse_int=_int64_or_float)


def _int64_or_float(text: str) -> int | float:
    value = int(text)
    return value if -(2**63) <= value < 2**63 else float(text)
