"""``kubectl logs POD|TYPE/NAME [-c C] [--tail N]``, once the pod's containers have started."""

from __future__ import annotations

from ..parse.kubectl import Logs
from .context import Context
from .failures import CliError
from .pods import default_container
from .readiness import PODS
from .rest import ApiError, object_path
from .targets import resolve_pod


def run_logs(ctx: Context, command: Logs) -> None:
    namespace = ctx.namespace(command.namespace)
    try:
        try:
            pod, notice = resolve_pod(ctx, command.target, namespace, "logs")
        except ApiError as exc:
            if not exc.not_found:
                raise
            # kubectl logs words a missing object its own way
            raise CliError(f'error from server (NotFound): {exc.message} in namespace'
                           f' "{namespace}"') from exc
        ctx.output.err(notice)
        name = pod["metadata"]["name"]
        container = command.container
        if not container:
            container, defaulted = default_container(pod)
            ctx.output.err(defaulted)
        spec = pod.get("spec") or {}
        every = (spec.get("containers") or []) + (spec.get("initContainers") or []) + (
            spec.get("ephemeralContainers") or []
        )
        if not any(c.get("name") == container for c in every):
            # polymorphichelpers.logsForObject's own wording (no list of containers)
            raise CliError(f"container {container} is not valid for pod {name}")
        query: dict[str, str | int] = {"container": container}
        if command.tail is not None:
            query["tailLines"] = command.tail
        response = ctx.rest.request("GET", object_path(PODS, namespace, name) + "/log",
                                    query=query, accept="*/*", timeout=ctx.timeout(60))
    except (ApiError, CliError) as exc:
        ctx.output.fail([exc])
        return
    ctx.output.out(response.data.decode("utf-8", "replace"))
