"""Go's ``text/template/parse/lex.go``: the template as a stream of items."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..errors import UnsupportedTemplate
from ..gofmt import go_quote, quote_rune

NAME = "output"
KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "range", "nil",
             "template", "with"}
FUNCTIONS = {"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print",
              "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
              "exists", "base64decode"}
SPACE = " \t\r\n"


class ParseError(Exception):
    pass

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
        if self.typ in ("keyword", "dot", "nil"):  # Go counts . and nil among keywords
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


def is_alphanumeric(char: str) -> bool:
    return char == "_" or (char != "" and unicodedata.category(char)[0] == "L") or \
        (char != "" and unicodedata.category(char) == "Nd")


class Lexer:
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
        if len(rest) >= 2 and rest[0] in SPACE and rest[1] == "-" and rest[2:].startswith("}}"):
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
            if len(after) >= 2 and after[0] == "-" and after[1] in SPACE:
                text = self.input[self.start:self.pos]
                trim = len(text) - len(text.rstrip(SPACE))
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
        trim = len(rest) >= 2 and rest[0] == "-" and rest[1] in SPACE
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
            self.pos += len(rest) - len(rest.lstrip(SPACE))
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
            self.pos += len(rest) - len(rest.lstrip(SPACE))
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
        elif char in SPACE:
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
        elif is_alphanumeric(char):
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
            self.error(f"unrecognized character in action: {quote_rune(char)}")

    def lex_space(self) -> None:
        spaces = 0
        while self.peek() in SPACE and self.peek() != "":
            self.next()
            spaces += 1
        rest = self.input[self.pos - 1:]
        if len(rest) >= 2 and rest[0] in SPACE and rest[1] == "-" and \
                rest[2:].startswith("}}"):
            self.backup()
            if spaces == 1:
                self.lex_right_delim()
                return
        self.emit("space")

    def lex_identifier(self) -> None:
        while True:
            char = self.next()
            if not is_alphanumeric(char):
                self.backup()
                word = self.input[self.start:self.pos]
                if not self.at_terminator():
                    self.error(f"bad character {quote_rune(char)}")
                elif word in KEYWORDS:
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
            if not is_alphanumeric(char):
                self.backup()
                break
        if not self.at_terminator():
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
        if is_alphanumeric(self.peek()):
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
