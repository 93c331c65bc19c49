"""Split one command line the way a POSIX shell would, keeping the trailing comment.

``shlex`` with ``comments=True`` cuts ``a#b`` at the ``#``; a shell only starts a comment
at the beginning of a word, which is what the book's readers type.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import PodlabSyntaxError

_DOUBLE_QUOTE_ESCAPABLE = '$`"\\\n'


@dataclass(frozen=True)
class ShellWords:
    argv: tuple[str, ...]
    comment: str | None  # text after '#', stripped; None when there is none


def split_shell_words(text: str) -> ShellWords:
    """Return the words of ``text`` and its trailing ``# comment``."""
    words: list[str] = []
    current: list[str] = []
    in_word = False
    i = 0
    while i < len(text):
        char = text[i]
        if char in " \t\n":
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
            i += 1
        elif char == "#" and not in_word:
            return ShellWords(tuple(words), text[i + 1 :].strip())
        elif char == "\\":
            if i + 1 < len(text) and text[i + 1] != "\n":
                current.append(text[i + 1])
                in_word = True
            i += 2
        elif char == "'":
            end = text.find("'", i + 1)
            if end < 0:
                raise PodlabSyntaxError("unterminated single quote")
            current.append(text[i + 1 : end])
            in_word = True
            i = end + 1
        elif char == '"':
            i = _read_double_quoted(text, i + 1, current)
            in_word = True
        else:
            current.append(char)
            in_word = True
            i += 1
    if in_word:
        words.append("".join(current))
    return ShellWords(tuple(words), None)


def _read_double_quoted(text: str, start: int, out: list[str]) -> int:
    """Append the body of a double-quoted string to ``out``; return the index after it."""
    i = start
    while i < len(text):
        char = text[i]
        if char == '"':
            return i + 1
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _DOUBLE_QUOTE_ESCAPABLE:
            out.append(text[i + 1])
            i += 2
            continue
        out.append(char)
        i += 1
    raise PodlabSyntaxError("unterminated double quote")
