"""``kubectl rollout history deployment/NAME [--revision=N]``: the revisions and their
change causes (``REVISION  CHANGE-CAUSE``), or one revision's pod template as
``describe`` prints it (without tab alignment: kubectl writes the template straight).

StatefulSets and DaemonSets keep their history in ControllerRevisions: not supported yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..describe.common import Settings
from ..describe.podtemplate import write_pod_template
from ..describe.writer import RawPrefixWriter
from ..execute.context import Context
from ..execute.failures import CliError
from ..execute.rest import object_path
from ..execute.revisions import CHANGE_CAUSE, by_revision, owned_replicasets
from ..execute.tables import tabwrite
from ..model.messages import msg
from ..model.objects import ObjectRef
from ..parse.args import object_refs
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb


@dataclass(frozen=True)
class RolloutHistory:
    target: ObjectRef
    revision: int = 0
    namespace: str | None = None


FLAGS = FlagSpec(values={"--revision": "revision"})


def deployment_target(args: ParsedArgs) -> ObjectRef:
    """The one Deployment a rollout sub-verb acts on (other kinds: a clear error)."""
    refs = object_refs(args.positionals, args.verb)
    if len(refs) != 1:
        raise unsupported(msg("'kubectl %(verb)s' takes one object", verb=args.verb))
    if refs[0].resource.kind != "Deployment":
        raise unsupported(msg("'kubectl %(verb)s' of %(plural)s is not supported yet "
                              "(podlab knows Deployments)", verb=args.verb,
                              plural=refs[0].resource.plural))
    return refs[0]


def parse(args: ParsedArgs) -> RolloutHistory:
    text = args.single("revision") or "0"
    if not text.isdigit():
        raise unsupported(f'invalid argument "{text}" for "--revision" flag')
    return RolloutHistory(deployment_target(args), int(text), args.namespace)


def run(ctx: Context, command: RolloutHistory) -> None:
    namespace = ctx.namespace(command.namespace)
    ref = command.target
    deployment = ctx.get(object_path(ref.resource, namespace, ref.name))
    revisions = by_revision(owned_replicasets(ctx, deployment))
    shown = f"{ref.resource.qualified_kind}/{ref.name}"
    if not revisions:
        ctx.output.out(f"{shown} \nNo rollout history found.\n")
        return
    if command.revision:
        rs = revisions.get(command.revision)
        if rs is None:
            raise CliError("unable to find the specified revision")
        template = dict((rs.get("spec") or {}).get("template") or {})
        cause = ((rs.get("metadata") or {}).get("annotations") or {}).get(CHANGE_CAUSE)
        if cause:  # kubectl shows the ReplicaSet's change cause among the template's
            metadata = dict(template.get("metadata") or {})
            metadata["annotations"] = {**(metadata.get("annotations") or {}),
                                       CHANGE_CAUSE: cause}
            template["metadata"] = metadata
        w = RawPrefixWriter()
        write_pod_template(w, template, Settings(now=datetime.now(UTC), minor=ctx.minor))
        ctx.output.out(f"{shown} with revision #{command.revision}\n{w.text()}\n")
        return
    rows = ["REVISION\tCHANGE-CAUSE"]
    for number in sorted(revisions):
        annotations = (revisions[number].get("metadata") or {}).get("annotations") or {}
        rows.append(f"{number}\t{annotations.get(CHANGE_CAUSE) or '<none>'}")
    table = tabwrite("\n".join(rows) + "\n", 0, 2)
    ctx.output.out(f"{shown} \n{table}\n")


VERB = Verb("rollout history", "kubectl rollout history deployment/NAME [--revision=N]", FLAGS,
            parse)
