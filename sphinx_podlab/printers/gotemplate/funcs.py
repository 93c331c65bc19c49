"""The functions a kubectl go-template may call: Go's builtins and kubectl's two."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..errors import UnsupportedTemplate
from ..gofmt import go_quote, sprint
from .values import NO_VALUE, truth, type_of


class CallError(Exception):
    pass


def _index(item: Any, *indexes: Any) -> Any:
    if item is NO_VALUE or item is None:
        raise CallError("index of untyped nil")
    for index in indexes:
        if item is None or item is NO_VALUE:
            raise CallError("index of nil pointer")
        if isinstance(item, list | str):
            sequence: Any = item.encode() if isinstance(item, str) else item
            if index is NO_VALUE or index is None:
                raise CallError("cannot index slice/array with nil")
            if not isinstance(index, int) or isinstance(index, bool):
                raise CallError(f"cannot index slice/array with type {type_of(index)}")
            if index < 0 or index > len(sequence):
                raise CallError(f"index out of range: {index}")
            if index == len(sequence):
                raise CallError("reflect: slice index out of range")
            item = sequence[index]
        elif isinstance(item, dict):
            if index is NO_VALUE or index is None:
                raise CallError("value is nil; should be of type string")
            if not isinstance(index, str):
                raise CallError(f"value has type {type_of(index)}; should be string")
            item = item.get(index, NO_VALUE)
        else:
            raise CallError(f"can't index item of type {type_of(item)}")
    return item


def _len(item: Any) -> int:
    if item is None:
        raise CallError("len of nil pointer")
    if item is NO_VALUE:
        raise UnsupportedTemplate("len of a missing key (kubectl reports a reflect error)")
    if isinstance(item, str):
        return len(item.encode())
    if isinstance(item, list | dict):
        return len(item)
    raise CallError(f"len of type {type_of(item)}")


_INT, _FLOAT, _STRING, _BOOL = "int", "float", "string", "bool"


def _kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, str):
        return _STRING
    return None


def _literal_type(value: Any) -> str:
    return "int" if isinstance(value, int) and not isinstance(value, bool) else type_of(value)


def _eq(first: Any, *others: Any) -> bool:
    if not others:
        raise CallError("missing argument for comparison")
    first_kind = _kind(first)
    for other in others:
        other_kind = _kind(other)
        if first_kind != other_kind:
            if first not in (None, NO_VALUE) and other not in (None, NO_VALUE):
                raise CallError(f"incompatible types for comparison: {type_of(first)} and "
                                 f"{type_of(other)}")
            continue
        if first_kind is None:
            if first is None or first is NO_VALUE or other is None or other is NO_VALUE:
                raise UnsupportedTemplate("eq over nil values in a go-template")
            raise UnsupportedTemplate("eq over maps or lists in a go-template")
        if first == other:
            return True
    return False


def _lt(first: Any, second: Any) -> bool:
    first_kind, second_kind = _kind(first), _kind(second)
    if first_kind is None or second_kind is None:
        raise CallError("invalid type for comparison")
    if first_kind != second_kind:
        raise CallError(f"incompatible types for comparison: {type_of(first)} and "
                         f"{type_of(second)}")
    if first_kind == _BOOL:
        raise CallError("invalid type for comparison")
    return bool(first < second)


def _base64decode(text: str) -> str:
    """kubectl's ``base64decode``: ``base64.StdEncoding.DecodeString``."""
    decoded, corrupt_at = _go_base64(text.encode("utf-8", "surrogateescape"))
    if corrupt_at is not None:
        raise CallError(f"base64 decode failed: illegal base64 data at input byte {corrupt_at}")
    return decoded.decode("utf-8", "surrogateescape")


_B64 = {char: value for value, char in enumerate(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _go_base64(src: bytes) -> tuple[bytes, int | None]:
    """Go's ``decodeQuantum`` loop: padding required, ``\\r`` and ``\\n`` skipped; returns the
    bytes and the offset of a ``CorruptInputError``."""
    out = bytearray()
    si = 0
    while True:
        quantum: list[int] = []
        j = 0
        while j < 4:
            if si == len(src):
                if j == 0:
                    return bytes(out), None
                return bytes(out), si - j
            char = src[si]
            si += 1
            if char in _B64:
                quantum.append(_B64[char])
                j += 1
                continue
            if char in b"\r\n":
                continue
            if char != ord("="):
                return bytes(out), si - 1
            if j in (0, 1):
                return bytes(out), si - 1
            if j == 2:
                while si < len(src) and src[si] in b"\r\n":
                    si += 1
                if si == len(src):
                    return bytes(out), len(src)
                if src[si] != ord("="):
                    return bytes(out), si - 1
                si += 1
            while si < len(src) and src[si] in b"\r\n":
                si += 1
            if si < len(src):
                return bytes(out), si
            break
        value = 0
        for digit in quantum + [0] * (4 - len(quantum)):
            value = value << 6 | digit
        out += value.to_bytes(3, "big")[:len(quantum) - 1 if len(quantum) < 4 else 3]
        if len(quantum) < 4:
            return bytes(out), None


def _exists(item: Any, *indexes: Any) -> bool:
    for index in indexes:
        if item is None or item is NO_VALUE:
            return False
        if isinstance(item, list | str):
            sequence: Any = item.encode() if isinstance(item, str) else item
            if not isinstance(index, int) or isinstance(index, bool) or \
                    not 0 <= index < len(sequence):
                return False
            item = sequence[index]
        elif isinstance(item, dict):
            if not isinstance(index, str):
                return False
            item = item.get(index, None)
        else:
            return False
    return item is not None and item is not NO_VALUE


def _print(*values: Any) -> str:
    """``fmt.Sprint``: a space between two operands when neither is a string."""
    out = []
    for index, value in enumerate(values):
        if index and not isinstance(value, str) and not isinstance(values[index - 1], str):
            out.append(" ")
        out.append(_value_text(value))
    return "".join(out)


def _println(*values: Any) -> str:
    return " ".join(_value_text(value) for value in values) + "\n"


def _value_text(value: Any) -> str:
    if value is NO_VALUE or value is None:
        return "<nil>"
    return sprint(value)


_VERB = re.compile(r"%([-+# 0]*)([0-9]+)?(?:\.([0-9]+))?([a-zA-Z%])")


def _printf(form: str, *values: Any) -> str:
    """``fmt.Sprintf`` for the verbs templates use: %s %v %d %q %t %f with width and ``-``."""
    out: list[str] = []
    position = argument = 0
    for match in _VERB.finditer(form):
        out.append(form[position:match.start()])
        position = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if set(flags) - {"-"}:
            raise UnsupportedTemplate(f"printf flags {flags!r} in a go-template")
        if argument >= len(values):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = values[argument]
        argument += 1
        text = _format_verb(verb, value, precision)
        if width is not None:
            text = text.ljust(int(width)) if "-" in flags else text.rjust(int(width))
        out.append(text)
    if "%" in form[position:]:
        raise UnsupportedTemplate(f"the printf format {form!r} in a go-template")
    out.append(form[position:])
    if argument < len(values):
        raise UnsupportedTemplate("printf with more arguments than verbs in a go-template")
    return "".join(out)


def _format_verb(verb: str, value: Any, precision: str | None) -> str:
    kind = _kind(value)
    if verb == "v" and precision is None:
        return _value_text(value)
    if verb == "s" and kind == _STRING:
        return str(value) if precision is None else str(value)[:int(precision)]
    if verb == "q" and kind == _STRING and precision is None:
        return go_quote(value)
    if verb == "d" and kind == _INT and precision is None:
        return str(value)
    if verb == "t" and kind == _BOOL and precision is None:
        return "true" if value else "false"
    if verb == "f" and kind == _FLOAT:
        return f"{value:.{int(precision) if precision is not None else 6}f}"
    if verb in "sqdtf" and kind is not None and precision is None:
        return f"%!{verb}({type_of(value)}={sprint(value)})"  # fmt's report of a wrong verb
    raise UnsupportedTemplate(f"printf %{verb} of a {type_of(value)} in a go-template")


BUILTINS: dict[str, tuple[int, Callable[..., Any]]] = {
    "index": (-2, _index),
    "len": (1, _len),
    "not": (1, lambda value: not truth(value)),
    "eq": (-2, _eq),
    "ne": (2, lambda a, b: not _eq(a, b)),
    "lt": (2, _lt),
    "le": (2, lambda a, b: _lt(a, b) or _eq(a, b)),
    "gt": (2, lambda a, b: not (_lt(a, b) or _eq(a, b))),
    "ge": (2, lambda a, b: not _lt(a, b)),
    "print": (-1, _print),
    "println": (-1, _println),
    "printf": (-2, _printf),
    "base64decode": (1, _base64decode),
    "exists": (-2, _exists),
}
