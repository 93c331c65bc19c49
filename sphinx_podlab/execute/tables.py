"""Go's text/tabwriter with kubectl's settings, and how a Table cell prints.

kubectl (cli-runtime ``printers.GetNewTabWriter``) aligns with a tabwriter: minimum width
6, tab width 4, padding 3, padded with spaces. A column's width is the widest of its cells
plus the padding, at least the minimum; the last cell of each line is not padded. The
tables of ``kubectl get`` are printed by :mod:`sphinx_podlab.printers.human` (over
:mod:`sphinx_podlab.printers.tabwriter`, which also keeps kubectl's remembered widths).
"""

from __future__ import annotations

import json
import math
from typing import Any

MIN_WIDTH = 6
PADDING = 3


def tabwrite(text: str, minwidth: int = MIN_WIDTH, padding: int = PADDING) -> str:
    """Align tab-separated cells as Go's ``text/tabwriter`` does (flags 0, pad char ' ')."""
    lines = [line.split("\t") for line in text.split("\n")]
    out: list[str] = []
    _format(lines, [], 0, len(lines), minwidth, padding, out)
    return "".join(out)


def _format(
    lines: list[list[str]],
    widths: list[int],
    line0: int,
    line1: int,
    minwidth: int,
    padding: int,
    out: list[str],
) -> None:
    """Go's ``Writer.format``: column blocks are runs of lines that have a cell in a column."""
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        _write_lines(lines, widths, line0, this, out)
        line0 = this
        width = minwidth
        while this < line1 and column < len(lines[this]) - 1:
            width = max(width, len(lines[this][column]) + padding)
            this += 1
        _format(lines, [*widths, width], line0, this, minwidth, padding, out)
        line0 = this
    _write_lines(lines, widths, line0, line1, out)


def _write_lines(
    lines: list[list[str]], widths: list[int], line0: int, line1: int, out: list[str]
) -> None:
    for index in range(line0, line1):
        for column, cell in enumerate(lines[index]):
            out.append(cell)
            if column < len(widths):
                out.append(" " * (widths[column] - len(cell)))
        if index + 1 < len(lines):
            out.append("\n")


def go_format_float(value: float) -> str:
    """``fmt.Sprint(float64)``: %g with the shortest digits (``1e+06``, ``100000``, ``0.5``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    digits, exponent = _shortest_digits(value)
    # strconv 'g' with shortest precision: %e when exp < -4 || exp >= 6
    eprec = 6
    sign = "-" if value < 0 else ""
    if exponent < -4 or exponent >= eprec:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exp_sign = "-" if exponent < 0 else "+"
        return f"{sign}{mantissa}e{exp_sign}{abs(exponent):02d}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    integer = digits[: exponent + 1].ljust(exponent + 1, "0")
    fraction = digits[exponent + 1 :]
    return f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}"


def _shortest_digits(value: float) -> tuple[str, int]:
    """Shortest round-tripping decimal digits and the exponent of the first digit."""
    text = repr(abs(value))
    if "e" in text:
        mantissa, _, exp = text.partition("e")
        digits = mantissa.replace(".", "").rstrip("0") or "0"
        return digits, int(exp)
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if integer != "0":
        digits = (integer + fraction).rstrip("0") or "0"
        return digits, len(integer) - 1
    stripped = fraction.lstrip("0")
    return stripped.rstrip("0") or "0", -(len(fraction) - len(stripped)) - 1


def go_sprint(value: Any) -> str:
    """A Table cell as Go's ``fmt.Sprint`` prints the JSON-decoded value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(go_sprint(item) for item in value) + "]"
    if isinstance(value, dict):
        items = " ".join(f"{key}:{go_sprint(value[key])}" for key in sorted(value))
        return f"map[{items}]"
    return json.dumps(value)


def format_cell(value: Any) -> str:
    """One cell: truncated at the first line break with ``...``, terminal escapes defused."""
    if value is None:
        return ""
    text = go_sprint(value)
    cut = min((i for i in (text.find(c) for c in "\f\n\r") if i >= 0), default=-1)
    suffix = ""
    if cut >= 0:
        text, suffix = text[:cut], "..."
    return text.replace("\x1b", "^[").replace("\r", "\\r") + suffix
