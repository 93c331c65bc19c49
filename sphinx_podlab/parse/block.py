r"""The content of a ``podlab`` block: ``$ ``-prompted command lines with continuations, and
the lines the reader types inside an interactive session.

After ``$ kubectl exec -it POD -- sh`` (or ``run -it``, ``attach -it``) the lines that follow,
up to and including the one that ends the session (``exit``, ``quit``, ``\q``), are what
the reader types in the container, each written after the prompt the container shows
(``# ls /``, ``mysql> SHOW DATABASES;``): the source reads as the terminal does. The
page shows the real session (the container's own prompts and echo), not these lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.errors import PodlabSyntaxError
from ..model.messages import Message, msg
from ..shell.source import IncompleteLine
from ..shell.syntax import parse_script
from .shell import split_shell_words

PROMPT = "$ "
EXIT_WORDS = ("exit", "quit", "logout", "\\q", "exit;", "quit;")
# the container's prompt as the author writes it: up to the first '# ', '$ ', '> ', '% '
_TYPED = re.compile(r"^(.*?[#$>%])(?: (.*))?$")


@dataclass(frozen=True)
class TypedLine:
    """A line the reader types inside an interactive session."""

    prompt: str  # as the author wrote it ("mysql>"); the page shows the container's own
    text: str  # what is typed, sent with Enter
    line: int  # 0-based index within the block content


@dataclass(frozen=True)
class CommandLine:
    """One command as the reader types it."""

    display: str  # as written after the prompt, continuation lines and comment included
    argv: tuple[str, ...]
    comment: str | None
    line: int  # 0-based index of its first line within the block content
    typed: tuple[TypedLine, ...] = ()  # after an interactive command: its session's input


def interactive(argv: tuple[str, ...]) -> bool:
    """``kubectl exec|run|attach`` with both ``-i`` and ``-t`` (a terminal for the reader)."""
    if argv[:1] != ("kubectl",) or len(argv) < 2:
        return False
    words = argv[: argv.index("--")] if "--" in argv else argv
    if not any(word in ("exec", "run", "attach") for word in words[1:3]):
        return False
    stdin = any(w in ("-i", "--stdin") or (w.startswith("-") and not w.startswith("--")
                                              and "i" in w[1:] and set(w[1:]) <= set("it"))
                for w in words)
    tty = any(w in ("-t", "--tty") or (w.startswith("-") and not w.startswith("--")
                                          and "t" in w[1:] and set(w[1:]) <= set("it"))
              for w in words)
    return stdin and tty


def _typed_lines(lines: list[str], index: int, first: int) -> tuple[list[TypedLine], int]:
    """The session's lines from ``index`` through its exit line; the index after them."""
    typed: list[TypedLine] = []
    while index < len(lines):
        text = lines[index].rstrip()
        match = _TYPED.match(text)
        if match is None:
            raise PodlabSyntaxError(
                f"{text!r}: a line typed inside the session starts with the container's "
                "prompt ('# ls /', 'mysql> SHOW DATABASES;')", index)
        typed.append(TypedLine(match.group(1), match.group(2) or "", index))
        index += 1
        words = typed[-1].text.strip().lower().split()
        if words and (" ".join(words) in EXIT_WORDS or (words[0] == "exit" and len(words) == 2
                                                         and words[1].isdigit())):
            return typed, index
    raise PodlabSyntaxError("the session never ends: its last typed line must be exit (or "
                            "quit, \\q)", first)


def parse_block(lines: list[str]) -> list[CommandLine]:
    """Parse block content lines; raise :class:`PodlabSyntaxError` on anything else."""
    commands: list[CommandLine] = []
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line:
            index += 1
            continue
        if not line.startswith(PROMPT):
            raise PodlabSyntaxError(msg("expected a command line starting with %(prompt)r, got "
                                        "%(line)r", prompt=PROMPT, line=line), index)
        first = index
        parts = [line[len(PROMPT) :]]
        while (ending := _continues(parts)) is not None:
            index += 1
            if index >= len(lines) or lines[index].startswith(PROMPT):
                raise PodlabSyntaxError(msg("the command line ends %(ending)s: write the rest "
                                            "on the next line (without '$ ')", ending=ending),
                                        first)
            parts.append(lines[index].rstrip())
        display = "\n".join(parts)
        try:
            words = split_shell_words(display.replace("\\\n", " "))
        except PodlabSyntaxError as error:
            raise PodlabSyntaxError(error.message, first) from None
        if not words.argv:
            raise PodlabSyntaxError(msg("empty command line"), first)
        index += 1
        typed: list[TypedLine] = []
        if interactive(words.argv) and index < len(lines) and lines[index].strip() and \
                not lines[index].startswith(PROMPT):
            typed, index = _typed_lines(lines, index, first)
        commands.append(CommandLine(display, words.argv, words.comment, first, tuple(typed)))
    return commands


def _continues(parts: list[str]) -> Message | None:
    """What makes the line go on: a '\\' (outside a comment) and, as in a shell, a trailing
    '|', '&&' or '||' or an open quote; None when the line is complete."""
    if parts[-1].endswith("\\"):
        return None if _ends_in_comment(parts) else msg("with '\\'")
    try:
        parse_script("\n".join(parts))
    except IncompleteLine as error:
        return error.ending
    except PodlabSyntaxError:
        return None
    return None


def _ends_in_comment(parts: list[str]) -> bool:
    """A backslash inside a trailing comment does not continue the line."""
    try:
        return split_shell_words(" ".join(parts)).comment is not None
    except PodlabSyntaxError:
        return False
