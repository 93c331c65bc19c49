"""A command line as a POSIX shell reads it, parsed into a small AST (``tree``).

The subset is what textbooks type at a prompt: simple commands whose words use quotes,
backslashes, ``$NAME``, ``${NAME}`` and ``$(...)``; pipelines; ``;``, ``&&``, ``||`` and a
trailing ``&``; ``NAME=value`` assignments; ``# comments``. Everything else is rejected here
with the construct's name and column, so a page never silently means something else than
the line it shows. Constructs that readers' shells treat differently (globs, which zsh
refuses when they match nothing; brace expansion; ``!`` history expansion) are rejected too:
quoting them makes the line mean the same everywhere.

Offsets in the AST are indices into the parsed text; ``column_base`` says which column the
text's first character is in (3 after a ``$ `` prompt), for messages.
"""

from __future__ import annotations

import re

from ..model.messages import Message, msg
from .source import IncompleteLine, ShellSyntaxError, Source
from .tree import (
    AndOr,
    Assignment,
    CommandSubstitution,
    Connector,
    ListItem,
    Literal,
    Parameter,
    Pipeline,
    Script,
    SimpleCommand,
    Word,
    WordPart,
)

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_BLANKS = " \t"
_WORD_ENDS = " \t\n|&;<>()"  # unquoted, these end a word
_DOUBLE_QUOTE_ESCAPABLE = '$`"\\'
_SPECIAL_PARAMETERS = "0123456789?@*#$!-"
# Spaces a shell takes as part of a word (a Japanese text's full-width space before a comment)
INSIDE_A_QUOTE = msg("inside a quote")  # how an incomplete line ends
_LOOKALIKE_SPACES = {"\u3000": msg("a full-width space"), "\u00a0": msg("a no-break space")}
RESERVED_WORDS = frozenset({
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
    "do", "done", "in", "function", "time", "coproc", "!", "{", "}", "[[", "]]",
})

def parse_script(text: str, column_base: int = 1) -> Script:
    """Parse one command line (``\\``-newline continuations allowed) or raise ShellSyntaxError."""
    return _Parser(Source(text, column_base)).script()


class _Parser:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.pos = 0
        self.comment: str | None = None
        self.comment_at: int | None = None

    def fail(self, offset: int, message: Message) -> ShellSyntaxError:
        return self.source.syntax_error(offset, message)

    def incomplete(self, offset: int, ending: Message, message: Message) -> IncompleteLine:
        error = self.fail(offset, message)
        return IncompleteLine(error.message, error.line, error.column, ending)

    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_linebreaks(self) -> None:
        """After '|', '&&', '||' the command may start on the next line (POSIX linebreak)."""
        self.skip_blanks()
        while self.peek() == "\n":
            self.pos += 1
            self.skip_blanks()

    def skip_blanks(self) -> None:
        while not self.at_end():
            if self.peek() in _BLANKS:
                self.pos += 1
            elif self.peek(2) == "\\\n":  # a line continuation is removed
                self.pos += 2
            else:
                return

    # -- lists, and-or lists, pipelines ---------------------------------------------------

    def script(self) -> Script:
        items = self.list_(closing=None)
        if not self.at_end():
            if self.peek() == ")":
                raise self.fail(self.pos, msg("')' (column %(column)s) closes nothing: "
                                              "subshells '( ... )' are not supported"))
            raise self.fail(self.pos, msg("unexpected %(char)r (column %(column)s)",
                                          char=self.peek()))
        return Script(items, self.comment, self.source, self.comment_at)

    def list_(self, closing: str | None) -> tuple[ListItem, ...]:
        items: list[ListItem] = []
        while True:
            self.skip_blanks()
            while self.peek() == "\n":
                self.pos += 1
                self.skip_blanks()
            if self.at_end() or self.peek() == closing:
                break
            if self.peek() == "#":
                break
            command = self.and_or()
            self.skip_blanks()
            if self.peek(2) == "&>":
                raise self.fail(self.pos, msg(
                    "redirection '&>' (column %(column)s) is not supported: the page shows a "
                    "command's stdout and stderr as the terminal does"))
            if self.peek() == "&" and self.peek(2) != "&&":
                items.append(ListItem(command, background_at=self.pos))
                self.pos += 1
            elif self.peek() == "\n":  # only inside quotes or $( ): a separator, as ';'
                self.pos += 1
                items.append(ListItem(command))
            elif self.peek() == ";":
                if self.peek(2) == ";;":
                    raise self.fail(self.pos, msg("';;' (column %(column)s) belongs to "
                                                  "'case', which is not supported"))
                self.pos += 1
                items.append(ListItem(command))
            else:
                items.append(ListItem(command))
                break
        self.skip_blanks()
        if self.peek() == "#":  # a comment runs to the end of the line, ')' included
            self.comment = self.text[self.pos + 1 :].strip()
            self.comment_at = self.pos
            self.pos = len(self.text)
        return tuple(items)

    def and_or(self) -> AndOr:
        first = self.pipeline()
        rest: list[tuple[Connector, Pipeline]] = []
        while True:
            self.skip_blanks()
            connector = self.peek(2)
            if connector not in ("&&", "||"):
                return AndOr(first, tuple(rest))
            offset = self.pos
            self.pos += 2
            self.skip_linebreaks()
            rest.append((
                "&&" if connector == "&&" else "||",
                self.pipeline(after=(connector, offset)),
            ))

    def pipeline(self, after: tuple[str, int] | None = None) -> Pipeline:
        commands = [self.simple_command(after)]
        while True:
            self.skip_blanks()
            if self.peek() != "|" or self.peek(2) == "||":
                return Pipeline(tuple(commands))
            if self.peek(2) == "|&":
                raise self.fail(self.pos, msg(
                    "'|&' (column %(column)s) is not supported: the page shows a command's "
                    "stderr as the terminal does; write '|' to pipe its output"))
            offset = self.pos
            self.pos += 1
            self.skip_linebreaks()
            commands.append(self.simple_command(after=("|", offset)))

    # -- simple commands ------------------------------------------------------------------

    def simple_command(self, after: tuple[str, int] | None = None) -> SimpleCommand:
        start = self.pos
        assignments: list[Assignment] = []
        words: list[Word] = []
        while True:
            self.skip_blanks()
            if self.at_end() or self.peek() in "|&;)#\n":
                break
            char = self.peek()
            if char in "<>":
                raise self.redirection_error(self.pos)
            if char == "(":
                raise self.fail(self.pos, msg("subshell '(' (column %(column)s) is not "
                                              "supported: write the commands without "
                                              "parentheses"))
            if _ASSIGNMENT.match(self.text, self.pos) and (not words or _is_export(words)):
                assignments.append(self.assignment())
                continue
            word = self.word()
            if not words:
                self.check_command_name(word)
            if word.source.isdigit() and self.peek() in ("<", ">"):
                raise self.redirection_error(word.offset)
            words.append(word)
        if not words and not assignments:
            raise self.missing_command(after)
        return SimpleCommand(tuple(assignments), tuple(words), start)

    def missing_command(self, after: tuple[str, int] | None) -> ShellSyntaxError:
        if after is not None:
            operator, offset = after
            at_end = msg("'%(operator)s' (column %(column)s) at the end of the line needs a "
                         "command after it", operator=operator)
            if self.at_end():
                return self.incomplete(offset, msg("with an operator"), at_end)
            if self.peek() == "#":
                return self.fail(offset, at_end)
            return self.fail(offset, msg("'%(operator)s' (column %(column)s) is followed by "
                                         "%(char)r, not a command", operator=operator,
                                         char=self.peek()))
        if self.at_end():
            return self.fail(self.pos, msg("empty command (column %(column)s)"))
        if self.peek() == ")":
            return self.fail(self.pos, msg("')' (column %(column)s) with no command before it"))
        return self.fail(self.pos, msg("%(char)r (column %(column)s) needs a command before it",
                                       char=self.peek()))

    def check_command_name(self, word: Word) -> None:
        name = word.literal()
        if word.quoted or name is None:
            return
        if name in ("{", "}"):
            raise self.fail(word.offset, msg("group '%(name)s' (column %(column)s) is not "
                                             "supported: write the commands without braces",
                                             name=name))
        if name in ("[", "[["):
            raise self.fail(word.offset, msg("the test command '%(name)s' (column %(column)s) "
                                             "is not supported: podlab runs no conditions but "
                                             "'&&' and '||'", name=name))
        if name in RESERVED_WORDS:
            raise self.fail(word.offset, msg(
                "'%(name)s' (column %(column)s) is not supported: compound commands (if, for, "
                "while, case, ...) do not run in podlab; write each command on its own '$ ' "
                "line", name=name))

    def redirection_error(self, offset: int) -> ShellSyntaxError:
        match = re.compile(r"\d*(<<<|<<-|<<|<&|<>|<\(|<|>>|>&|>\||>\(|>)(&?\d+|-)?").match(
            self.text, offset)
        construct = match.group(0) if match else self.text[offset]
        operator = match.group(1) if match else construct
        if operator in ("<(", ">("):
            return self.fail(offset, msg("process substitution '%(operator)s' (column "
                                         "%(column)s) is not supported", operator=operator))
        if operator.startswith("<<"):
            return self.fail(offset, msg("here-document '%(operator)s' (column %(column)s) is "
                                         "not supported: put the manifest in a file and use "
                                         "'kubectl apply -f FILE'", operator=operator))
        if operator.startswith("<"):
            return self.fail(offset, msg("input redirection '%(construct)s' (column "
                                         "%(column)s) is not supported: a host filter reads "
                                         "the output of the command before it in a pipeline "
                                         "('|')", construct=construct))
        if construct[:1].isdigit() or operator == ">&":
            return self.fail(offset, msg("redirection '%(construct)s' (column %(column)s) is "
                                         "not supported: the page shows a command's stdout "
                                         "and stderr as the terminal does",
                                         construct=construct))
        return self.fail(offset, msg("output redirection '%(construct)s' (column %(column)s) "
                                     "is not supported: the page shows what a command prints; "
                                     "to keep a value for later lines, write NAME=$(command)",
                                     construct=construct))

    def assignment(self) -> Assignment:
        start = self.pos
        equals = self.text.index("=", start)
        name = self.text[start:equals]
        self.pos = equals + 1
        if self.at_end() or self.peek() in _WORD_ENDS:
            value = Word((), "", self.pos, quoted=True)  # NAME= assigns the empty string
        else:
            value = self.word()
        return Assignment(name, value, start)

    # -- words ----------------------------------------------------------------------------

    def word(self) -> Word:
        start = self.pos
        parts: list[WordPart] = []
        text: list[str] = []
        quoted = False

        def flush() -> None:
            if text:
                parts.append(Literal("".join(text)))
                text.clear()

        while not self.at_end():
            char = self.peek()
            if char in _WORD_ENDS:
                break
            if char == "\\":
                following = self.text[self.pos + 1 : self.pos + 2]
                if following == "\n":  # a continuation inside a word joins it
                    self.pos += 2
                    continue
                text.append(following or "\\")  # at the very end: a plain backslash
                quoted = True
                self.pos += 2
            elif char == "'":
                end = self.text.find("'", self.pos + 1)
                if end < 0:
                    raise self.incomplete(self.pos, INSIDE_A_QUOTE, msg(
                        "unterminated single quote (column %(column)s)"))
                text.append(self.text[self.pos + 1 : end])
                quoted = True
                self.pos = end + 1
            elif char == '"':
                flush()
                parts.extend(self.double_quoted())
                quoted = True
            elif char == "$":
                expansion = self.dollar(quoted=False)
                if isinstance(expansion, str):
                    text.append(expansion)
                else:
                    flush()
                    parts.append(expansion)
            elif char == "`":
                raise self.backtick_error()
            elif self.pos == start and re.match(r"\[\[?(?:[ \t]|$)", self.text[self.pos :]):
                bracket = "[[" if self.peek(2) == "[[" else "["
                text.append(bracket)  # the test command: check_command_name names it
                self.pos += len(bracket)
            else:
                self.check_unquoted(char, first=self.pos == start)
                text.append(char)
                self.pos += 1
        flush()
        return Word(_merge_literals(parts), self.text[start : self.pos], start, quoted)

    def check_unquoted(self, char: str, first: bool) -> None:
        """Reject what readers' shells expand, each in its own way."""
        if char in _LOOKALIKE_SPACES:
            raise self.fail(self.pos, msg("%(space)s (column %(column)s) does not separate "
                                          "words in a shell: write an ASCII space",
                                          space=_LOOKALIKE_SPACES[char]))
        if char in "*?[":
            raise self.fail(self.pos, msg("glob '%(char)s' (column %(column)s) is not "
                                          "supported: quote the word ('...') so every shell "
                                          "passes it as written", char=char))
        if char == "~" and first:
            raise self.fail(self.pos, msg("tilde expansion '~' (column %(column)s) is not "
                                          "supported: the reader's home directory is not the "
                                          "build's"))
        if char == "{" and self._brace_expansion():
            raise self.fail(self.pos, msg("brace expansion '{' (column %(column)s) is not "
                                          "supported: write the words out, or quote the "
                                          "braces"))
        if char == "!":
            self.check_history(self.pos)

    def _brace_expansion(self) -> bool:
        """``{a,b}`` or ``{1..3}`` ahead, within this word (bash and zsh expand them)."""
        depth = 0
        for index in range(self.pos, len(self.text)):
            char = self.text[index]
            if char in _WORD_ENDS or char in "'\"\\$":
                return False
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    body = self.text[self.pos + 1 : index]
                    return "," in body or ".." in body
        return False

    def check_history(self, offset: int) -> None:
        following = self.text[offset + 1 : offset + 2]
        if following and following not in " \t\n=(\"":
            raise self.fail(offset, msg("history expansion '!%(char)s' (column %(column)s): an "
                                        "interactive shell replaces it with an earlier "
                                        "command; quote it with '...'", char=following))

    def backtick_error(self) -> ShellSyntaxError:
        return self.fail(self.pos, msg("backquote '`' (column %(column)s) is not supported: "
                                       "write $(command) instead"))

    def double_quoted(self) -> list[WordPart]:
        opening = self.pos
        self.pos += 1
        parts: list[WordPart] = []
        text: list[str] = []
        while True:
            if self.at_end():
                raise self.incomplete(opening, INSIDE_A_QUOTE, msg(
                    "unterminated double quote (column %(column)s)"))
            char = self.peek()
            if char == '"':
                self.pos += 1
                break
            if char == "\\":
                following = self.text[self.pos + 1 : self.pos + 2]
                if following == "\n":
                    self.pos += 2
                elif following in tuple(_DOUBLE_QUOTE_ESCAPABLE):
                    text.append(following)
                    self.pos += 2
                else:
                    text.append("\\")
                    self.pos += 1
            elif char == "$":
                expansion = self.dollar(quoted=True)
                if isinstance(expansion, str):
                    text.append(expansion)
                else:
                    if text:
                        parts.append(Literal("".join(text)))
                        text.clear()
                    parts.append(expansion)
            elif char == "`":
                raise self.backtick_error()
            else:
                if char == "!":
                    self.check_history(self.pos)
                text.append(char)
                self.pos += 1
        # "" is an empty literal: the word exists even though it has no text
        parts.append(Literal("".join(text)))
        return parts

    def dollar(self, quoted: bool) -> Parameter | CommandSubstitution | str:
        """What starts at a ``$``; a plain string when it is a literal dollar sign."""
        start = self.pos
        following = self.text[start + 1 : start + 2]
        if self.text.startswith("\\\n", start + 1):
            raise self._split_expansion(start)
        if following == "{":
            end = self.text.find("}", start + 2)
            if end < 0:
                raise self.fail(start, msg("unterminated '${' (column %(column)s)"))
            inner = self.text[start + 2 : end]
            if not NAME.fullmatch(inner):
                raise self.fail(start, msg("parameter expansion '${%(inner)s}' (column "
                                           "%(column)s) is not supported: write ${NAME}, with "
                                           "NAME set by an earlier NAME=value", inner=inner))
            self.pos = end + 1
            return Parameter(inner, quoted, start)
        if following == "(":
            if self.text[start + 2 : start + 3] == "(":
                raise self.fail(start, msg("arithmetic expansion '$((' (column %(column)s) is "
                                           "not supported"))
            self.pos = start + 2
            saved = self.comment, self.comment_at
            items = self.list_(closing=")")
            if self.peek() != ")":
                raise self.fail(start, msg("unterminated '$(' (column %(column)s)"))
            self.comment, self.comment_at = saved
            self.pos += 1
            if not items:
                raise self.fail(start, msg("empty '$()' (column %(column)s)"))
            return CommandSubstitution(Script(items, None, self.source), quoted, start,
                                       self.text[start : self.pos])
        match = NAME.match(self.text, start + 1)
        if match:
            self.pos = match.end()
            if re.match(r"\\\n[A-Za-z0-9_]", self.text[self.pos : self.pos + 3]):
                raise self._split_expansion(start)  # bash joins $PO\<newline>D into $POD
            return Parameter(match.group(0), quoted, start)
        if following and following in _SPECIAL_PARAMETERS:
            raise self.fail(start, msg("special parameter '$%(char)s' (column %(column)s) is "
                                       "not supported", char=following))
        if not quoted and following in ("'", '"'):
            raise self.fail(start, msg("'$%(quote)s...' quoting (column %(column)s) is not "
                                       "supported: write %(quote)s...%(quote)s",
                                       quote=following))
        self.pos += 1
        return "$"

    def _split_expansion(self, start: int) -> ShellSyntaxError:
        return self.fail(start, msg("a line continuation inside an expansion (column "
                                    "%(column)s) is not supported: keep it on one line"))


def _merge_literals(parts: list[WordPart]) -> tuple[WordPart, ...]:
    merged: list[WordPart] = []
    for part in parts:
        last = merged[-1] if merged else None
        if isinstance(part, Literal) and isinstance(last, Literal):
            merged[-1] = Literal(last.text + part.text)
        else:
            merged.append(part)
    return tuple(merged)


def _is_export(words: list[Word]) -> bool:
    """``export NAME=value``: its assignment is parsed as one, as the shell does."""
    return len(words) == 1 and not words[0].quoted and words[0].literal() == "export"
