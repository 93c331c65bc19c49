"""Resource quantities (``100m``, ``128Mi``, ``1e3``) as apimachinery's resource.Quantity
reads them, exactly (fractions, never floats)."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

Obj = dict[str, Any]

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$")


def parse_quantity(text: str) -> Fraction:
    """The exact value of a quantity string; ValueError when it is not one."""
    match = _QUANTITY.match(text.strip())
    if match is None:
        raise ValueError(f"quantities must match the regular expression: {text!r}")
    number = Fraction(match.group(1))
    suffix = match.group(2) or ""
    if suffix in _BINARY:
        return number * _BINARY[suffix]
    if suffix in _DECIMAL:
        return number * Fraction(10) ** _DECIMAL[suffix]
    return number * Fraction(10) ** int(suffix[1:])


def milli_value(value: Fraction) -> int:
    """``Quantity.MilliValue``: thousandths, rounded up."""
    return math.ceil(value * 1000)


def whole_value(value: Fraction) -> int:
    """``Quantity.Value``: rounded up to an integer."""
    return math.ceil(value)


def container_resource_value(container: Obj, ref: Obj) -> str:
    """``ExtractContainerResourceValue``: a resourceFieldRef's value over its divisor."""
    resource = str(ref.get("resource") or "")
    kind, _, name = resource.partition(".")
    divisor = parse_quantity(str(ref.get("divisor") or "0"))
    if divisor == 0:
        divisor = Fraction(1)
    values = (container.get("resources") or {}).get(kind) or {}
    if kind not in ("limits", "requests") or not name:
        return ""
    amount = parse_quantity(str(values.get(name) or "0"))
    if name == "cpu":
        return str(math.ceil(Fraction(milli_value(amount), milli_value(divisor))))
    return str(math.ceil(Fraction(whole_value(amount), whole_value(divisor))))
