"""The AST of a command line (what ``syntax.parse_script`` returns).

Offsets are indices into the line's text (``Script.source``), for messages with columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from .source import Source

Connector = TypingLiteral["&&", "||"]


@dataclass(frozen=True)
class Literal:
    text: str


@dataclass(frozen=True)
class Parameter:
    """``$NAME`` or ``${NAME}``."""

    name: str
    quoted: bool  # inside double quotes: never split
    offset: int


@dataclass(frozen=True)
class CommandSubstitution:
    """``$(...)``: the stdout of the inner script, trailing newlines removed."""

    script: Script
    quoted: bool
    offset: int
    source: str  # "$(...)" as typed


WordPart = Literal | Parameter | CommandSubstitution


@dataclass(frozen=True)
class Word:
    parts: tuple[WordPart, ...]
    source: str  # as typed, quotes included
    offset: int
    quoted: bool  # any quoting in it: a quoted empty word ("" or '') stays a word

    def literal(self) -> str | None:
        """The word's value when it has no expansions."""
        if all(isinstance(part, Literal) for part in self.parts):
            return "".join(part.text for part in self.parts if isinstance(part, Literal))
        return None


@dataclass(frozen=True)
class Assignment:
    """``NAME=value`` (the value is one word: never split, as POSIX assigns)."""

    name: str
    value: Word
    offset: int


@dataclass(frozen=True)
class SimpleCommand:
    assignments: tuple[Assignment, ...]
    words: tuple[Word, ...]
    offset: int


@dataclass(frozen=True)
class Pipeline:
    """``A | B | C``; its exit status is the last command's (no pipefail)."""

    commands: tuple[SimpleCommand, ...]


@dataclass(frozen=True)
class AndOr:
    """``A && B || C``: each pipeline after a connector runs depending on the status so far."""

    first: Pipeline
    rest: tuple[tuple[Connector, Pipeline], ...]


@dataclass(frozen=True)
class ListItem:
    command: AndOr
    background_at: int | None = None  # the offset of the '&' that ends it, if one does

    @property
    def background(self) -> bool:
        return self.background_at is not None


@dataclass(frozen=True)
class Script:
    """A whole command line: items separated by ``;`` or ``&``, then an optional comment."""

    items: tuple[ListItem, ...]
    comment: str | None  # the text after '#', stripped
    source: Source  # the whole line's, also for a $(...) inside it
    comment_at: int | None = None  # the offset of the '#'

    def without_comment(self) -> str:
        """The line as typed up to its comment, ``\\`` continuations joined by a space
        (a newline after '|' stays: inside quotes it would be part of a word)."""
        end = len(self.source.text) if self.comment_at is None else self.comment_at
        return re.sub(r"[ \t]*\\\n[ \t]*", " ", self.source.text[:end]).strip()
