"""What a verb module declares for the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..parse.flags import FlagSpec, ParsedArgs

C_co = TypeVar("C_co", covariant=True)


@dataclass(frozen=True)
class Verb(Generic[C_co]):
    """One verb or sub-verb: ``"get"``, ``"rollout status"``, ``"create deployment"``.

    A name of two words is a sub-verb: the second word is the first argument after the verb
    (``kubectl rollout status deploy/x``), and it has its own flags, type and parse.
    """

    name: str
    usage: str  # the help line in the supported-commands list
    flags: FlagSpec
    parse: Callable[[ParsedArgs], C_co]
