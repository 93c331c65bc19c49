"""client-go's ``util/jsonpath/parser.go`` and ``node.go``: templates as trees."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..gofmt import GoInt, quote_rune

# -- the parse tree -------------------------------------------------------------------------


@dataclass
class ListNode:
    nodes: list[Node] = field(default_factory=list)


@dataclass
class TextNode:
    text: str


@dataclass
class FieldNode:
    name: str


@dataclass
class IdentifierNode:
    name: str


@dataclass
class Param:
    value: int = 0
    known: bool = False
    derived: bool = False


@dataclass
class ArrayNode:
    params: tuple[Param, Param, Param]


@dataclass
class FilterNode:
    left: ListNode
    right: ListNode
    operator: str


@dataclass
class IntNode:
    value: int


@dataclass
class FloatNode:
    value: float


@dataclass
class BoolNode:
    value: bool


@dataclass
class WildcardNode:
    pass


@dataclass
class RecursiveNode:
    pass


@dataclass
class UnionNode:
    nodes: list[ListNode]


Node = (ListNode | TextNode | FieldNode | IdentifierNode | ArrayNode | FilterNode | IntNode
        | FloatNode | BoolNode | WildcardNode | RecursiveNode | UnionNode)


class JSONPathSyntaxError(Exception):
    """client-go's parse error text, e.g. ``unclosed action``."""


# -- the parser (client-go util/jsonpath/parser.go) -------------------------------------------

_EOF = ""
_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$")
_INT64 = (-(2**63), 2**63 - 1)


def _is_digit(char: str) -> bool:
    return char != _EOF and unicodedata.category(char) == "Nd"


def _is_alphanumeric(char: str) -> bool:
    return char == "_" or (char != _EOF and unicodedata.category(char)[0] == "L") \
        or _is_digit(char)


def _is_terminator(char: str) -> bool:
    return char in (_EOF, " ", "\t", "\r", "\n", ".", ",", "[", "]", "$", "@", "{", "}")


def _atoi(text: str) -> int | None:
    """``strconv.Atoi``: optional sign, ASCII digits, within int64."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        return None
    value = int(text)
    return value if _INT64[0] <= value <= _INT64[1] else None


def _parse_float(text: str) -> float | None:
    """``strconv.ParseFloat`` for what ``parseNumber`` can collect: sign, digits, dots."""
    if not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)", text):
        return None
    return float(text)


class _Parser:
    def __init__(self, text: str) -> None:
        self.input = text
        self.pos = 0
        self.start = 0
        self.root = ListNode()

    def parse(self) -> ListNode:
        self.parse_text(self.root)
        return self.root

    # the scanner
    def next(self) -> str:
        if self.pos >= len(self.input):
            self.width = 0
            return _EOF
        self.width = 1
        self.pos += 1
        return self.input[self.pos - 1]

    def peek(self) -> str:
        char = self.next()
        self.backup()
        return char

    def backup(self) -> None:
        self.pos -= self.width

    def consume(self) -> str:
        value = self.input[self.start:self.pos]
        self.start = self.pos
        return value

    def rest(self) -> str:
        return self.input[self.pos:]

    # the grammar
    def parse_text(self, cur: ListNode) -> None:
        while True:
            if self.rest().startswith("{"):
                if self.pos > self.start:
                    cur.nodes.append(TextNode(self.consume()))
                self.parse_left_delim(cur)
                return
            if self.next() == _EOF:
                break
        if self.pos > self.start:
            cur.nodes.append(TextNode(self.consume()))

    def parse_left_delim(self, cur: ListNode) -> None:
        self.pos += 1
        self.consume()
        node = ListNode()
        cur.nodes.append(node)
        self.parse_inside_action(node)

    def parse_inside_action(self, cur: ListNode) -> None:
        while True:  # client-go recurses once per token; a loop says the same
            rest = self.rest()
            if rest.startswith("}"):
                self.pos += 1
                self.consume()
                self.parse_text(self.root)
                return
            if rest.startswith("[?("):
                self.parse_filter(cur)
                continue
            if rest.startswith(".."):
                self.parse_recursive(cur)
                continue
            char = self.next()
            if char == _EOF or char in "\r\n":
                raise JSONPathSyntaxError("unclosed action")
            if char in (" ", "@", "$"):
                self.consume()
            elif char == "[":
                self.parse_array(cur)
            elif char in "\"'":
                self.parse_quote(cur, char)
            elif char == ".":
                self.parse_field(cur)
            elif char in "+-" or _is_digit(char):
                self.backup()
                self.parse_number(cur)
            elif _is_alphanumeric(char):
                self.backup()
                self.parse_identifier(cur)
            else:
                raise JSONPathSyntaxError(f"unrecognized character in action: {quote_rune(char)}")

    def parse_identifier(self, cur: ListNode) -> None:
        while not _is_terminator(self.next()):
            pass
        self.backup()
        value = self.consume()
        if value in ("true", "false"):
            cur.nodes.append(BoolNode(value == "true"))
        else:
            cur.nodes.append(IdentifierNode(value))

    def parse_recursive(self, cur: ListNode) -> None:
        if cur.nodes and isinstance(cur.nodes[-1], RecursiveNode):
            raise JSONPathSyntaxError("invalid multiple recursive descent")
        self.pos += 2
        self.consume()
        cur.nodes.append(RecursiveNode())
        if _is_alphanumeric(self.peek()):
            self.parse_field(cur)

    def parse_number(self, cur: ListNode) -> None:
        if self.peek() in ("+", "-"):
            self.next()
        while True:
            char = self.next()
            if char != "." and not _is_digit(char):
                self.backup()
                break
        value = self.consume()
        integer = _atoi(value)
        if integer is not None:
            cur.nodes.append(IntNode(GoInt(integer)))
            return
        number = _parse_float(value)
        if number is None:
            raise JSONPathSyntaxError(f"cannot parse number {value}")
        cur.nodes.append(FloatNode(number))

    def parse_array(self, cur: ListNode) -> None:
        while True:
            char = self.next()
            if char in (_EOF, "\n"):
                raise JSONPathSyntaxError("unterminated array")
            if char == "]":
                break
        text = self.consume()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            cur.nodes.append(UnionNode([_parse_action(f"[{part.strip(' ')}]")
                                        for part in parts]))
            return
        key = _DICT_KEY.match(text)
        if key:
            cur.nodes.extend(_parse_action(f".{key.group(1)}").nodes)
            return
        match = _SLICE.match(text)
        if match is None:
            raise JSONPathSyntaxError(f"invalid array index {text}")
        groups = [group or "" for group in match.groups()]
        params = (Param(), Param(), Param())
        for index, group in enumerate(groups):
            param = params[index]
            if group:
                if index > 0:
                    group = group[1:]
                if index > 0 and not group:
                    param.known = False
                else:
                    param.known = True
                    number = _atoi(group)
                    if number is None:
                        raise JSONPathSyntaxError(f"array index {group} is not a number")
                    param.value = number
            elif index == 1:
                param.known, param.value, param.derived = True, params[0].value + 1, True
        cur.nodes.append(ArrayNode(params))

    def parse_filter(self, cur: ListNode) -> None:
        self.pos += 3
        self.consume()
        begin = end = False
        pair = ""
        while True:
            char = self.next()
            if char in (_EOF, "\n"):
                raise JSONPathSyntaxError("unterminated filter")
            if char in "\"'":
                if not begin:
                    begin, pair = True, char
                    continue
                if self.input[self.pos - 2] != "\\" and char == pair:
                    end = True
            elif char == ")" and begin == end:
                break
        if self.next() != "]":
            raise JSONPathSyntaxError("unclosed array expect ]")
        text = self.consume()[:-2]
        match = _FILTER.match(text)
        if match is None:
            cur.nodes.append(FilterNode(_parse_action(text), ListNode(), "exists"))
        else:
            cur.nodes.append(FilterNode(_parse_action(match.group(1)),
                                        _parse_action(match.group(3)), match.group(2)))

    def parse_quote(self, cur: ListNode, end: str) -> None:
        while True:
            char = self.next()
            if char in (_EOF, "\n"):
                raise JSONPathSyntaxError("unterminated quoted string")
            if char == end and self.input[self.pos - 2] != "\\":
                break
        value = self.consume()
        try:
            cur.nodes.append(TextNode(unquote_extend(value)))
        except ValueError as err:
            raise JSONPathSyntaxError(f"unquote string {value} error {err}") from None

    def parse_field(self, cur: ListNode) -> None:
        self.consume()
        while True:
            char = self.next()
            if char == "\\":
                self.next()
            elif _is_terminator(char):
                self.backup()
                break
        value = self.consume()
        cur.nodes.append(WildcardNode() if value == "*" else FieldNode(value.replace("\\", "")))


def _parse_action(text: str) -> ListNode:
    """client-go's ``parseAction``: ``{text}`` parsed on its own, its first action."""
    root = _Parser("{" + text + "}").parse()
    first = root.nodes[0]
    assert isinstance(first, ListNode)
    return first


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                   "\\": "\\"}


def unquote_extend(text: str) -> str:
    """client-go's ``UnquoteExtend``: ``strconv.Unquote`` that also takes single quotes.

    Raises ValueError("invalid syntax") as strconv does.
    """
    if len(text) < 2 or text[0] != text[-1] or text[0] not in "\"'":
        raise ValueError("invalid syntax")
    quote, body = text[0], text[1:-1]
    if "\\" not in body and quote not in body:
        return body
    out = bytearray()
    index = 0
    while index < len(body):
        char = body[index]
        if char == quote:
            raise ValueError("invalid syntax")
        if char != "\\":
            out += char.encode("utf-8", "surrogateescape")
            index += 1
            continue
        if index + 1 >= len(body):
            raise ValueError("invalid syntax")
        code = body[index + 1]
        index += 2
        if code in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[code].encode()
        elif code in "'\"":
            if code != quote:
                raise ValueError("invalid syntax")
            out += code.encode()
        elif code in "xuU":
            size = {"x": 2, "u": 4, "U": 8}[code]
            digits = body[index:index + size]
            if len(digits) < size or not re.fullmatch(r"[0-9a-fA-F]+", digits):
                raise ValueError("invalid syntax")
            index += size
            number = int(digits, 16)
            if code == "x":
                out.append(number)
            elif number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
                raise ValueError("invalid syntax")
            else:
                out += chr(number).encode()
        elif code in "01234567":
            digits = body[index - 1:index + 2]
            if len(digits) < 3 or not re.fullmatch(r"[0-7]{3}", digits) or int(digits, 8) > 255:
                raise ValueError("invalid syntax")
            index += 2
            out.append(int(digits, 8))
        else:
            raise ValueError("invalid syntax")
    return out.decode("utf-8", "surrogateescape")


def parse(template: str) -> ListNode:
    """Parse a JSONPath template; raises :class:`JSONPathSyntaxError` with client-go's text."""
    return _Parser(template).parse()


