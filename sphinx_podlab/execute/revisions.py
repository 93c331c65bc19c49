"""A Deployment's revisions: the ReplicaSets it owns, by their revision annotation
(kubectl's deploymentutil.GetAllReplicaSets and Revision)."""

from __future__ import annotations

from ..model.kinds import Obj
from .context import Context, known_type
from .pods import selector_string
from .rest import collection_path

REPLICASETS = known_type("replicasets")
REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
HASH_LABEL = "pod-template-hash"


def owned_replicasets(ctx: Context, deployment: Obj) -> list[Obj]:
    """The ReplicaSets the Deployment controls (its selector, its UID as controller)."""
    metadata = deployment.get("metadata") or {}
    selector = selector_string((deployment.get("spec") or {}).get("selector"))
    listing = ctx.get(collection_path(REPLICASETS, str(metadata.get("namespace"))),
                      {"labelSelector": selector} if selector else None)
    owned = []
    for rs in listing.get("items") or []:
        for owner in (rs.get("metadata") or {}).get("ownerReferences") or []:
            if owner.get("controller") and owner.get("uid") == metadata.get("uid"):
                owned.append(rs)
    return owned


def revision_of(rs: Obj) -> int | None:
    text = ((rs.get("metadata") or {}).get("annotations") or {}).get(REVISION)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def by_revision(replicasets: list[Obj]) -> dict[int, Obj]:
    found: dict[int, Obj] = {}
    for rs in replicasets:
        revision = revision_of(rs)
        if revision is not None:
            found[revision] = rs
    return found


def without_hash(template: Obj) -> Obj:
    """The pod template without the ``pod-template-hash`` label the ReplicaSet adds."""
    metadata = dict(template.get("metadata") or {})
    labels = {key: value for key, value in (metadata.get("labels") or {}).items()
              if key != HASH_LABEL}
    if labels:
        metadata["labels"] = labels
    else:
        metadata.pop("labels", None)
    return {**template, "metadata": metadata}
