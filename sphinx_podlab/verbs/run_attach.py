"""``kubectl run -it [--rm] NAME --image=IMAGE [--restart=Never] [-- CMD]``: the pod's own
terminal, attached (``RunOptions.Run`` with ``Attach`` in ``pkg/cmd/run/run.go``).

As kubectl: the pod is created with ``stdin``, ``stdinOnce`` and ``tty`` (``OnFailure``
unless ``--restart``); once it runs, kubectl's two notices go to stderr and the session
is attached (``attach``, not ``exec``); the lines the page types inside are sent to it
(``execute/exec_session.py``). A pod that completed before it could be attached shows
its log instead, as kubectl falls back to. With ``Never``/``OnFailure`` the command's
exit status is the container's; ``--rm`` deletes the pod after the session and prints
``pod "NAME" deleted from NS namespace``.

A command that types nothing (``-- nslookup mysql``) races the attach: the container may
print before the session is attached, and a terminal attached late never sees that
output (kubectl loses it the same way, now and then; when it is later still it shows the
log). Such a session that missed the container's first output shows the container's
whole output, its log, once the pod has completed: the outcome a reader sees when the
race goes the usual way, not the one that depends on the kubelet's timing.
"""

from __future__ import annotations

from ..execute.context import Context, known_type
from ..execute.deadline import poll
from ..execute.exec_session import attach_connector, run_session
from ..execute.exec_stream import TERMINAL_SIZE, UpgradeError
from ..execute.printers import GoStruct
from ..execute.readiness import wait_gone
from ..execute.rest import ApiError, deleted_uid, object_path
from ..execute.terminal import Terminal
from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from .create.common import post_object
from .delete import deleted_line
from .run import Run

PODS = known_type("pods")
NOTICES = ("All commands and output from this session will be recorded in container logs, "
           "including credentials and sensitive information passed through the command "
           "prompt.\nIf you don't see a command prompt, try pressing enter.\n")


def reattach_message(ctx: Context, pod: Obj, container: str, namespace: str) -> str:
    """What kubectl prints on the terminal after an attached session (``-it``) ended: 1.34
    for a pod that restarts its containers only, 1.37 after every session and with the
    namespace."""
    name = pod["metadata"]["name"]
    if ctx.minor >= 37:
        return (f"Session ended, resume using 'kubectl attach {name} -c {container} "
                f"-n {namespace} -i -t' command\n")
    if ((pod.get("spec") or {}).get("restartPolicy") or "Always") != "Always":
        return ""
    return (f"Session ended, resume using 'kubectl attach {name} -c {container} -i -t' "
            "command when the pod is running\n")


def _phase(pod: Obj) -> str:
    return str((pod.get("status") or {}).get("phase") or "")


def _ready(pod: Obj) -> bool:
    conditions = (pod.get("status") or {}).get("conditions") or []
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


def run_attached(ctx: Context, command: Run, pod: GoStruct, namespace: str) -> None:
    name = command.name
    ctx.output.in_order = []  # the notices come before the session on the terminal
    post_object(ctx, PODS, namespace, pod, "kubectl-run")
    path = object_path(PODS, namespace, name)
    failure: tuple[str, int] | None = None
    try:
        def running_or_done() -> tuple[Obj | None, str]:
            current = ctx.get(path)
            phase = _phase(current)
            if phase in ("Succeeded", "Failed") or (phase == "Running" and _ready(current)):
                return current, ""
            return None, phase

        current = poll(ctx.deadline, f"pod/{name} to be running", running_or_done)
        if _phase(current) in ("Succeeded", "Failed"):
            _logs(ctx, path, name)  # done before it could be attached: kubectl shows its log
        else:
            ctx.output.err(NOTICES)
            refused = _session(ctx, command, namespace, path)
            if refused is not None:  # kubectl's fallback when the attach fails
                ctx.output.err(f"warning: couldn't attach to pod/{name}, falling back to "
                               f"streaming logs: unable to upgrade connection: {refused}\n")
                _logs(ctx, path, name)
            elif command.stdin and command.tty:
                ctx.output.out(reattach_message(ctx, current, command.name, namespace))
        if command.restart in ("Never", "OnFailure"):
            failure = _exit_status(ctx, path, name, namespace, command.restart)
    finally:
        if command.rm:  # kubectl's deferred removal: before the error is printed
            _remove(ctx, path, name, namespace)
    if failure is not None:
        text, code = failure
        ctx.output.err(text)
        ctx.output.exit_code = code


def _logs(ctx: Context, path: str, name: str) -> None:
    ctx.output.out(_log_text(ctx, path, name).replace("\r\n", "\n"))


def _log_text(ctx: Context, path: str, name: str) -> str:
    response = ctx.rest.request("GET", path + "/log", query={"container": name}, accept="*/*",
                                timeout=ctx.timeout(60))
    return str(response.data.decode("utf-8", "replace"))


def _attached_late(ctx: Context, command: Run, path: str, transcript: str) -> str:
    """The transcript of a session that typed nothing; the container's whole output instead
    when the session was attached after the container's first output (see the module's
    docstring). Only for a pod that does not restart its container: its log is then the
    one run the session saw."""
    if command.typed or not command.tty or command.restart != "Never":
        return transcript
    _completed(ctx, path, command.name, command.restart)
    terminal = Terminal(TERMINAL_SIZE["Width"])
    terminal.feed(_log_text(ctx, path, command.name))
    whole = terminal.text()
    if len(whole) > len(transcript) and whole.endswith(transcript):
        ctx.deadline.progress(f"pod/{command.name} printed before the session was attached: "
                              "the page shows its whole output (its log)")
        return whole
    return transcript


def _session(ctx: Context, command: Run, namespace: str, path: str) -> str | None:
    """The session attached; the kubelet's refusal instead when it could not be (the
    container ended meanwhile)."""
    api_client = ctx.new_api_client()
    try:
        outcome = run_session(attach_connector(namespace, command.name, command.name,
                                               command.tty),
                              api_client, command.typed, ctx.deadline.bound(3600),
                              ctx.deadline.progress)
    finally:
        api_client.close()  # type: ignore[no-untyped-call]
    if isinstance(outcome.error, UpgradeError) and outcome.error.body:
        return outcome.error.body
    if outcome.error is not None:
        raise PodlabExecutionError(f"the session in pod/{command.name} failed: "
                                   f"{outcome.error}")
    ctx.output.out(_attached_late(ctx, command, path, outcome.transcript))
    ctx.output.err(outcome.stderr.decode("utf-8", "replace"))
    return None


def _completed(ctx: Context, path: str, name: str, restart: str) -> Obj:
    """The pod once its container's command has ended for good (``OnFailure`` restarts a
    failed one)."""
    def completed() -> tuple[Obj | None, str]:
        current = ctx.get(path)
        phase = _phase(current)
        done = phase == "Succeeded" or (phase == "Failed" and restart == "Never")
        return (current if done else None), phase

    return poll(ctx.deadline, f"pod/{name} to complete", completed)


def _exit_status(ctx: Context, path: str, name: str, namespace: str,
                 restart: str) -> tuple[str, int] | None:
    """Once the pod completed: kubectl's error text and exit status, None on success."""
    pod = _completed(ctx, path, name, restart)
    if _phase(pod) == "Succeeded":
        return None
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    terminated = ((statuses[0].get("state") or {}).get("terminated") or {}) if statuses else {}
    code = int(terminated.get("exitCode") or 0)
    if not terminated or code == 0:
        return f"error: pod {namespace}/{name} failed with unknown exit code\n", 1
    # a CodeExitError: kubectl prints its message as it is and exits with the code
    message = str(terminated.get("message") or "")
    return (f"pod {namespace}/{name} terminated ({terminated.get('reason', '')})\n"
            + (message + "\n" if message else "")), code


def _remove(ctx: Context, path: str, name: str, namespace: str) -> None:
    try:
        response = ctx.rest.send("DELETE", path, {"kind": "DeleteOptions", "apiVersion": "v1"},
                                 timeout=ctx.timeout())
    except ApiError as exc:
        if exc.not_found:
            return
        raise
    ctx.output.out(deleted_line(PODS, name, namespace, ctx.minor))
    wait_gone(ctx, PODS, namespace, name, deleted_uid(response))
