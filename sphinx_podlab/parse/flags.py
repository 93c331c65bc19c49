"""kubectl's argument scanning, shared by every verb: flags anywhere, ``-n`` before the verb,
``--flag=value``, ``-it`` (``-i -t``), ``-oyaml`` (``-o yaml``), and ``--`` ending the flags.

A verb declares its flags in a :class:`FlagSpec`; the scanner rejects every other flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model.errors import PodlabSyntaxError
from ..model.messages import Text, msg


class UnsupportedCommand(PodlabSyntaxError):
    """A command podlab cannot run; the registry adds the list of supported commands."""


def unsupported(message: Text) -> UnsupportedCommand:
    """podlab's own words are a ``msg(...)`` (translated); kubectl's own validation messages
    are plain text, as kubectl prints them."""
    return UnsupportedCommand(message)


@dataclass(frozen=True)
class FlagSpec:
    """Spellings of a verb's flags, each mapped to its canonical name."""

    booleans: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)

    def spellings(self) -> list[str]:
        return sorted({*self.booleans, *self.values})


# Flags every verb takes.
COMMON = FlagSpec(values={"-n": "namespace", "--namespace": "namespace"})


@dataclass
class ParsedArgs:
    """A command line after flag scanning; ``verb`` is how messages name the command."""

    verb: str
    positionals: list[str]
    flags: dict[str, list[str]]
    after_dashes: list[str] | None

    def single(self, name: str) -> str | None:
        """The value of a flag given at most once."""
        values = self.flags.get(name)
        if not values:
            return None
        if len(values) > 1:
            raise unsupported(msg("flag for %(name)s given more than once", name=name))
        return values[0]

    def has(self, name: str) -> bool:
        return name in self.flags

    @property
    def namespace(self) -> str | None:
        return self.single("namespace")


def take_word(args: list[str]) -> str | None:
    """Remove and return the first argument that is not a flag (the verb, or a sub-verb),
    stepping over ``-n NS`` as kubectl allows it before the verb; None if there is none."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return args.pop(index)
        index += 2 if arg in COMMON.values else 1
    return None


def scan_flags(verb: str, args: list[str], spec: FlagSpec) -> ParsedArgs:
    booleans = {**spec.booleans}
    values = {**COMMON.values, **spec.values}
    positionals: list[str] = []
    flags: dict[str, list[str]] = {}
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            return ParsedArgs(verb, positionals, flags, args[index:])
        if not arg.startswith("-") or arg == "-":
            positionals.append(arg)
            continue
        name, equals, inline_value = arg.partition("=")
        value: str | None = inline_value if equals else None
        if name in booleans:  # ``--flag=false`` keeps its value, as Go's flag package does
            flags.setdefault(booleans[name], []).append(value if value is not None else "true")
        elif name in values:
            if value is None:
                if index >= len(args):
                    raise unsupported(msg("flag %(flag)s of 'kubectl %(verb)s' needs a value",
                                          flag=name, verb=verb))
                value = args[index]
                index += 1
            flags.setdefault(values[name], []).append(value)
        elif _is_short_cluster(name):  # the whole word: in -ojsonpath={.x} "=" is the value's
            _expand_short(verb, arg, booleans, values, flags)
        else:
            known = sorted({*booleans, *values})
            raise unsupported(msg("flag %(flag)s of 'kubectl %(verb)s' is not supported "
                                  "(known: %(known)s)", flag=name, verb=verb,
                                  known=", ".join(known)))
    return ParsedArgs(verb, positionals, flags, None)


def _is_short_cluster(name: str) -> bool:
    return len(name) > 2 and name[0] == "-" and name[1] != "-"


def _expand_short(
    verb: str,
    cluster: str,
    booleans: dict[str, str],
    values: dict[str, str],
    flags: dict[str, list[str]],
) -> None:
    """``-it`` is ``-i -t``; ``-oyaml`` is ``-o yaml``."""
    for position, letter in enumerate(cluster[1:], start=1):
        short = f"-{letter}"
        if short in booleans:
            flags.setdefault(booleans[short], []).append("true")
        elif short in values:
            rest = cluster[position + 1 :]  # pflag: -o=yaml is -o yaml, -oa=b is -o a=b
            flags.setdefault(values[short], []).append(rest[1:] if rest.startswith("=") else rest)
            return
        else:
            raise unsupported(msg("flag %(flag)s of 'kubectl %(verb)s' is not supported",
                                  flag=cluster, verb=verb))
