"""The content of a browser step: one action per line, words quoted as in a shell.

``#`` starts a comment only at the beginning of a line: CSS selectors begin with ``#``
(``fill #input_username myuser``), so a shell's "comment at the start of a word" rule
would eat them.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..model.errors import PodlabSyntaxError

Verb = Literal[
    "open",
    "fill",
    "click",
    "wait-for",
    "wait-text",
    "expect-visible",
    "expect-text",
    "expect-value",
    "expect-absent",
    "screenshot",
]

# verb -> names of its arguments (SELECTOR first when it has one).
SYNTAX: dict[Verb, tuple[str, ...]] = {
    "open": ("PATH",),
    "fill": ("SELECTOR", "VALUE"),
    "click": ("SELECTOR",),
    "wait-for": ("SELECTOR",),
    "wait-text": ("SELECTOR", "TEXT"),
    "expect-visible": ("SELECTOR",),
    "expect-text": ("SELECTOR", "TEXT"),
    "expect-value": ("SELECTOR", "VALUE"),
    "expect-absent": ("SELECTOR",),
    "screenshot": (),
}
# verb -> names of arguments it may also take: ``screenshot #login-form`` crops the figure
# to what the selector's first visible element shows, ``screenshot 0,0,800,420`` to a region
# of the page (X,Y,WIDTH,HEIGHT in CSS pixels; no CSS selector looks like that).
OPTIONAL: dict[Verb, tuple[str, ...]] = {"screenshot": ("SELECTOR|X,Y,WIDTH,HEIGHT",)}
REGION = re.compile(r"([0-9]+),([0-9]+),([0-9]+),([0-9]+)")


def region(selector: str | None) -> tuple[int, int, int, int] | None:
    """``X,Y,WIDTH,HEIGHT`` of ``screenshot X,Y,WIDTH,HEIGHT``, or ``None`` for a selector."""
    match = REGION.fullmatch(selector or "")
    if match is None:
        return None
    x, y, width, height = (int(group) for group in match.groups())
    return x, y, width, height

# {POD@SNAPSHOT}: a pod name (DNS label/subdomain) and a snapshot name.
PLACEHOLDER = re.compile(r"\{([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)@([A-Za-z0-9_][-A-Za-z0-9_.]*)\}")


@dataclass(frozen=True)
class Action:
    """One line of a browser step.

    ``selector`` is a CSS selector (Playwright syntax); ``value`` is the PATH of ``open``,
    the VALUE of ``fill``/``expect-value`` or the TEXT of ``wait-text``/``expect-text``.
    ``line`` is the 0-based index of the line in the step's content.
    """

    verb: Verb
    line: int
    selector: str | None = None
    value: str | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for w in (self.verb, self.selector, self.value) if w is not None)

    def source(self) -> str:
        """The action as one canonical, shell-quoted line (stable across re-parses)."""
        return shlex.join(self.words)


def parse_actions(lines: Sequence[str]) -> list[Action]:
    """Parse a step's content lines; blank lines and ``#`` comment lines are skipped."""
    actions: list[Action] = []
    screenshot_line: int | None = None
    for index, text in enumerate(lines):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        action = parse_action(stripped, index)
        if action.verb == "screenshot":
            if screenshot_line is not None:
                raise PodlabSyntaxError(
                    f"only one screenshot per browser step (the first is on line "
                    f"{screenshot_line + 1} of the step)",
                    index,
                )
            screenshot_line = index
        actions.append(action)
    if not actions:
        raise PodlabSyntaxError("a browser step needs at least one action (e.g. 'open /')", 0)
    return actions


def parse_action(text: str, line: int = 0) -> Action:
    """Parse one action line; ``line`` is its index, carried by the action and by errors."""
    words = _split(text, line)
    verb_word, args = words[0], words[1:]
    if verb_word not in SYNTAX:
        raise PodlabSyntaxError(
            f"unknown browser action {verb_word!r}; supported: {', '.join(SYNTAX)}", line
        )
    verb: Verb = verb_word  # narrowed by the membership test above
    names = SYNTAX[verb]
    optional = OPTIONAL.get(verb, ())
    if not len(names) <= len(args) <= len(names) + len(optional):
        usage = " ".join((verb, *names, *(f"[{name}]" for name in optional)))
        hint = " (quote values that contain spaces)" if len(args) > len(names) else ""
        count = f"{len(names)} or {len(names) + len(optional)}" if optional else str(len(names))
        raise PodlabSyntaxError(
            f"{verb} takes {count} argument{'s' if count != '1' else ''}: "
            f"{usage}; got {len(args)}{hint}",
            line,
        )
    if verb == "open":
        path = args[0]
        # Only paths: the browser may talk to the port-forward on loopback and nothing else.
        if not path.startswith("/") or path.startswith("//"):
            raise PodlabSyntaxError(
                f"open takes a path on the forwarded server, starting with '/'; got {path!r}",
                line,
            )
        return Action(verb, line, value=path)
    if verb == "screenshot" and not args:
        return Action(verb, line)
    selector = args[0]
    if not selector.strip():
        raise PodlabSyntaxError(f"{verb}: the selector is empty", line)
    found = region(selector) if verb == "screenshot" else None
    if found is not None and (found[2] == 0 or found[3] == 0):
        raise PodlabSyntaxError(f"screenshot {selector}: the region is empty", line)
    return Action(verb, line, selector=selector, value=args[1] if len(args) > 1 else None)


def _split(text: str, line: int) -> list[str]:
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""  # see the module docstring
    try:
        words = list(lexer)
    except ValueError as exc:  # "No closing quotation", "No escaped character"
        raise PodlabSyntaxError(f"bad quoting in browser action: {exc}", line) from exc
    if not words:
        raise PodlabSyntaxError("empty browser action", line)
    return words


def placeholders(actions: Sequence[Action]) -> list[tuple[str, str]]:
    """The ``(pod, snapshot)`` pairs named by ``{POD@SNAPSHOT}`` in values, in order, once each."""
    found: list[tuple[str, str]] = []
    for action in actions:
        for match in PLACEHOLDER.finditer(action.value or ""):
            pair = (match.group(1), match.group(2))
            if pair not in found:
                found.append(pair)
    return found


class MissingPlaceholderValue(PodlabSyntaxError):
    """A ``{POD@SNAPSHOT}`` without a value (unknown snapshot, or the pod had no IP)."""

    def __init__(self, key: str, line: int, known: Sequence[str]) -> None:
        hint = f" (known: {', '.join(sorted(known))})" if known else " (no values are known)"
        super().__init__(f"no value for {{{key}}}{hint}", line)
        self.key = key


def substitute(actions: Sequence[Action], values: Mapping[str, str]) -> list[Action]:
    """Replace every ``{POD@SNAPSHOT}`` by ``values["POD@SNAPSHOT"]``; a missing key raises."""
    result: list[Action] = []
    for action in actions:
        if action.value is None or PLACEHOLDER.search(action.value) is None:
            result.append(action)
            continue

        def value_of(match: re.Match[str], action: Action = action) -> str:
            key = f"{match.group(1)}@{match.group(2)}"
            if key not in values:
                raise MissingPlaceholderValue(key, action.line, list(values))
            return values[key]

        result.append(replace(action, value=PLACEHOLDER.sub(value_of, action.value)))
    return result
