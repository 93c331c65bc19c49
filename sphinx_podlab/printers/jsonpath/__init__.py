"""kubectl's JSONPath: client-go's ``util/jsonpath`` dialect and cli-runtime's printer.

The parser and evaluator follow client-go v0.34's behaviour step for step, quirks included
(``['a.b']`` is the two fields ``a`` and ``b``; a ``range`` without ``end`` runs to the end
of the template; the ``range`` state lives on the compiled template). Values are JSON data
as Python's ``json`` decodes it (see :mod:`.gofmt`). Where Go iterates a map in random order
(``*`` and ``..`` over an object) we take the keys sorted, so a record is reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import PrinterError, UnsupportedTemplate
from ..gofmt import GoByte, go_json, go_quote, go_syntax, sprint, type_name
from .tree import (
    ArrayNode,
    BoolNode,
    FieldNode,
    FilterNode,
    FloatNode,
    IdentifierNode,
    IntNode,
    JSONPathSyntaxError,
    ListNode,
    Node,
    Param,
    RecursiveNode,
    TextNode,
    UnionNode,
    WildcardNode,
    parse,
    unquote_extend,
)

__all__ = ["INVALID", "JSONPath", "JSONPathError", "JSONPathPrinter", "JSONPathSyntaxError",
           "parse", "print_results", "unquote_extend"]


# -- evaluation (client-go util/jsonpath/jsonpath.go) ------------------------------------------


class _Invalid:
    """The zero ``reflect.Value``: what ``FindResults(nil)`` walks (an empty ``range``)."""

    def __repr__(self) -> str:
        return "<invalid reflect.Value>"


INVALID = _Invalid()


class JSONPathError(Exception):
    """An error while executing a template, in client-go's words.

    ``partial`` is what client-go's failing step returned with the error: a filter's
    existence test (``[?(@.x)]``) still counts it.
    """

    def __init__(self, message: str, partial: list[Any] | None = None) -> None:
        super().__init__(message)
        self.partial = partial or []


def _elements(value: Any) -> list[Any]:
    """What ``*`` and ``..`` visit inside a value: map values, list items, string bytes."""
    if isinstance(value, dict):
        return [value[key] for key in sorted(value)]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, str):
        return [GoByte(byte) for byte in value.encode("utf-8", "surrogateescape")]
    return []


_KIND_BOOL, _KIND_INT, _KIND_UINT, _KIND_FLOAT, _KIND_STRING = range(5)


def _basic_kind(value: Any) -> int:
    if isinstance(value, bool):
        return _KIND_BOOL
    if isinstance(value, GoByte):
        return _KIND_UINT
    if isinstance(value, int):
        return _KIND_INT
    if isinstance(value, float):
        return _KIND_FLOAT
    if isinstance(value, str):
        return _KIND_STRING
    raise JSONPathError("invalid type for comparison")


def go_equal(left: Any, right: Any) -> bool:
    """The forked text/template ``eq`` of client-go."""
    left_kind, right_kind = _basic_kind(left), _basic_kind(right)
    if left_kind != right_kind:
        if {left_kind, right_kind} == {_KIND_INT, _KIND_UINT}:
            return bool(left >= 0 and left == right)
        raise JSONPathError("incompatible types for comparison")
    return bool(left == right)


def go_less(left: Any, right: Any) -> bool:
    left_kind, right_kind = _basic_kind(left), _basic_kind(right)
    if left_kind != right_kind:
        if left_kind == _KIND_INT and right_kind == _KIND_UINT:
            return bool(left < 0 or left < right)
        if left_kind == _KIND_UINT and right_kind == _KIND_INT:
            return bool(right >= 0 and left < right)
        raise JSONPathError("incompatible types for comparison")
    if left_kind == _KIND_BOOL:
        raise JSONPathError("invalid type for comparison")
    return bool(left < right)


def _compare(operator: str, left: Any, right: Any) -> bool:
    if operator == "<":
        return go_less(left, right)
    if operator == ">":
        return not (go_less(left, right) or go_equal(left, right))
    if operator == "==":
        return go_equal(left, right)
    if operator == "!=":
        return not go_equal(left, right)
    if operator == "<=":
        return go_less(left, right) or go_equal(left, right)
    if operator == ">=":
        return not go_less(left, right)
    raise JSONPathError(f"unrecognized filter operator {operator}")


class JSONPath:
    """A compiled template: ``jsonpath.New(name).AllowMissingKeys(...)`` after ``Parse``.

    Like client-go's, it keeps ``range`` state between runs (a template whose ``range``
    has no ``end`` behaves differently the second time); make one per print, as kubectl
    does.
    """

    def __init__(self, template: str, allow_missing_keys: bool = False) -> None:
        self.template = template
        self.allow_missing_keys = allow_missing_keys
        self._root = parse(template).nodes
        self._start = 0  # client-go re-slices Root.Nodes inside a range; we keep the offset
        self._begin_range = self._in_range = self._end_range = 0
        self._last_end: int | None = None

    def find_results(self, data: Any) -> list[list[Any]]:
        """``FindResults``: one list of values per node of the template."""
        base = self._start
        nodes = self._root[base:]
        full: list[list[Any]] = []
        index = 0
        while index < len(nodes):
            results = self._walk([data], nodes[index])
            if self._end_range > 0 and self._end_range <= self._in_range:
                self._end_range -= 1
                self._last_end = base + index
                break
            if self._begin_range > 0:
                self._begin_range -= 1
                self._in_range += 1
                if results:
                    for value in results:
                        self._start = base + index + 1
                        full.extend(self.find_results(INVALID if value is None else value))
                else:
                    self._start = base + index + 1
                    self.find_results(INVALID)
                self._in_range -= 1
                for later in range(index + 1, len(nodes)):
                    if base + later == self._last_end:
                        index = later
                        break
                index += 1
                continue
            full.append(results)
            index += 1
        return full

    # each node kind
    def _walk(self, values: list[Any], node: Node) -> list[Any]:
        match node:
            case ListNode():
                for child in node.nodes:
                    values = self._walk(values, child)
                return values
            case TextNode():
                return [node.text]
            case FieldNode():
                return self._field(values, node.name)
            case ArrayNode():
                return self._array(values, node)
            case FilterNode():
                return self._filter(values, node)
            case IntNode() | FloatNode() | BoolNode():
                return [node.value for _ in values]
            case WildcardNode():
                return [item for value in values for item in _elements(value)]
            case RecursiveNode():
                return self._recursive(values)
            case UnionNode():
                try:
                    return [item for child in node.nodes for item in self._walk(values, child)]
                except JSONPathError as err:
                    raise JSONPathError(str(err), values) from None
            case IdentifierNode():
                return self._identifier(values, node.name)

    def _identifier(self, values: list[Any], name: str) -> list[Any]:
        if name == "range":
            self._begin_range += 1
            return values
        if name == "end":
            if self._in_range > 0:
                self._end_range += 1
                return []
            raise JSONPathError("not in range, nothing to end")
        raise JSONPathError(f"unrecognized identifier {name}", values)

    def _field(self, values: list[Any], name: str) -> list[Any]:
        if not values:
            return []
        results = [value[name] for value in values
                   if isinstance(value, dict) and name in value]
        if not results and not self.allow_missing_keys:
            raise JSONPathError(f"{name} is not found")
        return results

    def _array(self, values: list[Any], node: ArrayNode) -> list[Any]:
        results: list[Any] = []
        for value in values:
            if value is None:
                continue
            if value is INVALID:
                raise UnsupportedTemplate(
                    "an array index inside a range over nothing (kubectl panics here)")
            if not isinstance(value, list):
                raise JSONPathError(f"{type_name(value)} is not array or slice", values)
            length = len(value)
            first, last, step = (Param(p.value, p.known, p.derived) for p in node.params)
            if not first.known:
                first.value = 0
            if first.value < 0:
                first.value += length
            if not last.known:
                last.value = length
            if last.value < 0 or (last.value == 0 and last.derived):
                last.value += length
            if last.value == first.value:
                return results
            if first.value >= length or first.value < 0:
                raise JSONPathError(
                    f"array index out of bounds: index {first.value}, length {length}", values)
            if last.value > length or last.value < 0:
                raise JSONPathError(
                    f"array index out of bounds: index {last.value - 1}, length {length}",
                    values)
            if first.value > last.value:
                raise JSONPathError(f"starting index {first.value} is greater than ending "
                                    f"index {last.value}", values)
            stride = 1
            if step.known:
                if step.value <= 0:
                    raise JSONPathError("step must be > 0", values)
                stride = step.value
            results.extend(value[first.value:last.value:stride])
        return results

    def _recursive(self, values: Iterable[Any]) -> list[Any]:
        results: list[Any] = []
        for value in values:
            if value is None:
                continue
            children = _elements(value)
            if children:
                results.append(value)
                results.extend(self._recursive(children))
        return results

    def _filter(self, values: list[Any], node: FilterNode) -> list[Any]:
        results: list[Any] = []
        for value in values:
            if not isinstance(value, list):
                shown = "<nil>" if value is None else repr(value) if value is INVALID \
                    else sprint(value)
                raise JSONPathError(f"{shown} is not array or slice and cannot be filtered",
                                    values)
            for item in value:
                try:
                    lefts = self._walk([item], node.left)
                    left_error: JSONPathError | None = None
                except JSONPathError as err:
                    lefts, left_error = err.partial, err
                if node.operator == "exists":
                    if lefts:
                        results.append(item)
                    continue
                if left_error is not None:
                    raise JSONPathError(str(left_error), values)
                if not lefts:
                    continue
                if len(lefts) > 1:
                    raise JSONPathError("can only compare one element at a time", values)
                try:
                    rights = self._walk([item], node.right)
                except JSONPathError as err:
                    raise JSONPathError(str(err), values) from None
                if not rights:
                    continue
                if len(rights) > 1:
                    raise JSONPathError("can only compare one element at a time", values)
                try:
                    passed = _compare(node.operator, lefts[0], rights[0])
                except JSONPathError as err:
                    raise JSONPathError(str(err), results) from None
                if passed:
                    results.append(item)
        return results


def _text(value: Any) -> str:
    """``evalToText``: a scalar as ``fmt.Fprint`` writes it; a null as ``null``."""
    if value is None:
        return "null"
    if value is INVALID:
        return "<no value>"
    return sprint(value)


def print_results(results: list[Any], as_json: bool) -> str:
    """``PrintResults`` of one node: scalars as text, maps and lists as compact JSON, joined
    by spaces; with ``jsonpath-as-json``, the whole list as indented JSON."""
    if as_json:
        return go_json(list(results), "    ") + "\n"
    texts = [go_json(value) if isinstance(value, dict | list) else _text(value)
             for value in results]
    return " ".join(texts)


@dataclass(frozen=True)
class JSONPathPrinter:
    """``-o jsonpath=TEMPLATE`` (or ``jsonpath-as-json=``) of ``kubectl get``."""

    template: str
    as_json: bool = False
    allow_missing_keys: bool = True

    @classmethod
    def parse(cls, template: str, as_json: bool = False,
              allow_missing_keys: bool = True) -> JSONPathPrinter:
        """Check the template as kubectl's ToPrinter does; raises :class:`PrinterError`."""
        if not template:
            raise PrinterError("template format specified but no template given")
        try:
            parse(template)
        except JSONPathSyntaxError as err:
            raise PrinterError(f"error parsing jsonpath {template}, {err}") from None
        return cls(template, as_json, allow_missing_keys)

    def print(self, obj: Any) -> str:
        """What kubectl writes for ``obj`` (one object, or the List it built)."""
        path = JSONPath(self.template, self.allow_missing_keys)
        try:
            found = path.find_results(obj)
        except JSONPathError as err:
            raise PrinterError(self._execution_error(str(err), obj)) from None
        return "".join(print_results(results, self.as_json) for results in found)

    def _execution_error(self, error: str, obj: Any) -> str:
        return (f"error executing jsonpath {go_quote(self.template)}: Error executing template: "
                f"{error}. Printing more information for debugging the template:\n"
                f"\ttemplate was:\n\t\t{self.template}\n"
                f"\tobject given to jsonpath engine was:\n\t\t{go_syntax(obj)}\n\n\n")
