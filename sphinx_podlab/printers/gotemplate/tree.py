"""Go's ``text/template/parse``: the nodes (node.go) and the parser (parse.go)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import PrinterError, UnsupportedTemplate
from ..gofmt import go_quote
from .lex import FUNCTIONS, NAME, Item, Lexer, ParseError
from .values import GoInt

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
        self.items = Lexer(text).run()
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
        raise ParseError(f"template: {NAME}:{self.token_line}: {message}")

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
            if token.val not in FUNCTIONS:
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
        from ..jsonpath import unquote_extend

        try:
            return unquote_extend(quoted)
        except ValueError:
            self.errorf("invalid syntax")
            raise AssertionError from None


def parse(template: str) -> ListNode:
    try:
        return _Parser(template).parse()
    except ParseError as err:
        raise PrinterError(f"error parsing template {template}, {err}") from None
