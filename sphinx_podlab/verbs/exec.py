"""``kubectl exec [-i] [-t] [-c C] POD|TYPE/NAME -- CMD``, after waiting for the pod.

With ``-it`` and lines the reader types inside (``parse/block.py``), the session runs in a
real terminal of the container and the page shows its transcript
(``execute/exec_session.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..execute.context import Context
from ..execute.exec_session import exec_connector, run_session
from ..execute.exec_stream import ExecOutcome, UpgradeError, exit_status, run_exec, tty_text
from ..execute.failures import CliError
from ..execute.pods import default_container, has_container, not_a_container
from ..execute.rest import ApiError
from ..execute.targets import resolve_pod
from ..model.errors import PodlabExecutionError
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import pod_or_object
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb


@dataclass(frozen=True)
class Exec:
    target: ObjectRef
    command: tuple[str, ...]
    container: str | None = None
    stdin: bool = False
    tty: bool = False
    namespace: str | None = None
    typed: tuple[str, ...] = ()  # lines typed inside the session (with -it)


FLAGS = FlagSpec(
    booleans={"-i": "stdin", "--stdin": "stdin", "-t": "tty", "--tty": "tty"},
    values={"-c": "container", "--container": "container"},
)


def parse(args: ParsedArgs) -> Exec:
    if not args.after_dashes:
        raise unsupported(msg("'kubectl exec' needs '-- COMMAND' after the pod"))
    if len(args.positionals) != 1:
        raise unsupported(msg("'kubectl %(verb)s' needs exactly one POD or TYPE/NAME",
                              verb="exec"))
    return Exec(pod_or_object(args.positionals[0]), tuple(args.after_dashes),
                args.single("container"), args.has("stdin"), args.has("tty"), args.namespace)


def run(ctx: Context, command: Exec) -> None:
    namespace = ctx.namespace(command.namespace)
    try:
        pod, _notice = resolve_pod(ctx, command.target, namespace, "exec")
        phase = (pod.get("status") or {}).get("phase")
        if phase in {"Succeeded", "Failed"}:
            raise CliError(
                f"cannot exec into a container in a completed pod; current phase is {phase}"
            )
    except (ApiError, CliError) as exc:
        ctx.output.fail([exc])
        return
    container = command.container
    if not container:
        container, notice = default_container(pod)
        ctx.output.err(notice)
    elif ctx.minor >= 37 and not has_container(pod, container):  # 1.34: the server's error
        ctx.output.fail([CliError(not_a_container(pod, container))])
        return
    # kubectl uses a terminal only with both -i and -t (and a terminal on stdin, which the
    # book's reader has); -t alone runs without one.
    tty = command.tty and command.stdin
    if tty and command.typed:
        _session(ctx, command, namespace, pod["metadata"]["name"], container)
        return
    api_client = ctx.new_api_client()
    try:
        outcome = run_exec(api_client, namespace, pod["metadata"]["name"], container,
                           command.command, tty, command.stdin, ctx.deadline.bound(3600))
    finally:
        api_client.close()  # type: ignore[no-untyped-call]
    failure = exec_failure(outcome, pod["metadata"]["name"])
    if failure is not None:
        ctx.output.fail([failure])
        return
    if tty:
        ctx.output.out(tty_text(outcome.stdout))
        ctx.output.err(tty_text(outcome.stderr))
    else:
        ctx.output.out(outcome.stdout.decode("utf-8", "replace"))
        ctx.output.err(outcome.stderr.decode("utf-8", "replace"))
    code, text = exit_status(outcome.status)
    ctx.output.err(text)
    ctx.output.exit_code = code


def exec_failure(outcome: ExecOutcome, pod: str) -> CliError | ApiError | None:
    """kubectl's error for an exec that could not start (None: it ran); PodlabExecutionError
    when the stream broke (not kubectl's output)."""
    if isinstance(outcome.error, UpgradeError):
        status = outcome.error.status
        if not status or not status.get("message"):
            raise PodlabExecutionError(f"exec into pod/{pod} failed: {outcome.error}")
        code = int(status.get("code") or 500)
        if code >= 500:
            # refused by the kubelet behind the API server (e.g. container not running):
            # kubectl prints the bare message, "error: Internal error occurred: ..."
            return CliError(str(status["message"]))
        # refused by the API server itself (e.g. a wrong -c): a Status error
        return ApiError(code, status)
    if outcome.error is not None:
        raise PodlabExecutionError(f"exec into pod/{pod} failed: {outcome.error}"
                                   ) from outcome.error
    return None


def _session(ctx: Context, command: Exec, namespace: str, pod: str, container: str) -> None:
    api_client = ctx.new_api_client()
    try:
        outcome = run_session(exec_connector(namespace, pod, container, command.command),
                              api_client, command.typed, ctx.deadline.bound(3600),
                              ctx.deadline.progress)
    finally:
        api_client.close()  # type: ignore[no-untyped-call]
    if isinstance(outcome.error, UpgradeError) and outcome.error.status:
        ctx.output.fail([CliError(str(outcome.error.status.get("message") or outcome.error))])
        return
    if outcome.error is not None:
        raise PodlabExecutionError(f"the session in pod/{pod} failed: {outcome.error}")
    ctx.output.out(outcome.transcript)
    code, text = exit_status(outcome.status)
    ctx.output.err(text)
    ctx.output.exit_code = code


VERB = Verb(
    "exec", "kubectl exec [-i] [-t] [-c CONTAINER] POD|TYPE/NAME -- COMMAND...", FLAGS, parse
)
