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

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import PrinterError, UnsupportedTemplate
from .gofmt import decode_json, go_json, go_quote, sprint

NAME = "output"
_KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "range", "nil",
             "template", "with"}
_FUNCTIONS = {"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print",
              "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
              "exists", "base64decode"}
_SPACE = " \t\r\n"


class _ParseError(Exception):
    pass


class GoInt(int):
    """A number written in the template: Go ``int`` (the object's numbers are ``int64``)."""


# -- lexer (text/template/parse/lex.go) -------------------------------------------------------

@dataclass
class Item:
    typ: str  # "text", "{{", "}}", "field", "identifier", "keyword", "string", ...
    pos: int
    val: str
    line: int

    def __str__(self) -> str:
        if self.typ == "eof":
            return "EOF"
        if self.typ == "error":
            return self.val
        if self.typ == "keyword":
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


def _is_alphanumeric(char: str) -> bool:
    return char == "_" or (char != "" and unicodedata.category(char)[0] == "L") or \
        (char != "" and unicodedata.category(char) == "Nd")


class _Lexer:
    def __init__(self, text: str) -> None:
        self.input = text
        self.pos = self.start = 0
        self.line = self.start_line = 1
        self.inside = False
        self.paren_depth = 0
        self.items: list[Item] = []
        self.done = False
        self.at_eof = False  # sticky, as in Go: no backing up once the end was read

    def next(self) -> str:
        if self.pos >= len(self.input):
            self.at_eof = True
            return ""
        char = self.input[self.pos]
        self.pos += 1
        if char == "\n":
            self.line += 1
        return char

    def backup(self) -> None:
        if not self.at_eof and self.pos > 0:
            self.pos -= 1
            if self.input[self.pos] == "\n":
                self.line -= 1

    def peek(self) -> str:
        char = self.next()
        self.backup()
        return char

    def emit(self, typ: str) -> None:
        self.items.append(Item(typ, self.start, self.input[self.start:self.pos], self.start_line))
        self.start = self.pos
        self.start_line = self.line

    def ignore(self) -> None:
        self.line += self.input[self.start:self.pos].count("\n")
        self.start = self.pos
        self.start_line = self.line

    def error(self, message: str) -> None:
        self.items.append(Item("error", self.start, message, self.start_line))
        self.done = True

    def accept(self, valid: str) -> bool:
        char = self.next()
        if char and char in valid:
            return True
        self.backup()
        return False

    def accept_run(self, valid: str) -> None:
        while self.accept(valid):
            pass

    def at_right_delim(self) -> tuple[bool, bool]:
        rest = self.input[self.pos:]
        if len(rest) >= 2 and rest[0] in _SPACE and rest[1] == "-" and rest[2:].startswith("}}"):
            return True, True
        return rest.startswith("}}"), False

    def at_terminator(self) -> bool:
        char = self.peek()
        if char in (" ", "\t", "\r", "\n", "", ".", ",", "|", ":", ")", "("):
            return True
        return self.input[self.pos:].startswith("}}")

    def run(self) -> list[Item]:
        while not self.done:
            if self.inside:
                self.lex_inside_action()
            else:
                self.lex_text()
        return self.items

    def lex_text(self) -> None:
        index = self.input.find("{{", self.pos)
        if index < 0:
            self.pos = len(self.input)
            if self.pos > self.start:
                self.line += self.input[self.start:self.pos].count("\n")
                self.emit("text")
            self.emit("eof")
            self.done = True
            return
        if index > self.pos:
            self.pos = index
            trim = 0
            after = self.input[index + 2:]
            if len(after) >= 2 and after[0] == "-" and after[1] in _SPACE:
                text = self.input[self.start:self.pos]
                trim = len(text) - len(text.rstrip(_SPACE))
            self.pos -= trim
            self.line += self.input[self.start:self.pos].count("\n")
            item = Item("text", self.start, self.input[self.start:self.pos], self.start_line)
            self.start = self.pos
            self.start_line = self.line
            self.pos += trim
            self.ignore()
            if item.val:
                self.items.append(item)
        self.lex_left_delim()

    def lex_left_delim(self) -> None:
        self.pos += 2
        rest = self.input[self.pos:]
        trim = len(rest) >= 2 and rest[0] == "-" and rest[1] in _SPACE
        after = 2 if trim else 0
        if self.input[self.pos + after:].startswith("/*"):
            self.pos += after
            self.ignore()
            self.lex_comment()
            return
        item = Item("{{", self.start, self.input[self.start:self.pos], self.start_line)
        self.start = self.pos
        self.start_line = self.line
        self.inside = True
        self.pos += after
        self.ignore()
        self.paren_depth = 0
        self.items.append(item)

    def lex_comment(self) -> None:
        self.pos += 2
        index = self.input.find("*/", self.pos)
        if index < 0:
            self.error("unclosed comment")
            return
        self.pos = index + 2
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
            return
        self.line += self.input[self.start:self.pos].count("\n")
        self.start = self.pos
        self.start_line = self.line
        if trim:
            self.pos += 2
        self.pos += 2
        if trim:
            rest = self.input[self.pos:]
            self.pos += len(rest) - len(rest.lstrip(_SPACE))
        self.ignore()

    def lex_right_delim(self) -> None:
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += 2
        self.emit("}}")
        if trim:
            rest = self.input[self.pos:]
            self.pos += len(rest) - len(rest.lstrip(_SPACE))
            self.ignore()
        self.inside = False

    def lex_inside_action(self) -> None:
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                self.lex_right_delim()
            else:
                self.error("unclosed left paren")
            return
        char = self.next()
        if char == "":
            self.error("unclosed action")
        elif char in _SPACE:
            self.backup()
            self.lex_space()
        elif char == "=":
            self.emit("assign")
        elif char == ":":
            if self.next() != "=":
                self.error("expected :=")
            else:
                self.emit("declare")
        elif char == "|":
            self.emit("pipe")
        elif char == '"':
            self.lex_quote()
        elif char == "`":
            self.lex_raw_quote()
        elif char == "$":
            self.lex_variable()
        elif char == "'":
            self.lex_char()
        elif char == "." and self.pos < len(self.input) and \
                not "0" <= self.input[self.pos] <= "9":
            self.lex_field_or_variable("field")
        elif char in "+-." or "0" <= char <= "9":
            self.backup()
            self.lex_number()
        elif _is_alphanumeric(char):
            self.backup()
            self.lex_identifier()
        elif char == "(":
            self.paren_depth += 1
            self.emit("(")
        elif char == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.error("unexpected right paren")
            else:
                self.emit(")")
        elif ord(char) < 0x80 and char.isprintable():
            self.emit("char")
        else:
            from .gofmt import quote_rune

            self.error(f"unrecognized character in action: {quote_rune(char)}")

    def lex_space(self) -> None:
        spaces = 0
        while self.peek() in _SPACE and self.peek() != "":
            self.next()
            spaces += 1
        rest = self.input[self.pos - 1:]
        if len(rest) >= 2 and rest[0] in _SPACE and rest[1] == "-" and \
                rest[2:].startswith("}}"):
            self.backup()
            if spaces == 1:
                self.lex_right_delim()
                return
        self.emit("space")

    def lex_identifier(self) -> None:
        while True:
            char = self.next()
            if not _is_alphanumeric(char):
                self.backup()
                word = self.input[self.start:self.pos]
                if not self.at_terminator():
                    from .gofmt import quote_rune

                    self.error(f"bad character {quote_rune(char)}")
                elif word in _KEYWORDS:
                    self.emit("nil" if word == "nil" else "keyword")
                elif word in ("true", "false"):
                    self.emit("bool")
                else:
                    self.emit("identifier")
                return

    def lex_variable(self) -> None:
        if self.at_terminator():
            self.emit("variable")
            return
        self.lex_field_or_variable("variable")

    def lex_field_or_variable(self, typ: str) -> None:
        if self.at_terminator():
            self.emit("variable" if typ == "variable" else "dot")
            return
        while True:
            char = self.next()
            if not _is_alphanumeric(char):
                self.backup()
                break
        if not self.at_terminator():
            from .gofmt import quote_rune

            self.error(f"bad character {quote_rune(char)}")
            return
        self.emit(typ)

    def lex_char(self) -> None:
        raise UnsupportedTemplate("character constants ('x') in a go-template")

    def lex_number(self) -> None:
        if not self.scan_number():
            self.error(f"bad number syntax: {go_quote(self.input[self.start:self.pos])}")
            return
        if self.peek() in ("+", "-"):
            raise UnsupportedTemplate("complex numbers in a go-template")
        self.emit("number")

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if _is_alphanumeric(self.peek()):
            self.next()
            return False
        return True

    def lex_quote(self) -> None:
        while True:
            char = self.next()
            if char == "\\":
                char = self.next()
                if char not in ("", "\n"):
                    continue
            if char in ("", "\n"):
                self.error("unterminated quoted string")
                return
            if char == '"':
                break
        self.emit("string")

    def lex_raw_quote(self) -> None:
        while True:
            char = self.next()
            if char == "":
                self.error("unterminated raw quoted string")
                return
            if char == "`":
                break
        self.emit("rawstring")


# -- the parse tree (text/template/parse/node.go) ---------------------------------------------

@dataclass
class Text:
    pos: int
    text: str


@dataclass
class Field:
    pos: int
    ident: list[str]

    def __str__(self) -> str:
        return "".join("." + name for name in self.ident)


@dataclass
class Variable:
    pos: int
    ident: list[str]

    def __str__(self) -> str:
        return ".".join(self.ident)


@dataclass
class Identifier:
    pos: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Dot:
    pos: int

    def __str__(self) -> str:
        return "."


@dataclass
class Nil:
    pos: int

    def __str__(self) -> str:
        return "nil"


@dataclass
class Bool:
    pos: int
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass
class Number:
    pos: int
    text: str
    value: int | float

    def __str__(self) -> str:
        return self.text


@dataclass
class String:
    pos: int
    quoted: str
    text: str

    def __str__(self) -> str:
        return self.quoted


@dataclass
class Chain:
    pos: int
    node: Any
    fields: list[str]

    def __str__(self) -> str:
        head = f"({self.node})" if isinstance(self.node, Pipe) else str(self.node)
        return head + "".join("." + name for name in self.fields)


@dataclass
class Command:
    pos: int
    args: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(f"({arg})" if isinstance(arg, Pipe) else str(arg) for arg in self.args)


@dataclass
class Pipe:
    pos: int
    line: int
    decl: list[Variable] = field(default_factory=list)
    is_assign: bool = False
    cmds: list[Command] = field(default_factory=list)

    def __str__(self) -> str:
        head = ""
        if self.decl:
            head = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ")
        return head + " | ".join(str(cmd) for cmd in self.cmds)


@dataclass
class Action:
    pos: int
    pipe: Pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass
class ListNode:
    pos: int
    nodes: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        return "".join(_node_text(node) for node in self.nodes)


@dataclass
class Branch:
    kind: str  # "if", "range", "with"
    pos: int
    pipe: Pipe
    body: ListNode
    else_body: ListNode | None

    def __str__(self) -> str:
        text = "{{" + self.kind + " " + str(self.pipe) + "}}" + str(self.body)
        if self.else_body is not None:
            text += "{{else}}" + str(self.else_body)
        return text + "{{end}}"


@dataclass
class Control:
    kind: str  # "end", "else", "break", "continue"
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{" + self.kind + "}}"


def _node_text(node: Any) -> str:
    return node.text if isinstance(node, Text) else str(node)


# -- parser (text/template/parse/parse.go) ------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items = _Lexer(text).run()
        self.index = 0
        self.vars = ["$"]
        self.range_depth = 0
        self.action_line = 0
        self.token_line = 1

    # token stream
    def next(self) -> Item:
        item = self.items[self.index] if self.index < len(self.items) else self.items[-1]
        self.index += 1
        self.token_line = item.line
        return item

    def backup(self, count: int = 1) -> None:
        self.index -= count

    def peek(self) -> Item:
        item = self.next()
        self.backup()
        return item

    def next_non_space(self) -> Item:
        item = self.next()
        while item.typ == "space":
            item = self.next()
        return item

    def peek_non_space(self) -> Item:
        item = self.next_non_space()
        self.backup()
        return item

    def errorf(self, message: str) -> None:
        raise _ParseError(f"template: {NAME}:{self.token_line}: {message}")

    def unexpected(self, item: Item, context: str) -> None:
        if item.typ == "error":
            extra = ""
            if self.action_line and self.action_line != item.line:
                extra = f" in action started at {NAME}:{self.action_line}"
                if item.val.endswith(" action"):
                    extra = extra[len(" in action"):]
            self.errorf(f"{item}{extra}")
        self.errorf(f"unexpected {item} in {context}")

    def expect(self, typ: str, context: str) -> Item:
        item = self.next_non_space()
        if item.typ != typ:
            self.unexpected(item, context)
        return item

    # grammar
    def parse(self) -> ListNode:
        root = ListNode(self.peek().pos)
        while self.peek().typ != "eof":
            if self.peek().typ == "{{":
                saved = self.index
                self.next()
                keyword = self.next_non_space()
                if keyword.typ == "keyword" and keyword.val == "define":
                    raise UnsupportedTemplate("{{define}} in a go-template")
                self.index = saved
            node = self.text_or_action()
            if isinstance(node, Control) and node.kind in ("end", "else"):
                self.errorf(f"unexpected {node}")
            root.nodes.append(node)
        return root

    def item_list(self) -> tuple[ListNode, Any]:
        nodes = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().typ != "eof":
            node = self.text_or_action()
            if isinstance(node, Control) and node.kind in ("end", "else"):
                return nodes, node
            nodes.nodes.append(node)
        self.errorf("unexpected EOF")
        raise AssertionError

    def text_or_action(self) -> Any:
        token = self.next_non_space()
        if token.typ == "text":
            return Text(token.pos, token.val)
        if token.typ == "{{":
            self.action_line = token.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        self.unexpected(token, "input")

    def action(self) -> Any:
        token = self.next_non_space()
        if token.typ == "keyword":
            word = token.val
            if word in ("block", "template", "define"):
                raise UnsupportedTemplate(f"{{{{{word}}}}} in a go-template")
            if word in ("break", "continue"):
                after = self.next_non_space()
                if after.typ != "}}":
                    self.unexpected(after, "{{" + word + "}}")
                if self.range_depth == 0:
                    self.errorf(f"{{{{{word}}}}} outside {{{{range}}}}")
                return Control(word, token.pos, token.line)
            if word == "else":
                peek = self.peek_non_space()
                if peek.typ == "keyword" and peek.val in ("if", "with"):
                    return Control("else", peek.pos, peek.line)
                end = self.expect("}}", "else")
                return Control("else", end.pos, end.line)
            if word == "end":
                return Control("end", self.expect("}}", "end").pos, token.line)
            if word in ("if", "range", "with"):
                return self.control(word)
        self.backup()
        token = self.peek()
        return Action(token.pos, self.pipeline("command", "}}"))

    def control(self, context: str) -> Branch:
        mark = len(self.vars)
        try:
            pipe = self.pipeline(context, "}}")
            if context == "range":
                self.range_depth += 1
            body, end = self.item_list()
            if context == "range":
                self.range_depth -= 1
            else_body = None
            if end.kind == "else":
                follow = self.peek()
                if context in ("if", "with") and follow.typ == "keyword" and \
                        follow.val == context:
                    self.next()
                    else_body = ListNode(end.pos, [self.control(context)])
                else:
                    else_body, end = self.item_list()
                    if end.kind != "end":
                        self.errorf(f"expected end; found {end}")
            return Branch(context, pipe.pos, pipe, body, else_body)
        finally:
            del self.vars[mark:]

    def pipeline(self, context: str, end: str) -> Pipe:
        token = self.peek_non_space()
        pipe = Pipe(token.pos, token.line)
        while True:  # declarations
            var = self.peek_non_space()
            if var.typ != "variable":
                break
            saved = self.index
            self.next_non_space()
            following = self.peek_non_space()
            if following.typ in ("assign", "declare"):
                pipe.is_assign = following.typ == "assign"
                self.next_non_space()
                pipe.decl.append(Variable(var.pos, var.val.split(".")))
                self.vars.append(var.val)
            elif following.typ == "char" and following.val == ",":
                self.next_non_space()
                pipe.decl.append(Variable(var.pos, var.val.split(".")))
                self.vars.append(var.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in ("variable", "}}", ")"):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            else:
                self.index = saved  # not a declaration: read the variable again
            break
        while True:
            token = self.next_non_space()
            if token.typ == end:
                if not pipe.cmds:
                    self.errorf(f"missing value for {context}")
                for number, cmd in enumerate(pipe.cmds[1:], start=2):
                    if isinstance(cmd.args[0], Bool | Dot | Nil | Number | String):
                        self.errorf(f"non executable command in pipeline stage {number}")
                return pipe
            if token.typ in ("bool", "dot", "field", "identifier", "number", "nil", "rawstring",
                             "string", "variable", "("):
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(token, context)

    def command(self) -> Command:
        cmd = Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            token = self.next()
            if token.typ == "space":
                continue
            if token.typ in ("}}", ")"):
                self.backup()
            elif token.typ != "pipe":
                self.unexpected(token, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self) -> Any:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == "field":
            pos = self.peek().pos
            fields = []
            while self.peek().typ == "field":
                fields.append(self.next().val)
            chain = Chain(pos, node, [name[1:] for name in fields])
            if isinstance(node, Field):
                return Field(pos, [*node.ident, *chain.fields])
            if isinstance(node, Variable):
                return Variable(pos, [*node.ident, *chain.fields])
            if isinstance(node, Bool | String | Number | Nil | Dot):
                self.errorf(f"unexpected . after term {go_quote(str(node))}")
            return chain
        return node

    def term(self) -> Any:
        token = self.next_non_space()
        typ = token.typ
        if typ == "identifier":
            if token.val not in _FUNCTIONS:
                self.errorf(f"function {go_quote(token.val)} not defined")
            return Identifier(token.pos, token.val)
        if typ == "dot":
            return Dot(token.pos)
        if typ == "nil":
            return Nil(token.pos)
        if typ == "variable":
            name = token.val.split(".")[0]
            if name not in self.vars:
                self.errorf(f"undefined variable {go_quote(name)}")
            return Variable(token.pos, token.val.split("."))
        if typ == "field":
            return Field(token.pos, token.val[1:].split("."))
        if typ == "bool":
            return Bool(token.pos, token.val == "true")
        if typ == "number":
            return Number(token.pos, token.val, self.number(token.val))
        if typ == "(":
            return self.pipeline("parenthesized pipeline", ")")
        if typ in ("string", "rawstring"):
            return String(token.pos, token.val, self.unquote(token.val))
        self.backup()
        return None

    def number(self, text: str) -> int | float:
        integer = re.fullmatch(r"([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*"
                               r"|[1-9][0-9_]*)", text)
        if integer and "__" not in text and not text.endswith("_"):
            sign, digits = integer.groups()
            value = int(digits, 8) if re.fullmatch(r"0[0-7_]+", digits) else int(digits, 0)
            if not -(2**63) <= value < 2**63:
                raise UnsupportedTemplate(f"the number {text} in a go-template")
            return GoInt(-value if sign == "-" else value)
        if re.fullmatch(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?[0-9]+[eE][+-]?"
                        r"[0-9]+", text):
            return float(text)
        raise UnsupportedTemplate(f"the number {text} in a go-template")

    def unquote(self, quoted: str) -> str:
        if quoted.startswith("`"):
            return quoted[1:-1].replace("\r", "")
        from .jsonpath import unquote_extend

        try:
            return unquote_extend(quoted)
        except ValueError:
            self.errorf("invalid syntax")
            raise AssertionError from None


def parse(template: str) -> ListNode:
    try:
        return _Parser(template).parse()
    except _ParseError as err:
        raise PrinterError(f"error parsing template {template}, {err}") from None


# -- execution (text/template/exec.go) ----------------------------------------------------------


class _NoValue:
    """An invalid ``reflect.Value``: a missing key; prints ``<no value>``."""


NO_VALUE = _NoValue()


class _ExecError(Exception):
    pass


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _type(value: Any) -> str:
    from .gofmt import type_name

    return "int" if isinstance(value, GoInt) else type_name(value)


def _truth(value: Any) -> bool:
    if value is NO_VALUE or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return len(value) > 0
    return len(value) > 0


class _State:
    def __init__(self, source: str, root: Any) -> None:
        self.source = source
        self.vars: list[tuple[str, Any, bool]] = [("$", root, True)]
        self.dot_concrete = True
        self.node: Any = None
        self.out: list[str] = []

    def errorf(self, message: str) -> None:
        if self.node is None:
            raise _ExecError(f"template: {NAME}: {message}")
        before = self.source[:self.node.pos]
        line = before.count("\n") + 1
        column = len(before[before.rfind("\n") + 1:].encode()) if "\n" in before \
            else len(before.encode())
        raise _ExecError(f"template: {NAME}:{line}:{column}: executing {go_quote(NAME)} at "
                         f"<{self.node}>: {message}")

    def walk(self, dot: Any, node: Any, concrete: bool = True) -> None:
        """``concrete``: whether dot is a value of its own type (the root, a ``with``'s
        value) or one held in an ``interface{}`` (a list item or map value), which only
        an error message shows."""
        self.node = node
        self.dot_concrete = concrete
        if isinstance(node, Text):
            self.out.append(node.text)
        elif isinstance(node, Action):
            value = self.pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.node = node
                self.out.append("<no value>" if value is NO_VALUE else sprint(value))
        elif isinstance(node, ListNode):
            for child in node.nodes:
                self.walk(dot, child, concrete)
        elif isinstance(node, Branch):
            if node.kind == "range":
                self.walk_range(dot, node, concrete)
            else:
                mark = len(self.vars)
                value = self.pipeline(dot, node.pipe)
                if _truth(value):
                    if node.kind == "with":
                        self.walk(value, node.body, True)
                    else:
                        self.walk(dot, node.body, concrete)
                elif node.else_body is not None:
                    self.walk(dot, node.else_body, concrete)
                del self.vars[mark:]
        elif isinstance(node, Control):
            raise _Break() if node.kind == "break" else _Continue()

    def walk_range(self, dot: Any, node: Branch, concrete: bool) -> None:
        mark = len(self.vars)
        value = self.pipeline(dot, node.pipe)
        if isinstance(value, list):
            pairs: list[tuple[Any, Any]] = list(enumerate(value))
        elif isinstance(value, dict):
            pairs = [(key, value[key]) for key in sorted(value)]
        elif value is NO_VALUE or value is None:
            pairs = []
        elif isinstance(value, int) and not isinstance(value, bool):
            if len(node.pipe.decl) > 1:
                self.errorf(f"can't use {value} to iterate over more than one variable")
            pairs = [(NO_VALUE, index) for index in range(value)]
        else:
            self.errorf(f"range can't iterate over {sprint(value)}")
        inner = len(self.vars)
        elem_concrete = isinstance(value, int)  # ints range over ints; lists and maps hold
        try:
            for index, elem in pairs:
                decl = node.pipe.decl
                if decl:
                    if node.pipe.is_assign:
                        raise UnsupportedTemplate("range with = assignments in a go-template")
                    self.vars[inner - 1] = (self.vars[inner - 1][0], elem, elem_concrete)
                    if len(decl) > 1:
                        self.vars[inner - 2] = (self.vars[inner - 2][0], index, True)
                try:
                    self.walk(elem, node.body, elem_concrete)
                except _Continue:
                    pass
                finally:
                    del self.vars[inner:]
        except _Break:
            pass
        if not pairs and node.else_body is not None:
            self.walk(dot, node.else_body, concrete)
        del self.vars[mark:]

    def pipeline(self, dot: Any, pipe: Pipe) -> Any:
        self.node = pipe
        value: Any = _MISSING
        for cmd in pipe.cmds:
            value = self.command(dot, cmd, value)
            if value is None:  # Go takes the value out of its interface{}: nothing
                value = NO_VALUE
        for variable in pipe.decl:
            if pipe.is_assign:
                self.set_var(variable.ident[0], value)
            else:
                self.vars.append((variable.ident[0], value, True))
        return value

    def set_var(self, name: str, value: Any) -> None:
        for index in range(len(self.vars) - 1, -1, -1):
            if self.vars[index][0] == name:
                self.vars[index] = (name, value, True)
                return
        self.errorf(f"undefined variable: {name}")

    def var(self, name: str) -> tuple[Any, bool]:
        for var_name, value, concrete in reversed(self.vars):
            if var_name == name:
                return value, concrete
        self.errorf(f"undefined variable: {name}")
        raise AssertionError

    def not_a_function(self, args: list[Any], final: Any) -> None:
        if len(args) > 1 or final is not _MISSING:
            self.errorf(f"can't give argument to non-function {args[0]}")

    def command(self, dot: Any, cmd: Command, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, Field):
            self.node = first
            return self.field_chain(dot, self.dot_concrete, first.ident, cmd.args, final)
        if isinstance(first, Chain):
            self.node = first
            if isinstance(first.node, Nil):
                self.errorf(f"indirection through explicit nil in {first}")
            return self.field_chain(self.arg(dot, first.node), True, first.fields, cmd.args,
                                    final)
        if isinstance(first, Identifier):
            return self.function(dot, first, cmd, cmd.args, final)
        if isinstance(first, Pipe):
            self.not_a_function(cmd.args, final)
            return self.pipeline(dot, first)
        if isinstance(first, Variable):
            self.node = first
            value, concrete = self.var(first.ident[0])
            if len(first.ident) == 1:
                self.not_a_function(cmd.args, final)
                return value
            return self.field_chain(value, concrete, first.ident[1:], cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if isinstance(first, Bool):
            return first.value
        if isinstance(first, Dot):
            return dot
        if isinstance(first, Nil):
            self.errorf("nil is not a command")
        if isinstance(first, Number):
            return first.value
        if isinstance(first, String):
            return first.text
        raise UnsupportedTemplate(f"the command {first} in a go-template")

    def field_chain(self, receiver: Any, concrete: bool, names: list[str], args: list[Any],
                    final: Any) -> Any:
        for name in names[:-1]:
            receiver = self.field(name, receiver, concrete, [], _MISSING)
            concrete = False  # a map's values are held in interface{}
        return self.field(names[-1], receiver, concrete, args, final)

    def field(self, name: str, receiver: Any, concrete: bool, args: list[Any],
              final: Any) -> Any:
        if receiver is NO_VALUE:
            return NO_VALUE
        if receiver is None:
            self.errorf(f"nil pointer evaluating interface {{}}.{name}")
        if isinstance(receiver, dict):
            if len(args) > 1 or final is not _MISSING:
                self.errorf(f"{name} is not a method but has arguments")
            return receiver.get(name, NO_VALUE)
        shown = _type(receiver) if concrete else "interface {}"
        self.errorf(f"can't evaluate field {name} in type {shown}")

    def arg(self, dot: Any, node: Any) -> Any:
        """An argument as a value (``evalArg`` with an ``interface{}`` or reflect.Value type)."""
        self.node = node
        if isinstance(node, Dot):
            return dot
        if isinstance(node, Nil):
            return None
        if isinstance(node, Field):
            return self.field_chain(dot, self.dot_concrete, node.ident, [node], _MISSING)
        if isinstance(node, Variable):
            value, concrete = self.var(node.ident[0])
            return value if len(node.ident) == 1 else \
                self.field_chain(value, concrete, node.ident[1:], [], _MISSING)
        if isinstance(node, Pipe):
            return self.pipeline(dot, node)
        if isinstance(node, Identifier):
            return self.function(dot, node, node, [node], _MISSING)
        if isinstance(node, Chain):
            return self.field_chain(self.arg(dot, node.node), True, node.fields, [], _MISSING)
        if isinstance(node, Bool):
            return node.value
        if isinstance(node, Number):
            return node.value
        if isinstance(node, String):
            return node.text
        raise UnsupportedTemplate(f"the argument {node} in a go-template")

    def function(self, dot: Any, node: Identifier, cmd: Any, args: list[Any],
                 final: Any) -> Any:
        self.node = node
        name = node.name
        arg_nodes = args[1:]
        if name in ("and", "or"):
            value: Any = NO_VALUE
            if not arg_nodes and final is _MISSING:
                self.errorf(f"wrong number of args for {name}: want at least 1 got 0")
            for arg_node in arg_nodes:
                value = self.arg(dot, arg_node)
                if _truth(value) == (name == "or"):
                    return value
            if final is not _MISSING:
                value = final
            return value
        values = [self.arg(dot, arg_node) for arg_node in arg_nodes]
        if final is not _MISSING:
            values.append(final)
        implementation = _BUILTINS.get(name)
        if implementation is None:
            raise UnsupportedTemplate(f"the function {name} in a go-template")
        arity, call = implementation
        if arity >= 0 and len(values) != arity:
            self.errorf(f"wrong number of args for {name}: want {arity} got {len(values)}")
        if arity < 0 and len(values) < -arity - 1:
            self.errorf(f"wrong number of args for {name}: want at least {-arity - 1} got "
                        f"{len(arg_nodes)}")
        if name == "base64decode":
            values = [self.string_arg(values[0], arg_nodes, final)]
        elif name == "printf":
            values = [self.string_arg(values[0], arg_nodes, final), *values[1:]]
        try:
            return call(*values)
        except _CallError as err:
            self.node = cmd
            self.errorf(f"error calling {name}: {err}")

    def string_arg(self, value: Any, arg_nodes: list[Any], final: Any) -> str:
        if isinstance(value, str):
            return value
        if value is NO_VALUE:
            self.errorf("invalid value; expected string")
        if arg_nodes and isinstance(arg_nodes[0], Number | Bool):
            self.errorf(f"expected string; found {arg_nodes[0]}")
        shown = "interface {}" if value is None else _type(value)
        self.errorf(f"wrong type for value; expected string; got {shown}")
        raise AssertionError


_MISSING = object()


class _CallError(Exception):
    pass


def _index(item: Any, *indexes: Any) -> Any:
    if item is NO_VALUE or item is None:
        raise _CallError("index of untyped nil")
    for index in indexes:
        if item is None or item is NO_VALUE:
            raise _CallError("index of nil pointer")
        if isinstance(item, list | str):
            sequence: Any = item.encode() if isinstance(item, str) else item
            if index is NO_VALUE or index is None:
                raise _CallError("cannot index slice/array with nil")
            if not isinstance(index, int) or isinstance(index, bool):
                raise _CallError(f"cannot index slice/array with type {_type(index)}")
            if index < 0 or index > len(sequence):
                raise _CallError(f"index out of range: {index}")
            if index == len(sequence):
                raise _CallError("reflect: slice index out of range")
            item = sequence[index]
        elif isinstance(item, dict):
            if index is NO_VALUE or index is None:
                raise _CallError("value is nil; should be of type string")
            if not isinstance(index, str):
                raise _CallError(f"value has type {_type(index)}; should be string")
            item = item.get(index, NO_VALUE)
        else:
            raise _CallError(f"can't index item of type {_type(item)}")
    return item


def _len(item: Any) -> int:
    if item is None:
        raise _CallError("len of nil pointer")
    if item is NO_VALUE:
        raise UnsupportedTemplate("len of a missing key (kubectl reports a reflect error)")
    if isinstance(item, str):
        return len(item.encode())
    if isinstance(item, list | dict):
        return len(item)
    raise _CallError(f"len of type {_type(item)}")


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
    return "int" if isinstance(value, int) and not isinstance(value, bool) else _type(value)


def _eq(first: Any, *others: Any) -> bool:
    if not others:
        raise _CallError("missing argument for comparison")
    first_kind = _kind(first)
    for other in others:
        other_kind = _kind(other)
        if first_kind != other_kind:
            if first not in (None, NO_VALUE) and other not in (None, NO_VALUE):
                raise _CallError(f"incompatible types for comparison: {_type(first)} and "
                                 f"{_type(other)}")
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
        raise _CallError("invalid type for comparison")
    if first_kind != second_kind:
        raise _CallError(f"incompatible types for comparison: {_type(first)} and "
                         f"{_type(second)}")
    if first_kind == _BOOL:
        raise _CallError("invalid type for comparison")
    return bool(first < second)


def _base64decode(text: str) -> str:
    """kubectl's ``base64decode``: ``base64.StdEncoding.DecodeString``."""
    decoded, corrupt_at = _go_base64(text.encode("utf-8", "surrogateescape"))
    if corrupt_at is not None:
        raise _CallError(f"base64 decode failed: illegal base64 data at input byte {corrupt_at}")
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
        return f"%!{verb}({_type(value)}={sprint(value)})"  # fmt's report of a wrong verb
    raise UnsupportedTemplate(f"printf %{verb} of a {_type(value)} in a go-template")


_BUILTINS: dict[str, tuple[int, Callable[..., Any]]] = {
    "index": (-2, _index),
    "len": (1, _len),
    "not": (1, lambda value: not _truth(value)),
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


# -- the printer ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoTemplatePrinter:
    template: str
    tree: ListNode

    @classmethod
    def parse(cls, template: str) -> GoTemplatePrinter:
        if not template:
            raise PrinterError("template format specified but no template given")
        return cls(template, parse(template))

    def print(self, obj: Any) -> str:
        raw = go_json(obj)
        data = decode_json(raw)
        state = _State(self.template, data)
        try:
            state.walk(data, self.tree)
        except _ExecError as err:
            notes = (f"Error executing template: {err}. Printing more information for "
                     "debugging the template:\n"
                     f"\ttemplate was:\n\t\t{self.template}\n"
                     f"\traw data was:\n\t\t{raw}\n"
                     f"\tobject given to template engine was:\n\t\t{sprint(data)}\n\n")
            raise PrinterError(f"error executing template {go_quote(self.template)}: {err}",
                               stdout="".join(state.out) + notes) from None
        return "".join(state.out)
