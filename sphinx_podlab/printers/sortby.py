"""``kubectl get --sort-by=JSONPATH`` (kubectl's ``pkg/cmd/get/sorter.go``).

The field is found with the JSONPath of each item (missing keys allowed); only the first
value counts. Items without it sort first; numbers compare as numbers, strings as
resource quantities when both parse as one (``1Gi`` > ``500Mi``), else byte-wise; other
kinds, or two kinds at once, make kubectl exit with a klog message (:class:`UnsortableField`).
The order of ties is Go's ``sort.Sort``'s (``describe.gosort``, a port of it).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..describe.gosort import go_sort
from .customcolumns import relaxed_jsonpath
from .errors import PrinterError, UnsupportedTemplate
from .gofmt import GoByte, go_quote
from .jsonpath import JSONPath, JSONPathError, JSONPathSyntaxError

_MISSING = object()


class UnsortableField(PrinterError):
    """kubectl ends with ``klog.Exitf``: a ``F…`` log line on stderr, exit status 1."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line  # of sorter.go, in the log line's header

    @property
    def stderr(self) -> str:
        now = datetime.datetime.now(datetime.UTC)
        return (f"F{now:%m%d %H:%M:%S.%f} {os.getpid():7d} sorter.go:{self.line}] "
                f"{self.message}\n")


@dataclass(frozen=True)
class SortBy:
    """A ``--sort-by`` value."""

    raw: str

    @property
    def field(self) -> str:
        """The expression kubectl sorts tables by: relaxed, or the raw value if it is not."""
        try:
            return relaxed_jsonpath(self.raw)
        except PrinterError:
            return self.raw

    def sort_items(self, items: list[Any]) -> list[Any]:
        """The items of the List kubectl prints with -o json|yaml|name|jsonpath|...
        (``SortingPrinter`` → ``SortObjects``), in kubectl's order."""
        if not items:
            return []
        field = relaxed_jsonpath(self.field)
        path = _compile(field, "")
        values: list[Any] = []
        found_once = False
        for item in items:
            try:
                values.append(_first_value(path, item))
            except JSONPathError as err:
                if not found_once:
                    raise PrinterError(str(err)) from None
                values.append(err)
            found_once = found_once or values[-1] is not _MISSING
        if not found_once:
            raise PrinterError(f"couldn't find any field with path {go_quote(field)} in the "
                               "list of objects")
        if len(items) > 1 and any(isinstance(value, JSONPathError) for value in values):
            raise UnsupportedTemplate(f"--sort-by={self.raw}: the field fails to evaluate on "
                                      "some items (kubectl crashes with a stack dump)")
        return self._sorted(items, values, field, "*unstructured.Unstructured", 329)

    def sort_rows(self, rows: list[Any]) -> list[Any]:
        """The rows of one server Table (``TableSorter``); each row carries its ``object``,
        as kubectl asks for ``includeObject=Object`` when sorting. One row: as it is."""
        if len(rows) <= 1:
            return list(rows)
        field = self.field
        path = _compile(field, "sorting error: ")
        values = []
        for row in rows:
            try:
                values.append(_first_value(path, row.get("object")))
            except JSONPathError as err:
                raise PrinterError(f"Failed to get values for [][]reflect.Value(nil) using "
                                   f"{field} (&errors.errorString{{s:{go_quote(str(err))}}})"
                                   ) from None
        if all(value is _MISSING for value in values):
            raise PrinterError(f"couldn't find any field with path {go_quote(field)} in the "
                               "list of objects")
        return self._sorted(rows, values, field, "[][][]reflect.Value", 375)

    @staticmethod
    def _sorted(items: list[Any], values: list[Any], field: str, holder: str,
                line: int) -> list[Any]:
        pairs = list(zip(values, items, strict=True))

        def less(left: tuple[Any, Any], right: tuple[Any, Any]) -> bool:
            if left[0] is _MISSING:
                return True
            if right[0] is _MISSING:
                return False
            try:
                return is_less(left[0], right[0])
            except _Unsortable as err:
                raise UnsortableField(f"Field {field} in {holder} is an unsortable type: "
                                      f"interface, err: {err}", line) from None

        go_sort(pairs, less)
        return [item for _, item in pairs]


def _compile(field: str, prefix: str) -> JSONPath:
    try:
        return JSONPath(field, allow_missing_keys=True)
    except JSONPathSyntaxError as err:
        raise PrinterError(f"{prefix}{err}") from None


def _first_value(path: JSONPath, obj: Any) -> Any:
    found = path.find_results(obj)
    if not found or not found[0]:
        return _MISSING
    return found[0][0]


class _Unsortable(Exception):
    pass


def is_less(left: Any, right: Any) -> bool:
    """sorter.go's ``isLess`` for two values of a decoded object (Go ``interface{}``)."""
    if left is None and right is None:
        return False
    if left is None:
        return True
    if right is None:
        return False
    kinds: tuple[tuple[type, Callable[[Any], bool]], ...] = (
        (bool, lambda v: isinstance(v, bool)),
        (GoByte, lambda v: isinstance(v, GoByte)),
        (int, lambda v: isinstance(v, int) and not isinstance(v, bool | GoByte)),
        (float, lambda v: isinstance(v, float)),
        (str, lambda v: isinstance(v, str)),
    )
    for kind, test in kinds:
        if test(left):
            if kind is bool:
                raise _Unsortable("unsortable type: bool")
            if not test(right):
                raise _Unsortable("unsortable interface: interface")
            if kind is str:
                left_quantity, right_quantity = parse_quantity(left), parse_quantity(right)
                if left_quantity is not None and right_quantity is not None:
                    return left_quantity < right_quantity
            return bool(left < right)
    if isinstance(left, dict):
        raise _Unsortable("unsortable type: map[string]interface {}")
    raise _Unsortable("unsortable type: []interface {}")


# -- resource.ParseQuantity, as far as comparing needs it -----------------------------------

_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_NANO = Fraction(1, 10**9)
_MAX_BINARY = Fraction(2**63 - 1)


def parse_quantity(text: str) -> Fraction | None:
    """The exact value of a Kubernetes quantity (``1Gi``, ``500m``, ``1e3``), or None when
    ``resource.ParseQuantity`` rejects the text. Rounded up to nano units, as it does."""
    if not text:
        return None
    if text == "0":
        return Fraction(0)
    match = re.match(r"([+-]?)(0*)([0-9]*)(?:\.([0-9]*))?", text)
    assert match is not None
    sign, _, numerator, denominator = match.group(1), match.group(2), match.group(3), \
        match.group(4) or ""
    suffix = text[match.end():]
    if not re.fullmatch(r"[eEinumkKMGTP]*[+-]?[0-9]*", suffix):
        return None
    digits = Fraction(int(numerator or "0") * 10**len(denominator) + int(denominator or "0"),
                      10**len(denominator))
    binary = False
    if suffix in _DECIMAL:
        value = digits * Fraction(10) ** _DECIMAL[suffix]
    elif suffix in _BINARY:
        value, binary = digits * 2 ** _BINARY[suffix], True
    elif len(suffix) > 1 and suffix[0] in "eE" and re.fullmatch(r"[+-]?[0-9]+", suffix[1:]):
        exponent = int(suffix[1:])
        if not -(2**63) <= exponent < 2**63:
            return None
        exponent = (exponent + 2**31) % 2**32 - 2**31  # Go's int32(...)
        if abs(exponent) > 1000:
            raise UnsupportedTemplate(f"--sort-by over the quantity {text!r}")
        value = digits * Fraction(10) ** exponent
    else:
        return None
    if value and (value / _NANO).denominator != 1:
        value = Fraction(-((-value) // _NANO)) * _NANO  # up, away from zero (value > 0 here)
    if binary and value > _MAX_BINARY:
        value = _MAX_BINARY
    return -value if sign == "-" else value
