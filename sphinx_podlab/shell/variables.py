"""A page's shell variables: ``NAME=value`` sets, ``$NAME`` / ``${NAME}`` expand.

- ``NAME=$(kubectl ...)`` sets NAME to the command's stdout without its trailing newlines,
  as POSIX does; the value is one word (an assignment is never split).
- A variable lives from the line that sets it to the end of the page, across blocks; the
  values are kept in the record, so a replayed page is the same page.
- An unset variable is an error at its line, never an empty string: the reader's shell may
  have something else in it (``$POD`` from another tutorial).
- Word splitting: bash splits an unquoted expansion at blanks and expands globs in it, zsh
  does neither, and an empty unquoted expansion vanishes. So podlab refuses an unquoted
  expansion whose value has blanks or glob characters, or that makes a word vanish, and asks
  for quotes ("$NAME"), which mean the same in every shell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..model.messages import Message, msg
from .source import Source
from .tree import CommandSubstitution, Literal, Parameter, Script, Word

_SPLITS = " \t\n"
_GLOBS = "*?["

# How a $(...) is run: the inner script's stdout (the caller shows its stderr).
RunSubstitution = Callable[[CommandSubstitution], str]


class Variables:
    """The values set so far on a page, in the order they were set."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self._values: dict[str, str] = dict(values or {})

    def copy(self) -> Variables:
        """The values so far, apart: another terminal's assignments stay in it."""
        return Variables(self._values)

    def set(self, name: str, value: str) -> None:
        self._values.pop(name, None)  # a value set again moves to the end
        self._values[name] = value

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def as_dict(self) -> dict[str, str]:
        return dict(self._values)

    def __contains__(self, name: object) -> bool:
        return name in self._values


def substitution_value(stdout: str) -> str:
    """What ``$(...)`` gives: the output without its trailing newlines."""
    return stdout.rstrip("\n")


def expand_word(source: Source, word: Word, variables: Variables,
                run: RunSubstitution) -> str:
    """The single argument ``word`` becomes; ShellRunError where shells would disagree."""
    value: list[str] = []
    for part in word.parts:
        if isinstance(part, Literal):
            value.append(part.text)
            continue
        text = _part_value(source, part, variables, run)
        if not part.quoted:
            _check_unquoted(source, part, text)
        value.append(text)
    result = "".join(value)
    if not result and not word.quoted:
        raise source.run_error(word.offset, msg(
            "%(word)s (column %(column)s) is empty here, and an unquoted empty value vanishes "
            "from the command: write \"%(word)s\"", word=word.source))
    return result


def expand_assignment(source: Source, word: Word, variables: Variables,
                      run: RunSubstitution) -> str:
    """An assignment's value: expanded, never split."""
    return "".join(
        part.text if isinstance(part, Literal) else _part_value(source, part, variables, run)
        for part in word.parts
    )


def _part_value(source: Source, part: Parameter | CommandSubstitution, variables: Variables,
                run: RunSubstitution) -> str:
    if isinstance(part, CommandSubstitution):
        return substitution_value(run(part))
    value = variables.get(part.name)
    if value is None:
        raise source.run_error(part.offset, _unset_message(part.name))
    return value


def _check_unquoted(source: Source, part: Parameter | CommandSubstitution, text: str) -> None:
    shown = f"${part.name}" if isinstance(part, Parameter) else part.source
    if any(char in _SPLITS for char in text):
        count = len(text.split())
        raise source.run_error(part.offset, msg(
            "%(shown)s (column %(column)s) holds %(count)s words here (%(value)s): unquoted, "
            "bash splits them and zsh does not; write \"%(shown)s\" for one argument",
            shown=shown, count=count, value=_preview(text)))
    glob = next((char for char in text if char in _GLOBS), None)
    if glob is not None:
        raise source.run_error(part.offset, msg(
            "%(shown)s (column %(column)s) holds the glob character %(glob)r (%(value)s): "
            "unquoted, shells expand it differently; write \"%(shown)s\"", shown=shown,
            glob=glob, value=_preview(text)))


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 40 else flat[:37] + "...")


def _unset_message(name: str) -> Message:
    return msg("variable %(name)s (column %(column)s) is not set: set it on an earlier line of "
               "the page, e.g. %(name)s=$(kubectl get ...)", name=name)


def check_variables_set(script: Script, known: set[str]) -> None:
    """Refuse, at parse time, a ``$NAME`` that no earlier assignment on the page sets.

    ``known`` holds the names set by earlier lines; this line's assignments are added.
    (Whether an ``A && NAME=...`` really ran is known only when it runs.)
    """
    for item in script.items:
        for pipeline in (item.command.first, *(p for _, p in item.command.rest)):
            for command in pipeline.commands:
                for assignment in command.assignments:
                    _check_word(script.source, assignment.value, known)
                    known.add(assignment.name)
                for word in command.words:
                    _check_word(script.source, word, known)


def _check_word(source: Source, word: Word, known: set[str]) -> None:
    for part in word.parts:
        if isinstance(part, Parameter) and part.name not in known:
            raise source.syntax_error(part.offset, _unset_message(part.name))
        if isinstance(part, CommandSubstitution):
            check_variables_set(part.script, known)
