"""``kubectl rollout undo deployment/NAME [--to-revision=N]``: the template of the previous
(or the given) revision patched back into the Deployment, with its annotations, as kubectl's
DeploymentRollbacker does; ``skipped rollback (...)`` when the template already matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.readiness import wait_workload
from ..execute.rest import ApiError, object_path
from ..execute.revisions import REVISION, by_revision, owned_replicasets, without_hash
from ..model.kinds import Obj
from ..model.objects import ObjectRef
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .apply import LAST_APPLIED
from .base import Verb
from .rollout_history import deployment_target

JSON_PATCH = "application/json-patch+json"
# annotations of the Deployment that a rollback keeps (deploymentutil's annotationsToSkip)
KEPT_ANNOTATIONS = (
    "kubectl.kubernetes.io/last-applied-configuration", REVISION,
    "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to",
)


@dataclass(frozen=True)
class RolloutUndo:
    target: ObjectRef
    to_revision: int = 0
    namespace: str | None = None


FLAGS = FlagSpec(values={"--to-revision": "to-revision"})


def parse(args: ParsedArgs) -> RolloutUndo:
    text = args.single("to-revision") or "0"
    if not text.lstrip("-").isdigit():
        raise unsupported(f'invalid argument "{text}" for "--to-revision" flag')
    return RolloutUndo(deployment_target(args), int(text), args.namespace)


def _pruned(value: Any) -> Any:
    """Empty maps and lists removed: apimachinery's semantic equality treats them as unset."""
    if isinstance(value, dict):
        kept = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in ({}, [], None)}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value


def _revision_to_restore(replicasets: list[Obj], name: str, wanted: int) -> Obj:
    revisions = by_revision(replicasets)
    if wanted < 0 or (wanted > 0 and wanted not in revisions):
        raise CliError(f"unable to find specified revision {wanted} in history")
    if wanted:
        return revisions[wanted]
    ordered = sorted(revisions)
    if len(ordered) < 2:
        raise CliError(f'no rollout history found for deployment "{name}"')
    return revisions[ordered[-2]]


def run(ctx: Context, command: RolloutUndo) -> None:
    namespace = ctx.namespace(command.namespace)
    ref = command.target
    path = object_path(ref.resource, namespace, ref.name)
    try:
        deployment = ctx.get(path)
    except ApiError as exc:
        raise CliError(f"failed to retrieve Deployment {ref.name}: {exc.message}") from exc
    annotations_now = (deployment.get("metadata") or {}).get("annotations") or {}
    if ctx.minor >= 37 and LAST_APPLIED in annotations_now:  # not in kubectl 1.34
        ctx.output.err(f"Warning: resource {ref.resource.plural}/{ref.name} was previously "
                       f"managed with 'kubectl apply'. Rolling back will not update the "
                       f"{LAST_APPLIED} annotation, which may cause unexpected behavior on "
                       f"future 'kubectl apply' operations. Consider using 'kubectl apply' "
                       f"with your previous configuration file instead.\n")
    rs = _revision_to_restore(owned_replicasets(ctx, deployment), ref.name, command.to_revision)
    spec = deployment.get("spec") or {}
    if spec.get("paused"):
        raise CliError("you cannot rollback a paused deployment; resume it first with "
                       "'kubectl rollout resume' and try again")
    shown = f"{ref.resource.qualified_kind}/{ref.name}"
    template = without_hash((rs.get("spec") or {}).get("template") or {})
    if _pruned(template) == _pruned(without_hash(spec.get("template") or {})):
        # kubectl names the revision asked for: 0 when --to-revision was not given
        ctx.output.out(f"{shown} skipped rollback (current template already matches "
                       f"revision {command.to_revision})\n")
        return
    current = (deployment.get("metadata") or {}).get("annotations") or {}
    annotations = {key: current[key] for key in KEPT_ANNOTATIONS if key in current}
    for key, value in ((rs.get("metadata") or {}).get("annotations") or {}).items():
        if key not in KEPT_ANNOTATIONS:
            annotations[key] = value
    patch = [{"op": "replace", "path": "/spec/template", "value": template},
             {"op": "replace", "path": "/metadata/annotations", "value": annotations}]
    try:
        ctx.rest.send("PATCH", path, patch, content_type=JSON_PATCH, timeout=ctx.timeout())
    except ApiError as exc:
        raise CliError(f"failed restoring revision {command.to_revision}: {exc.message}") from exc
    ctx.output.out(f"{shown} rolled back\n")
    wait_workload(ctx, ref.resource, namespace, ref.name)


VERB = Verb("rollout undo", "kubectl rollout undo deployment/NAME [--to-revision=N]", FLAGS,
            parse)
