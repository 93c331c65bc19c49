"""What each simple command of a line is, checked against where it stands.

- ``kubectl ...``: a podlab command (a verb run through the Kubernetes API); first in a
  pipeline, since podlab does not read stdin (``... | kubectl apply -f -``) yet.
- a host filter (``filters.FILTERS``): after a ``|`` only, reading the output before it.
- ``echo WORDS``: prints its words, first in a pipeline (``echo "$POD"``).
- ``NAME=value`` and ``export NAME=value``: set a page variable; alone, not in a pipeline,
  and not as a prefix of a command (``NAME=value kubectl ...``).
- ``curl``/``wget`` against the page's own port-forwards (``hostnet``): first in a pipeline.
Any other program is refused by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal as TypingLiteral

from ..model.messages import Message, Text, msg
from .filters import FILTERS, FilterError, check_filter
from .hostnet import PROGRAMS, check_host_command
from .source import Source
from .tree import CommandSubstitution, Pipeline, Script, SimpleCommand, Word

Kind = TypingLiteral["kubectl", "filter", "echo", "assignment", "host"]
_FILTER_NAMES = ", ".join(sorted(FILTERS))
_NO_HOST_SHELL = msg("podlab runs no host shell; inside a pod write 'kubectl exec POD -- sh -c "
                     "...'")
_ALL_OUTPUT = msg("the page shows all the output")
_HINTS = {
    "sleep": msg("podlab waits for what a command needs (readiness, deletion) by itself; "
                 "drop 'sleep'"),
    "watch": msg("write 'kubectl get -w' to watch"),
    "xargs": msg("xargs runs commands; use a variable: NAME=$(kubectl ...)"),
    "tee": msg("tee writes files; the page shows the output"),
    "less": _ALL_OUTPUT, "more": _ALL_OUTPUT, "sh": _NO_HOST_SHELL, "bash": _NO_HOST_SHELL,
    "printf": msg("write echo \"...\""), "export": msg("write export NAME=value"),
    "cd": msg("podlab runs no host shell; drop 'cd'"),
    "k": msg("write kubectl in full: the reader may have no alias 'k'"),
    "alias": msg("write kubectl in full: the reader may have no alias 'k'"),
    "sudo": msg("podlab runs kubectl through the API: drop 'sudo'"),
    **dict.fromkeys(("vi", "vim", "nano", "emacs"), msg(
        "podlab runs no editor: put the file beside the page's manifests and apply it")),
}


def kind_of(command: SimpleCommand) -> Kind | None:
    """The command's kind; None for a program podlab does not run."""
    if not command.words or _export_only(command):
        return "assignment"
    name = command.words[0].literal()
    if name == "kubectl":
        return "kubectl"
    if name == "echo":
        return "echo"
    if name is not None and name in FILTERS:
        return "filter"
    if name in PROGRAMS:
        return "host"
    return None


def check_script(script: Script, allow_background: bool = False) -> None:
    """Raise ShellSyntaxError at the first command that cannot stand where it is."""
    for item in script.items:
        pipelines = [item.command.first, *(pipeline for _, pipeline in item.command.rest)]
        if item.background_at is not None and not allow_background:
            raise script.source.syntax_error(
                item.background_at, msg("background '&' (column %(column)s) is supported only "
                                        "at the end of a line (it runs the line as a job "
                                        "beside the page's next steps)"))
        for pipeline in pipelines:
            _check_pipeline(script.source, pipeline)


def _check_pipeline(source: Source, pipeline: Pipeline) -> None:
    for position, command in enumerate(pipeline.commands):
        kind = _named_kind(source, command)
        for word in (*command.words, *(a.value for a in command.assignments)):
            _check_substitutions(source, word)
        if kind == "assignment":
            if len(pipeline.commands) > 1:
                raise source.syntax_error(command.offset, msg(
                    "an assignment (column %(column)s) in a pipeline sets nothing: write it on "
                    "its own"))
            continue
        if command.assignments and not _export_only(command):
            raise source.syntax_error(
                command.offset, msg("an assignment before a command (column %(column)s) is not "
                                    "supported: set the variable on its own, before the "
                                    "command"))
        name = command.words[0].source
        if position == 0 and kind == "filter":
            raise source.syntax_error(
                command.offset, msg("'%(name)s' (column %(column)s) has no input here: a host "
                                    "filter reads the output of the command before it "
                                    "('kubectl ... | %(name)s')", name=name))
        if position > 0 and kind == "kubectl":
            raise source.syntax_error(
                command.offset, msg("kubectl after '|' (column %(column)s) would read the "
                                    "output before it, which podlab does not support yet"))
        if position > 0 and kind == "host":
            raise source.syntax_error(command.offset, msg(
                "%(name)s after '|' (column %(column)s) would read the output before it: "
                "write it first", name=name))
        if position > 0 and kind == "echo":
            raise source.syntax_error(command.offset, msg(
                "echo after '|' (column %(column)s) ignores the output before it: write it on "
                "its own"))
        if kind == "filter":
            check_filter_words(source, command)
        if kind == "host":
            _check_host_words(source, command)
        if kind == "echo":
            _check_echo_words(source, command)


def _named_kind(source: Source, command: SimpleCommand) -> Kind:
    kind = kind_of(command)
    if kind is not None:
        return kind
    first = command.words[0]
    name = first.literal()
    if name is None:
        raise source.syntax_error(first.offset, msg(
            "the command name %(word)s (column %(column)s) must be written out: kubectl, echo "
            "or a filter", word=first.source))
    hint = _HINTS.get(name, msg("a line runs kubectl or echo, and after '|' the host filters "
                                "%(filters)s", filters=_FILTER_NAMES))
    raise source.syntax_error(first.offset, msg("host command '%(name)s' (column %(column)s) "
                                                "is not supported: %(hint)s", name=name,
                                                hint=hint))


def check_filter_words(source: Source, command: SimpleCommand) -> None:
    """Check a filter's arguments now when they are written out (else when it runs)."""
    argv = [word.literal() for word in command.words]
    if any(value is None for value in argv):
        return
    try:
        check_filter([value for value in argv if value is not None])
    except FilterError as error:
        word = command.words[error.argument]
        raise source.syntax_error(word.offset, at_column(error.message)) from None


def at_column(problem: Text) -> Message:
    """A filter's or echo's problem, at the column of the word it is about."""
    return msg("%(problem)s (column %(column)s)", problem=problem)


def _check_host_words(source: Source, command: SimpleCommand) -> None:
    argv = [word.literal() for word in command.words]
    if any(value is None for value in argv):
        return
    try:
        check_host_command([value for value in argv if value is not None])
    except FilterError as error:
        word = command.words[error.argument]
        raise source.syntax_error(word.offset, at_column(error.message)) from None


class EchoError(ValueError):
    """An echo whose output differs between shells. ``argument`` indexes the word to blame."""

    def __init__(self, message: Message, argument: int) -> None:
        super().__init__(str(message))
        self.message = message
        self.argument = argument


def echo_output(argv: Sequence[str]) -> str:
    """What ``echo`` prints: its words, one space apart; ``-n`` leaves out the newline.

    Shells' echos differ on ``-e`` and on backslashes (dash's interprets ``\\n``, bash's
    does not), so those are refused.
    """
    words = list(argv[1:])
    newline = "\n"
    if words[:1] == ["-n"]:
        words, newline = words[1:], ""
    first = len(argv) - len(words)
    if words[:1] in (["-e"], ["-E"]):
        raise EchoError(msg("'echo %(option)s' differs between shells: write echo without it",
                            option=words[0]), first)
    for index, word in enumerate(words, start=first):
        if "\\" in word:
            raise EchoError(msg("a backslash in echo's words differs between shells (dash's "
                                "echo interprets it, bash's does not)"), index)
    return " ".join(words) + newline


def _check_echo_words(source: Source, command: SimpleCommand) -> None:
    argv = [word.literal() for word in command.words]
    if any(value is None for value in argv):
        return
    try:
        echo_output([value for value in argv if value is not None])
    except EchoError as error:
        word = command.words[error.argument]
        raise source.syntax_error(word.offset, at_column(error.message)) from None


def _check_substitutions(source: Source, word: Word) -> None:
    for part in word.parts:
        if not isinstance(part, CommandSubstitution):
            continue
        for item in part.script.items:
            if item.background:
                raise source.syntax_error(part.offset, msg("'&' inside $(...) (column "
                                                           "%(column)s) is not supported"))
            for pipeline in (item.command.first, *(p for _, p in item.command.rest)):
                if any(kind_of(command) == "assignment" for command in pipeline.commands):
                    raise source.syntax_error(
                        part.offset, msg("an assignment inside $(...) (column %(column)s) "
                                         "does not reach later lines: write it on its own"))
        check_script(part.script)


def _export_only(command: SimpleCommand) -> bool:
    return (bool(command.assignments) and len(command.words) == 1
            and command.words[0].literal() == "export" and not command.words[0].quoted)


def simple_commands(script: Script) -> Iterator[SimpleCommand]:
    """Every simple command of the line in the order written, those inside $(...) first."""
    for item in script.items:
        for pipeline in (item.command.first, *(p for _, p in item.command.rest)):
            for command in pipeline.commands:
                for word in (*(a.value for a in command.assignments), *command.words):
                    for part in word.parts:
                        if isinstance(part, CommandSubstitution):
                            yield from simple_commands(part.script)
                yield command


def literal_argv(command: SimpleCommand) -> tuple[str, ...] | None:
    """The command's words when none of them expands (known before the line runs)."""
    words = tuple(word.literal() for word in command.words)
    if any(word is None for word in words):
        return None
    return tuple(word for word in words if word is not None)


def record_argv(script: Script) -> tuple[str, ...]:
    """What the scenario key and the record keep as the line's argv.

    A line of one command whose words are all written out keeps its words, as before shell
    lines existed (so its records stay current); any other line is ``("$", LINE)``, the line
    without its comment: its old records were made from a wrong reading of it.
    """
    if len(script.items) == 1 and not script.items[0].background:
        item = script.items[0].command
        if not item.rest and len(item.first.commands) == 1:
            command = item.first.commands[0]
            argv = literal_argv(command)
            if not command.assignments and argv and not _has_substitution(command):
                return argv
    return ("$", script.without_comment())


def _has_substitution(command: SimpleCommand) -> bool:
    return any(isinstance(part, CommandSubstitution)
               for word in command.words for part in word.parts)
