"""``kubectl patch TYPE NAME | TYPE/NAME -p PATCH | --patch-file FILE [--type
strategic|merge|json]``: the patch
(JSON or YAML) sent as it is; ``KIND/NAME patched``, or ``patched (no change)`` when the
object the server returns equals the one read before (kubectl's reflect.DeepEqual)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.rest import MERGE_PATCH, STRATEGIC_MERGE_PATCH, ApiError, object_path
from ..model.objects import ObjectRef
from ..parse.args import object_refs
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

CONTENT_TYPES = {"json": "application/json-patch+json", "merge": MERGE_PATCH,
                 "strategic": STRATEGIC_MERGE_PATCH}


@dataclass(frozen=True)
class Patch:
    targets: tuple[ObjectRef, ...]
    patch: str  # the text of -p, or the name of --patch-file
    type: str = "strategic"
    namespace: str | None = None
    from_file: bool = False

    @property
    def data_files(self) -> tuple[str, ...]:
        """A ``--patch-file`` is the book's own file, part of the page's key."""
        return (self.patch,) if self.from_file else ()


FLAGS = FlagSpec(values={"-p": "patch", "--patch": "patch", "--type": "type",
                         "--patch-file": "patch-file"})


def parse(args: ParsedArgs) -> Patch:
    patch, patch_file = args.single("patch"), args.single("patch-file")
    if patch is not None and patch_file is not None:
        raise unsupported("cannot specify --patch and --patch-file together")
    if patch is None and patch_file is None:
        raise unsupported("must specify --patch or --patch-file containing the contents of "
                          "the patch")
    kind = (args.single("type") or "strategic").lower()
    if kind not in CONTENT_TYPES:
        raise unsupported(f'--type must be one of [json merge strategic], not "{kind}"')
    return Patch(object_refs(args.positionals, "patch"), patch or str(patch_file), kind,
                 args.namespace, from_file=patch is None)


def _body(text: str) -> object:
    """yaml.ToJSON: a JSON or YAML patch document."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CliError(f'unable to parse "{text}": error converting YAML to JSON: {exc}') from exc


def run(ctx: Context, command: Patch) -> None:
    text = command.patch
    if command.from_file:
        text = ctx.resolve_manifest(command.patch).read_text(encoding="utf-8")
    body = _body(text)
    namespace = ctx.namespace(command.namespace)
    errors: list[KubectlFailure] = []
    for ref in command.targets:
        path = object_path(ref.resource, namespace if ref.resource.namespaced else None,
                           ref.name)
        try:
            before = ctx.get(path)
            after = ctx.rest.send("PATCH", path, body, content_type=CONTENT_TYPES[command.type],
                                  query={"fieldManager": "kubectl-patch"}, timeout=ctx.timeout())
        except ApiError as exc:
            if exc.code == 415:
                errors.append(CliError(f"{CONTENT_TYPES[command.type]} is not supported by "
                                       f"{ref.resource.api_version}, Kind="
                                       f"{ref.resource.kind}: {exc.message}"))
            else:
                errors.append(exc)
            continue
        same = json.dumps(before, sort_keys=True) == json.dumps(after, sort_keys=True)
        ctx.output.out(f"{ref.resource.qualified_kind}/{ref.name} patched"
                       f"{' (no change)' if same else ''}\n")
    ctx.output.fail(errors)


VERB = Verb("patch", "kubectl patch TYPE/NAME -p PATCH [--type strategic|merge|json]", FLAGS,
            parse)
