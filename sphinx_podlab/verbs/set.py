"""``kubectl set image|env|resources TYPE/NAME ...``: changes to the containers of a pod or
of a workload's pod template, as kubectl's ``set`` commands make them.

- ``set image TYPE/NAME CONTAINER=IMAGE... | *=IMAGE`` → ``KIND/NAME image updated``
- ``set env TYPE/NAME KEY=VALUE... KEY-... [-c CONTAINER] [--list] [--overwrite=false]``
  → ``KIND/NAME env updated`` (``--list`` prints ``# Kind name, container c`` and the values)
- ``set resources TYPE/NAME --limits=cpu=200m,memory=512Mi --requests=... [-c CONTAINER]``
  → ``KIND/NAME resource requirements updated``

An object that does not change is not printed (kubectl skips an empty patch). The change is
sent as a JSON patch of the containers it touches, each guarded by a test of its name.
"""

from __future__ import annotations

import copy
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.keyvalues import split_resources_and_pairs
from ..execute.rest import ApiError
from ..execute.selection import Selected, Selection, parse_selection, read_selection
from ..model.kinds import Obj
from ..model.messages import Message, msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

JSON_PATCH = "application/json-patch+json"
POD_SPEC_PATHS = {  # where each kind keeps its pod spec (UpdatePodSpecForObject)
    "Pod": ("spec",),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
TEMPLATE_KINDS = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
                  "ReplicationController"}


@dataclass(frozen=True)
class SetImage:
    selection: Selection
    images: tuple[tuple[str, str], ...]  # (container or "*", image)
    namespace: str | None = None


@dataclass(frozen=True)
class SetEnv:
    selection: Selection
    settings: tuple[tuple[str, str], ...]
    removals: tuple[str, ...]
    container: str = "*"
    list_only: bool = False
    overwrite: bool = True
    namespace: str | None = None


@dataclass(frozen=True)
class SetResources:
    selection: Selection
    limits: tuple[tuple[str, str], ...]
    requests: tuple[tuple[str, str], ...]
    container: str = "*"
    namespace: str | None = None


SELECT = {"-l": "selector", "--selector": "selector"}
IMAGE_FLAGS = FlagSpec(booleans={"--all": "all"}, values=SELECT)
ENV_FLAGS = FlagSpec(booleans={"--all": "all", "--list": "list", "--overwrite": "overwrite"},
                     values={**SELECT, "-c": "containers", "--containers": "containers"})
RESOURCES_FLAGS = FlagSpec(booleans={"--all": "all"},
                           values={**SELECT, "-c": "containers", "--containers": "containers",
                                   "--limits": "limits", "--requests": "requests"})


def _pairs(items: list[str], what: Message) -> tuple[tuple[str, str], ...]:
    found = []
    for item in items:
        key, equals, value = item.partition("=")
        if not equals or not key:
            raise unsupported(msg("invalid %(what)s %(item)r: use NAME=VALUE", what=what,
                                  item=item))
        found.append((key, value))
    return tuple(found)


def parse_image(args: ParsedArgs) -> SetImage:
    resources, pairs = split_resources_and_pairs(args.positionals, "image")
    if not pairs:
        raise unsupported("at least one image update is required")
    images = _pairs(pairs, msg("image update"))
    if any(name == "*" for name, _ in images) and len(images) > 1:
        raise unsupported("all containers are already specified by *, but saw more than one "
                          "container_name=container_image pairs")
    return SetImage(parse_selection(resources, args), images, args.namespace)


def parse_env(args: ParsedArgs) -> SetEnv:
    resources, pairs = split_resources_and_pairs(args.positionals, "environment")
    removals = tuple(pair[:-1] for pair in pairs if pair.endswith("-") and "=" not in pair)
    settings = _pairs([pair for pair in pairs if "=" in pair], msg("environment variable"))
    list_only = args.has("list")
    if not (settings or removals or list_only):
        raise unsupported("at least one environment variable must be provided")
    overwrite = (args.flags.get("overwrite") or ["true"])[-1] != "false"
    return SetEnv(parse_selection(resources, args), settings, removals,
                  args.single("containers") or "*", list_only, overwrite, args.namespace)


def _quantities(text: str | None) -> tuple[tuple[str, str], ...]:
    if not text:
        return ()
    return _pairs(text.split(","), msg("resource"))


def parse_resources(args: ParsedArgs) -> SetResources:
    limits, requests = _quantities(args.single("limits")), _quantities(args.single("requests"))
    if not (limits or requests):
        raise unsupported("you must specify an update to requests or limits (in the form of "
                          "--requests/--limits)")
    return SetResources(parse_selection(args.positionals, args), limits, requests,
                        args.single("containers") or "*", args.namespace)


def _spec_path(kind: str) -> tuple[str, ...] | None:
    if kind in TEMPLATE_KINDS:
        return ("spec", "template", "spec")
    return POD_SPEC_PATHS.get(kind)


def _pod_spec(obj: Obj, path: tuple[str, ...]) -> Obj:
    node: Obj = obj
    for key in path:
        node = node.get(key) or {}
    return node


def _change_containers(ctx: Context, selected: Selected, change: Callable[[Obj], bool],
                       what: str, errors: list[KubectlFailure]) -> None:
    """Apply ``change`` (True when it changed the container) to copies of the containers and
    patch what changed; print ``KIND/NAME <what> updated`` when something did."""
    path = _spec_path(str(selected.obj.get("kind")))
    if path is None:
        errors.append(CliError(f"error: {selected.resource.plural}/{selected.name} "
                               f"{selected.resource.kind} is not supported"))
        return
    spec = _pod_spec(selected.obj, path)
    operations: list[Obj] = []
    for field in ("initContainers", "containers"):
        for index, container in enumerate(spec.get(field) or []):
            updated = copy.deepcopy(container)
            if change(updated):
                pointer = "/" + "/".join((*path, field, str(index)))
                operations += [{"op": "test", "path": f"{pointer}/name",
                                "value": container.get("name")},
                               {"op": "replace", "path": pointer, "value": updated}]
    if not operations:
        return
    try:
        ctx.rest.send("PATCH", selected.path, operations, content_type=JSON_PATCH,
                      query={"fieldManager": "kubectl-set"}, timeout=ctx.timeout())
    except ApiError as exc:
        # kubectl's wording: "failed to patch env update to pod template: ..." (resources
        # without the colon)
        separator = " " if what == "resources" else ": "
        errors.append(CliError(f"failed to patch {what} update to pod template{separator}"
                               f"{exc.message}"))
        return
    shown = "resource requirements" if what == "resources" else what
    ctx.output.out(f"{selected.shown} {shown} updated\n")


def _each(ctx: Context, selection: Selection, namespace: str | None,
          act: Callable[[Selected, list[KubectlFailure]], None]) -> None:
    errors: list[KubectlFailure] = []
    for selected in read_selection(ctx, selection, ctx.namespace(namespace)):
        if isinstance(selected, ApiError):
            errors.append(selected)
        else:
            act(selected, errors)
    ctx.output.fail(errors)


def run_image(ctx: Context, command: SetImage) -> None:
    def act(selected: Selected, errors: list[KubectlFailure]) -> None:
        path = _spec_path(str(selected.obj.get("kind"))) or ("spec",)
        spec = _pod_spec(selected.obj, path)
        names = {c.get("name") for c in (spec.get("containers") or [])
                 + (spec.get("initContainers") or [])}
        for name, _image in command.images:
            if name != "*" and name not in names:
                errors.append(CliError(f'error: unable to find container named "{name}"'))

        def change(container: Obj) -> bool:
            for name, image in command.images:
                if name in ("*", container.get("name")) and container.get("image") != image:
                    container["image"] = image
                    return True
            return False

        _change_containers(ctx, selected, change, "image", errors)

    _each(ctx, command.selection, command.namespace, act)


def run_env(ctx: Context, command: SetEnv) -> None:
    def act(selected: Selected, errors: list[KubectlFailure]) -> None:
        path = _spec_path(str(selected.obj.get("kind"))) or ("spec",)
        spec = _pod_spec(selected.obj, path)
        chosen = [c for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])
                  if fnmatch.fnmatchcase(str(c.get("name")), command.container)]
        if not chosen:
            ctx.output.err(f"Warning: {selected.obj.get('kind')}/{selected.name} does not have "
                           f'any containers matching "{command.container}"\n')
            return
        if command.list_only:
            for container in chosen:
                ctx.output.out(f"# {selected.obj.get('kind')} {selected.name}, container "
                               f"{container.get('name')}\n")
                for env in container.get("env") or []:
                    if "valueFrom" in env:
                        ctx.output.out(f"# {env['name']} from {_reference(env['valueFrom'])}\n")
                    else:
                        ctx.output.out(f"{env.get('name')}={env.get('value', '')}\n")
            return

        def change(container: Obj) -> bool:
            if not fnmatch.fnmatchcase(str(container.get("name")), command.container):
                return False
            before = container.get("env") or []
            if not command.overwrite:
                for name, value in command.settings:
                    for env in before:
                        if env.get("name") == name and env.get("value") != value:
                            raise CliError(f"'{name}' already has a value "
                                           f"({env.get('value', '')}), and --overwrite is false")
            after = _updated_env(before, command.settings, command.removals)
            if after == before:
                return False
            if after:
                container["env"] = after
            else:
                container.pop("env", None)
            return True

        try:
            _change_containers(ctx, selected, change, "env", errors)
        except CliError as exc:
            errors.append(exc)

    _each(ctx, command.selection, command.namespace, act)


def _reference(source: Obj) -> str:
    """envutil.GetEnvVarRefString."""
    if "configMapKeyRef" in source:
        ref = source["configMapKeyRef"]
        return f"configmap {ref.get('name')}, key {ref.get('key')}"
    if "secretKeyRef" in source:
        ref = source["secretKeyRef"]
        return f"secret {ref.get('name')}, key {ref.get('key')}"
    if "fieldRef" in source:
        return f"field path {source['fieldRef'].get('fieldPath')}"
    if "resourceFieldRef" in source:
        ref = source["resourceFieldRef"]
        container = f"{ref.get('containerName')}:" if ref.get("containerName") else ""
        return f"resource {container}{ref.get('resource')}"
    return "invalid source"


def _updated_env(existing: list[Obj], settings: tuple[tuple[str, str], ...],
                 removals: tuple[str, ...]) -> list[Obj]:
    """kubectl's updateEnv: removals dropped, settings replace in place, new ones appended."""
    wanted = dict(settings)
    covered = set(removals)
    out: list[Obj] = []
    for env in existing:
        name = str(env.get("name"))
        if name in covered:
            continue
        if name in wanted:
            covered.add(name)
            out.append({"name": name, "value": wanted[name]})
            continue
        out.append(env)
    for name, value in settings:
        if name not in covered:
            covered.add(name)
            out.append({"name": name, "value": value})
    return out


def run_resources(ctx: Context, command: SetResources) -> None:
    def act(selected: Selected, errors: list[KubectlFailure]) -> None:
        path = _spec_path(str(selected.obj.get("kind"))) or ("spec",)
        spec = _pod_spec(selected.obj, path)
        if not any(fnmatch.fnmatchcase(str(c.get("name")), command.container)
                   for c in spec.get("containers") or []):
            errors.append(CliError(f"error: unable to find container named "
                                   f"{command.container}"))
            return

        def change(container: Obj) -> bool:
            if not fnmatch.fnmatchcase(str(container.get("name")), command.container):
                return False
            resources = dict(container.get("resources") or {})
            for field, values in (("limits", command.limits), ("requests", command.requests)):
                if values:
                    resources[field] = {**(resources.get(field) or {}), **dict(values)}
            if resources == (container.get("resources") or {}):
                return False
            container["resources"] = resources
            return True

        _change_containers(ctx, selected, change, "resources", errors)

    _each(ctx, command.selection, command.namespace, act)


IMAGE = Verb("set image", "kubectl set image TYPE/NAME CONTAINER=IMAGE...", IMAGE_FLAGS,
             parse_image)
ENV = Verb("set env", "kubectl set env TYPE/NAME KEY=VALUE... KEY-... [-c CONTAINER] [--list]",
           ENV_FLAGS, parse_env)
RESOURCES = Verb("set resources", "kubectl set resources TYPE/NAME --limits=... --requests=... "
                 "[-c CONTAINER]", RESOURCES_FLAGS, parse_resources)
