"""github.com/mitchellh/go-wordwrap's ``WrapString``, which kubectl explain wraps text with.

Words are kept whole; a line break goes before the word that would pass the limit (unless
the word alone is as long as the limit); the spaces where a line is broken are dropped, and
existing line breaks stay.
"""

from __future__ import annotations

NBSP = "\xa0"


def wrap_string(text: str, limit: int) -> str:
    out: list[str] = []
    current = 0
    word: list[str] = []
    spaces: list[str] = []
    for char in text:
        if char == "\n":
            if not word:
                if current + len(spaces) > limit:
                    current = 0
                else:
                    out += spaces
            else:
                out += spaces
                out += word
                word = []
            spaces = []
            out.append(char)
            current = 0
        elif char.isspace() and char != NBSP:
            if not spaces or word:
                current += len(spaces) + len(word)
                out += spaces
                out += word
                spaces, word = [], []
            spaces.append(char)
        else:
            word.append(char)
            if current + len(word) + len(spaces) > limit and len(word) < limit:
                out.append("\n")
                current = 0
                spaces = []
    if not word:
        if current + len(spaces) <= limit:
            out += spaces
    else:
        out += spaces
        out += word
    return "".join(out)
