"""A small terminal emulator: what a reader's terminal shows of a TTY session's bytes.

Shells and clients (sh, bash, mysql/mariadb with readline or libedit) draw their prompt
and the echo of what is typed with carriage returns, backspaces, cursor moves, line
erasing and colours. The page shows the result, not the control sequences: text is
written into lines at a cursor; ``CR``, ``LF``, ``BS``, ``TAB``, CSI cursor moves
(``A B C D G H``), erase in line/display (``K``, ``J``), delete/insert/erase characters
(``P @ X``) are applied; colours, modes (bracketed paste, keypad), OSC titles and every
other sequence are dropped. The screen has no height: scrolled lines stay (the transcript).
A line longer than the width wraps onto the next row as on a terminal, and the transcript
joins the rows again (a terminal's copy of the text does the same): the page wraps lines
by its own width.
"""

from __future__ import annotations

import re

TAB = 8
_CSI = re.compile(r"\x1b\[([0-9;?>=]*)([ -/]*)([@-~])")
_OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_OTHER_ESC = re.compile(r"\x1b[()][0-9A-Za-z]|\x1b[=>78NOMDEcHZ]")


class Terminal:
    def __init__(self, width: int = 80) -> None:
        self.width = width
        self.lines: list[list[str]] = [[]]
        self.row = 0
        self.col = 0
        self.wrapped: set[int] = set()  # rows that continue on the next one (autowrap)
        self._pending = ""  # an escape sequence split between two writes

    def feed(self, text: str) -> None:
        text = self._pending + text
        self._pending = ""
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\x1b":
                consumed = self._escape(text, index)
                if consumed == 0:  # incomplete: wait for the rest
                    self._pending = text[index:]
                    return
                index += consumed
                continue
            self._char(char)
            index += 1

    def _escape(self, text: str, index: int) -> int:
        for pattern in (_CSI, _OSC, _OTHER_ESC):
            match = pattern.match(text, index)
            if match:
                if pattern is _CSI:
                    self._csi(match.group(1), match.group(3))
                return match.end() - index
        if len(text) - index < 8:
            return 0
        return 1  # an unknown escape: drop the ESC alone

    def _char(self, char: str) -> None:
        if char == "\r":
            self.col = 0
        elif char == "\n":
            self._move_to(self.row + 1, self.col)
            self.col = 0  # the tty's ONLCR: output LF arrives as CR LF anyway
        elif char == "\b":
            self.col = max(0, self.col - 1)
        elif char == "\t":
            self.col = min(self.width - 1, (self.col // TAB + 1) * TAB)
        elif char == "\x07" or ord(char) < 32 or char == "\x7f":
            return
        else:
            if self.col >= self.width:  # autowrap
                self.wrapped.add(self.row)
                self._move_to(self.row + 1, 0)
            line = self.lines[self.row]
            while len(line) < self.col:
                line.append(" ")
            if self.col < len(line):
                line[self.col] = char
            else:
                line.append(char)
            self.col += 1

    def _move_to(self, row: int, col: int) -> None:
        while len(self.lines) <= row:
            self.lines.append([])
        self.row, self.col = max(0, row), max(0, col)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith(("?", ">", "=")):
            return  # private modes: bracketed paste, cursor keys...
        numbers = [int(part) if part.isdigit() else 0 for part in params.split(";")] \
            if params else []
        first = numbers[0] if numbers else 0
        count = first or 1
        line = self.lines[self.row]
        if final == "A":
            self.row = max(0, self.row - count)
        elif final == "B":
            self._move_to(self.row + count, self.col)
        elif final == "C":
            self.col = min(self.width - 1, self.col + count)
        elif final == "D":
            self.col = max(0, self.col - count)
        elif final == "G":
            self.col = count - 1
        elif final in "Hf":  # no screen to address: the column only, on the cursor's line
            self.col = max(0, (numbers[1] if len(numbers) > 1 else 1) - 1)
        elif final == "K":
            if first == 0:
                del line[self.col:]
            elif first == 1:
                for i in range(min(self.col + 1, len(line))):
                    line[i] = " "
            else:
                line.clear()
        elif final == "J":
            if first == 0:  # (2, clear the screen: what was shown stays in the transcript)
                del line[self.col:]
                del self.lines[self.row + 1:]
        elif final == "P":
            del line[self.col:self.col + count]
        elif final == "@":
            for _ in range(count):
                if self.col <= len(line):
                    line.insert(self.col, " ")
        elif final == "X":
            for i in range(self.col, min(self.col + count, len(line))):
                line[i] = " "

    def text(self) -> str:
        """The transcript: every line, trailing spaces removed, a newline after each but a
        last empty one (the line the cursor waits on is kept when it holds a prompt)."""
        shown: list[str] = []
        joined = ""
        for row, line in enumerate(self.lines):
            if row in self.wrapped and row + 1 < len(self.lines):
                joined += "".join(line)
                continue
            shown.append((joined + "".join(line)).rstrip())
            joined = ""
        while shown and not shown[-1]:
            shown.pop()
        return "".join(line + "\n" for line in shown)

    def current_line(self) -> str:
        return "".join(self.lines[self.row])
