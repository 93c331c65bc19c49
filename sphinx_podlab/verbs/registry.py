"""The one list of verbs; the supported-commands list, parsing and running derive from it.

Adding a verb: write its module (see CONTRIBUTING.md), add its ``VERB`` to ``VERBS``, its
command type to ``Command`` and a ``case`` to :func:`run_command`. mypy fails on a type in
``Command`` that ``run_command`` does not handle (``assert_never``), and a unit test fails on a
registered verb whose type is not in ``Command``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..model.errors import PodlabSyntaxError
from ..parse.flags import UnsupportedCommand, scan_flags, take_word, unsupported
from . import (
    annotate,
    apply,
    cluster_info,
    delete,
    describe,
    exec,
    get,
    label,
    logs,
    rollout,
    scale,
    version,
    wait,
)
from .base import Verb

if TYPE_CHECKING:
    from ..execute.context import Context

Command = (
    apply.Apply
    | get.Get
    | exec.Exec
    | delete.Delete
    | logs.Logs
    | wait.Wait
    | rollout.RolloutStatus
    | version.Version
    | cluster_info.ClusterInfo
    | scale.Scale
    | label.Label
    | annotate.Annotate
    | describe.Describe
)

VERBS: tuple[Verb[Command], ...] = (
    apply.VERB,
    get.VERB,
    exec.VERB,
    delete.VERB,
    logs.VERB,
    wait.VERB,
    rollout.STATUS,
    version.VERB,
    cluster_info.VERB,
    scale.VERB,
    label.VERB,
    annotate.VERB,
    describe.VERB,
)

SUPPORTED_COMMANDS: tuple[str, ...] = tuple(verb.usage for verb in VERBS)
_BY_NAME: dict[str, Verb[Command]] = {verb.name: verb for verb in VERBS}
# verbs that have sub-verbs ("rollout" -> {"status"}), from the two-word names
_SUBVERBS: dict[str, set[str]] = {}
for _name in _BY_NAME:
    if " " in _name:
        _group, _sub = _name.split(" ", 1)
        _SUBVERBS.setdefault(_group, set()).add(_sub)


def parse_kubectl(argv: tuple[str, ...]) -> Command:
    """Turn ``("kubectl", "get", "pods")`` into a typed command or raise PodlabSyntaxError
    naming the supported commands."""
    try:
        return _parse(argv)
    except UnsupportedCommand as error:
        raise PodlabSyntaxError(f"{error}. podlab supports: {'; '.join(SUPPORTED_COMMANDS)}",
                                error.line) from None


def find_verb(args: list[str]) -> Verb[Command]:
    """The verb (or sub-verb) of ``args`` (argv after ``kubectl``); its words are removed."""
    word = take_word(args)
    if word is None:
        raise unsupported("no kubectl verb given")
    subverbs = _SUBVERBS.get(word)
    if subverbs is not None:
        sub = take_word(args)
        if sub in subverbs:
            return _BY_NAME[f"{word} {sub}"]
        if word in _BY_NAME:  # a verb with sub-verbs may also stand alone (create -f)
            if sub is not None:
                args.insert(0, sub)
            return _BY_NAME[word]
        known = " | ".join(sorted(subverbs))
        shown = f"'kubectl {word} {sub}'" if sub else f"'kubectl {word}' without {known}"
        raise unsupported(f"{shown} is not supported (podlab knows kubectl {word} {known})")
    verb = _BY_NAME.get(word)
    if verb is None:
        raise unsupported(f"'kubectl {word}' is not supported")
    return verb


def _parse(argv: tuple[str, ...]) -> Command:
    if not argv or argv[0] != "kubectl":
        raise unsupported(f"only kubectl commands can run, not {argv[0]!r}" if argv else "empty")
    args = list(argv[1:])
    verb = find_verb(args)
    return verb.parse(scan_flags(verb.name, args, verb.flags))


def run_command(ctx: Context, command: Command) -> None:
    """Run a parsed command against the cluster; its output goes to ``ctx.output``."""
    match command:
        case apply.Apply():
            apply.run(ctx, command)
        case get.Get():
            get.run(ctx, command)
        case exec.Exec():
            exec.run(ctx, command)
        case delete.Delete():
            delete.run(ctx, command)
        case logs.Logs():
            logs.run(ctx, command)
        case wait.Wait():
            wait.run(ctx, command)
        case rollout.RolloutStatus():
            rollout.run_status(ctx, command)
        case version.Version():
            version.run(ctx, command)
        case cluster_info.ClusterInfo():
            cluster_info.run(ctx, command)
        case scale.Scale():
            scale.run(ctx, command)
        case label.Label():
            label.run(ctx, command)
        case annotate.Annotate():
            annotate.run(ctx, command)
        case describe.Describe():
            describe.run(ctx, command)
        case _:
            assert_never(command)
