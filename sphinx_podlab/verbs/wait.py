"""``kubectl wait --for=condition=COND|delete [--timeout=D] TYPE/NAME...``.

Its run lives in ``execute/wait.py`` (beside the readiness waits it shares code with).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.wait import run_wait
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import object_refs, parse_duration
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb


@dataclass(frozen=True)
class Wait:
    targets: tuple[ObjectRef, ...]
    condition: str  # "delete" or a condition type such as "Ready"
    timeout: float = 30.0
    namespace: str | None = None


FLAGS = FlagSpec(values={"--for": "for", "--timeout": "timeout"})


def parse(args: ParsedArgs) -> Wait:
    condition = args.single("for")
    if condition is None:
        raise unsupported(msg("'kubectl wait' needs --for=condition=COND or --for=delete"))
    if condition == "delete":
        wanted = "delete"
    elif condition.startswith("condition="):
        wanted = condition.removeprefix("condition=")
    else:
        raise unsupported(msg("--for=%(condition)s is not supported", condition=condition))
    return Wait(object_refs(args.positionals, "wait"), wanted,
                parse_duration(args.single("timeout") or "30s"), args.namespace)


run = run_wait

VERB = Verb(
    "wait", "kubectl wait --for=condition=COND|delete [--timeout=30s] TYPE/NAME", FLAGS, parse
)
