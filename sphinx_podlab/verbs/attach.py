"""``kubectl attach -it POD|TYPE/NAME [-c C]`` and the lines the reader types inside
(``pkg/cmd/attach``): the container's own terminal, as ``run -it`` attaches it.

As kubectl: its two notices on stderr, the session (``execute/exec_session.py``), and
the ``Session ended, resume using ...`` line after it (kubectl 1.34: for a pod that
restarts its containers only). Without ``-i`` and ``-t`` (attach streaming the output) it is not
supported: write ``kubectl logs -f``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.exec_session import attach_connector, run_session
from ..execute.pods import default_container
from ..execute.targets import resolve_pod
from ..model.errors import PodlabExecutionError
from ..model.objects import ObjectRef
from ..parse.args import pod_or_object
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb
from .run_attach import NOTICES, reattach_message


@dataclass(frozen=True)
class Attach:
    target: ObjectRef
    container: str | None = None
    namespace: str | None = None
    typed: tuple[str, ...] = ()


FLAGS = FlagSpec(booleans={"-i": "stdin", "--stdin": "stdin", "-t": "tty", "--tty": "tty",
                           "-q": "quiet", "--quiet": "quiet"},
                 values={"-c": "container", "--container": "container"})


def parse(args: ParsedArgs) -> Attach:
    if len(args.positionals) != 1:
        raise unsupported("'kubectl attach' needs exactly one POD or TYPE/NAME")
    if not (args.has("stdin") and args.has("tty")):
        raise unsupported("'kubectl attach' without -it (streaming the output) is not "
                          "supported: write 'kubectl logs -f'")
    return Attach(pod_or_object(args.positionals[0]), args.single("container"), args.namespace)


def run(ctx: Context, command: Attach) -> None:
    namespace = ctx.namespace(command.namespace)
    pod, _notice = resolve_pod(ctx, command.target, namespace, "exec")
    name = str(pod["metadata"]["name"])
    container = command.container
    if not container:
        container, notice = default_container(pod)
        ctx.output.err(notice)
    ctx.output.in_order = []  # the notices come before the session on the terminal
    ctx.output.err(NOTICES)
    api_client = ctx.new_api_client()
    try:
        outcome = run_session(attach_connector(namespace, name, container), api_client,
                              command.typed, ctx.deadline.bound(3600), ctx.deadline.progress)
    finally:
        api_client.close()  # type: ignore[no-untyped-call]
    if outcome.error is not None:
        raise PodlabExecutionError(f"the session in pod/{name} failed: {outcome.error}")
    ctx.output.out(outcome.transcript)
    ctx.output.out(reattach_message(ctx, pod, container, namespace))


VERB = Verb("attach", "kubectl attach -it POD|TYPE/NAME [-c CONTAINER]", FLAGS, parse)
