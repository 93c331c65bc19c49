"""The values a template computes with, as Go holds them."""

from __future__ import annotations

from typing import Any

from ..gofmt import GoInt, type_name

__all__ = ["NO_VALUE", "Break", "Continue", "ExecError", "GoInt", "NoValue", "truth", "type_of"]


class NoValue:
    """An invalid ``reflect.Value``: a missing key; prints ``<no value>``."""


NO_VALUE = NoValue()


class ExecError(Exception):
    """Go's ``ExecError``: ``template: output:1:2: executing "output" at <...>: ...``."""


class Break(Exception):
    """``{{break}}``."""


class Continue(Exception):
    """``{{continue}}``."""


def type_of(value: Any) -> str:
    """``reflect.Type.String()``: ``int64`` for the object's numbers, ``int`` for ours."""
    return type_name(value)


def truth(value: Any) -> bool:
    """``isTrue``: false for no value, nil, false, zero and empty strings, lists, maps."""
    if value is NO_VALUE or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return len(value) > 0
