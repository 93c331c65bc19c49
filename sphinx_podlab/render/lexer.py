"""A Pygments lexer for podlab's console blocks, told which lines are commands.

Pygments' ``console`` lexer guesses prompts from the text, so an output line starting with
``# `` (``# Kubernetes-managed hosts file.``) becomes a root prompt. podlab knows which lines
it wrote as commands: only those get a prompt (``Generic.Prompt``, class ``gp``) and shell
highlighting; every other line is output (``Generic.Output``, class ``go``). A ``# comment``
on a command line, with the blanks before it, is a token of its own (class
``c1-PodlabComment``) that copy buttons leave out: zsh, with interactive comments off,
would run it as words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pygments.lexer import Lexer
from pygments.lexers.shell import BashLexer
from pygments.token import Comment, Generic, Text, _TokenType

from ..parse.block import PROMPT

# Line kinds: the first line of a command (starts with the prompt), its continuation lines,
# and output lines.
COMMAND = "command"
CONTINUATION = "continuation"
OUTPUT = "output"

PodlabComment = Comment.Single.PodlabComment
COMMENT_CLASS = "c1-PodlabComment"  # Pygments' HTML class for PodlabComment

Token = tuple[int, _TokenType, str]


class PodlabConsoleLexer(Lexer):
    name = "podlab console"
    aliases: ClassVar[list[str]] = ["podlab-console"]

    def __init__(self, kinds: Sequence[str] = (), **options: Any) -> None:
        options.setdefault("stripnl", False)  # line indices must match ``kinds``
        super().__init__(**options)
        self.kinds = tuple(kinds)

    def get_tokens_unprocessed(self, text: str) -> Iterator[Token]:
        lines = text.splitlines(keepends=True)
        index = 0
        position = 0
        while index < len(lines):
            kind = self.kinds[index] if index < len(self.kinds) else OUTPUT
            line = lines[index]
            if kind != COMMAND or not line.startswith(PROMPT):
                yield position, Generic.Output, line
                position += len(line)
                index += 1
                continue
            command = line[len(PROMPT):]
            index += 1
            while index < len(lines) and index < len(self.kinds) and \
                    self.kinds[index] == CONTINUATION:
                command += lines[index]
                index += 1
            yield position, Generic.Prompt, PROMPT
            yield from shell_tokens(command, position + len(PROMPT))
            position += len(PROMPT) + len(command)


def shell_tokens(command: str, offset: int) -> Iterator[Token]:
    """Bash's tokens of ``command``; a comment takes the blanks before it."""
    pending: Token | None = None
    for start, kind, value in BashLexer().get_tokens_unprocessed(command):
        if kind in Comment.Single and not value.startswith("#!"):
            newline = "\n" if value.endswith("\n") else ""
            if pending is not None and not pending[2].strip(" \t"):
                start, value = pending[0] - offset, pending[2] + value
                pending = None
            if pending is not None:
                yield pending
                pending = None
            yield start + offset, PodlabComment, value[: len(value) - len(newline)]
            if newline:
                yield start + offset + len(value) - 1, Text.Whitespace, newline
            continue
        if pending is not None:
            yield pending
        pending = (start + offset, kind, value)
    if pending is not None:
        yield pending


def whole_output_lines(html: str, kinds: Sequence[str]) -> str:
    """Pygments' HTML with each output line's newline inside its ``go`` span.

    Pygments closes a span before the newline, so a copy button that removes ``.go`` spans
    would leave an empty line per output line; an empty output line gets a span too.
    """
    start = html.find("<pre>")
    end = html.rfind("</pre>")
    if start < 0 or end < start:
        return html
    start += len("<pre>")
    lead = "<span></span>" if html.startswith("<span></span>", start) else ""
    lines = html[start + len(lead):end].split("\n")
    body = []
    for index, line in enumerate(lines):
        kind = kinds[index] if index < len(kinds) else None
        last = index == len(lines) - 1
        if kind == OUTPUT and not last:
            inner = line.removeprefix(_GO).removesuffix("</span>")
            if "<span" not in inner:  # one token: the whole line is output
                body.append(f"{_GO}{inner}\n</span>")
                continue
        body.append(line if last else line + "\n")
    return html[:start] + lead + "".join(body) + html[end:]


_GO = '<span class="go">'
