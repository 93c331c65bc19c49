"""``kubectl exec [-i] [-t] [-c C] POD|TYPE/NAME -- CMD``, after waiting for the pod."""

from __future__ import annotations

from ..parse.kubectl import Exec
from .context import Context
from .exec_stream import UpgradeError, exit_status, run_exec, tty_text
from .failures import CliError
from .pods import default_container
from .rest import ApiError
from .result import PodlabExecutionError
from .targets import resolve_pod


def run_exec_command(ctx: Context, command: Exec) -> None:
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
    # kubectl uses a terminal only with both -i and -t (and a terminal on stdin, which the
    # book's reader has); -t alone runs without one.
    tty = command.tty and command.stdin
    api_client = ctx.new_api_client()
    try:
        outcome = run_exec(api_client, namespace, pod["metadata"]["name"], container,
                           command.command, tty, command.stdin, ctx.deadline.bound(3600))
    finally:
        api_client.close()  # type: ignore[no-untyped-call]
    if isinstance(outcome.error, UpgradeError):
        status = outcome.error.status
        if not status or not status.get("message"):
            raise PodlabExecutionError(f"exec into pod/{pod['metadata']['name']} failed: "
                                       f"{outcome.error}")
        code = int(status.get("code") or 500)
        if code >= 500:
            # refused by the kubelet behind the API server (e.g. container not running):
            # kubectl prints the bare message, "error: Internal error occurred: ..."
            ctx.output.fail([CliError(str(status["message"]))])
        else:
            # refused by the API server itself (e.g. a wrong -c): a Status error
            ctx.output.fail([ApiError(code, status)])
        return
    if outcome.error is not None:
        raise PodlabExecutionError(
            f"exec into pod/{pod['metadata']['name']} failed: {outcome.error}"
        ) from outcome.error
    if tty:
        ctx.output.out(tty_text(outcome.stdout))
        ctx.output.err(tty_text(outcome.stderr))
    else:
        ctx.output.out(outcome.stdout.decode("utf-8", "replace"))
        ctx.output.err(outcome.stderr.decode("utf-8", "replace"))
    code, text = exit_status(outcome.status)
    ctx.output.err(text)
    ctx.output.exit_code = code
