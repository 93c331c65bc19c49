"""The objects a changing verb acts on: ``TYPE NAME...``, ``TYPE/NAME...``, ``TYPE -l SEL``,
``TYPE --all`` — read from the server in kubectl's order (named ones as given, selected ones
as the server lists them, by name). Missing named objects are errors kept for the end, as
kubectl's ContinueOnError builder does."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ObjectRef, ResourceType
from ..parse.args import needs_names, resource
from ..parse.flags import ParsedArgs, unsupported
from .context import Context
from .rest import ApiError, collection_path, object_path


@dataclass(frozen=True)
class Selection:
    """Named objects, or every object of one type matching a selector (``--all``: none)."""

    refs: tuple[ObjectRef, ...] = ()
    resource: ResourceType | None = None
    selector: str | None = None


def parse_selection(positionals: list[str], args: ParsedArgs) -> Selection:
    """What ``positionals`` (type and names) with ``-l``/``--all`` name."""
    selector = args.single("selector")
    every = args.has("all")
    verb = args.verb
    if selector is not None or every:
        if selector is not None and every:
            raise unsupported("cannot set --all and --selector at the same time")
        if len(positionals) != 1 or "/" in positionals[0]:
            raise unsupported(msg("'kubectl %(verb)s -l/--all' needs exactly one resource type",
                                  verb=verb))
        return Selection(resource=resource(positionals[0]), selector=selector or "")
    if not positionals:
        raise unsupported(msg("'kubectl %(verb)s' needs TYPE NAME, TYPE/NAME, -l or --all",
                              verb=verb))
    if all("/" in item for item in positionals):
        refs = []
        for item in positionals:
            type_name, name = item.split("/", 1)
            refs.append(ObjectRef(resource(type_name), name))
        return Selection(refs=tuple(refs))
    if any("/" in item for item in positionals) or len(positionals) < 2:
        raise unsupported(needs_names(verb))
    kind = resource(positionals[0])
    return Selection(refs=tuple(ObjectRef(kind, name) for name in positionals[1:]))


@dataclass(frozen=True)
class Selected:
    resource: ResourceType
    namespace: str | None
    obj: Obj

    @property
    def name(self) -> str:
        return str(self.obj["metadata"]["name"])

    @property
    def path(self) -> str:
        return object_path(self.resource, self.namespace, self.name)

    @property
    def shown(self) -> str:
        """``deployment.apps/pma``: how kubectl's name printer shows the object."""
        return f"{self.resource.qualified_kind}/{self.name}"


def read_selection(ctx: Context, selection: Selection, namespace: str
                   ) -> list[Selected | ApiError]:
    """The selected objects as the server has them now, in order, with a NotFound (or
    other) error in the place of a named object that could not be read."""
    found: list[Selected | ApiError] = []
    if selection.resource is not None:
        kind = selection.resource
        where = namespace if kind.namespaced else None
        query: dict[str, str | int] = {}
        if selection.selector:
            query["labelSelector"] = selection.selector
        listing = ctx.get(collection_path(kind, where), query)
        for item in listing.get("items") or []:
            found.append(Selected(kind, where, item))
        return found
    for ref in selection.refs:
        where = namespace if ref.resource.namespaced else None
        try:
            found.append(Selected(ref.resource, where,
                                  ctx.get(object_path(ref.resource, where, ref.name))))
        except ApiError as exc:
            found.append(exc)
    return found
