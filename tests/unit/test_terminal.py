"""The terminal emulator that turns a TTY session's bytes into what the reader sees."""

from __future__ import annotations

from sphinx_podlab.execute.terminal import Terminal


def shown(*chunks: str) -> str:
    terminal = Terminal()
    for chunk in chunks:
        terminal.feed(chunk)
    return terminal.text()


def test_prompt_echo_and_output_with_cr_lf() -> None:
    assert shown("# ", "ls /\r\n", "bin  etc\r\n# ", "exit\r\n") == "# ls /\nbin  etc\n# exit\n"


def test_control_sequences_are_applied_or_dropped() -> None:
    # bracketed paste on/off, colours, an OSC title, erase to end of line
    assert shown("\x1b[?2004h\x1b]0;root@mysql-0: /\x07\x1b[01;32mroot@mysql-0\x1b[00m:/# ",
                 "ech\x08\x08cho\r\n\x1b[?2004l") == "root@mysql-0:/# echo\n"
    assert shown("abcdef\r\x1b[3C\x1b[K!\r\n") == "abc!\n"


def test_a_sequence_split_between_two_reads() -> None:
    assert shown("a\x1b[", "31mb\x1b", "[0mc\r\n") == "abc\n"


def test_backspace_redraw_of_a_line_editor() -> None:
    # libedit/readline redraw: back over the line and write it again
    assert shown("mysql> SELEC", "\x08\x08\x08\x08\x08SELECT 1;\r\n") == "mysql> SELECT 1;\n"


def test_a_long_line_wraps_on_the_screen_and_is_one_line_in_the_transcript() -> None:
    # as kubectl 1.37's "Session ended, resume using 'kubectl attach ...'" after a session
    assert shown("x" * 85 + "\r\n") == "x" * 85 + "\n"
    terminal = Terminal(10)
    terminal.feed("0123456789abc\r\nnext\r\n")
    assert terminal.lines[:2] == [list("0123456789"), list("abc")]  # the screen wrapped it
    assert terminal.text() == "0123456789abc\nnext\n"
    # spaces at the wrap are the line's own
    terminal = Terminal(4)
    terminal.feed("ab    cd\r\n")
    assert terminal.text() == "ab    cd\n"
