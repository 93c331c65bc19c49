"""kubectl command lines (argv) into typed commands, for the subset podlab implements.

Anything outside the subset is rejected here, at parse time, with a message that names
what is supported: a page never shows output podlab cannot reproduce faithfully.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import PodlabSyntaxError
from .resources import ResourceType, find_resource_type

SUPPORTED_COMMANDS = (
    "kubectl apply -f FILE",
    "kubectl get TYPE [NAME...] [-o wide|yaml|json|name] [-l SELECTOR] [-A]",
    "kubectl exec [-i] [-t] [-c CONTAINER] POD|TYPE/NAME -- COMMAND...",
    "kubectl delete TYPE NAME... | TYPE/NAME | -f FILE",
    "kubectl logs POD|TYPE/NAME [-c CONTAINER] [--tail N]",
    "kubectl wait --for=condition=COND|delete [--timeout=30s] TYPE/NAME",
    "kubectl rollout status TYPE/NAME",
)
GET_OUTPUTS = ("wide", "yaml", "json", "name")


@dataclass(frozen=True)
class ObjectRef:
    resource: ResourceType
    name: str


@dataclass(frozen=True)
class Apply:
    files: tuple[str, ...]
    namespace: str | None = None


@dataclass(frozen=True)
class Get:
    resource: ResourceType
    names: tuple[str, ...] = ()
    output: str | None = None
    selector: str | None = None
    all_namespaces: bool = False
    namespace: str | None = None


@dataclass(frozen=True)
class Exec:
    target: ObjectRef
    command: tuple[str, ...]
    container: str | None = None
    stdin: bool = False
    tty: bool = False
    namespace: str | None = None


@dataclass(frozen=True)
class Delete:
    objects: tuple[ObjectRef, ...] = ()
    files: tuple[str, ...] = ()
    namespace: str | None = None


@dataclass(frozen=True)
class Logs:
    target: ObjectRef
    container: str | None = None
    tail: int | None = None
    namespace: str | None = None


@dataclass(frozen=True)
class Wait:
    targets: tuple[ObjectRef, ...]
    condition: str  # "delete" or a condition type such as "Ready"
    timeout: float = 30.0
    namespace: str | None = None


@dataclass(frozen=True)
class RolloutStatus:
    target: ObjectRef
    timeout: float | None = None
    namespace: str | None = None


Command = Apply | Get | Exec | Delete | Logs | Wait | RolloutStatus


@dataclass
class _FlagSpec:
    booleans: dict[str, str] = field(default_factory=dict)  # spelling -> canonical name
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class _Parsed:
    positionals: list[str]
    flags: dict[str, list[str]]
    after_dashes: list[str] | None


_COMMON = _FlagSpec(values={"-n": "namespace", "--namespace": "namespace"})
_VERB_FLAGS: dict[str, _FlagSpec] = {
    "apply": _FlagSpec(values={"-f": "filename", "--filename": "filename"}),
    "get": _FlagSpec(
        booleans={"-A": "all-namespaces", "--all-namespaces": "all-namespaces"},
        values={"-o": "output", "--output": "output", "-l": "selector", "--selector": "selector"},
    ),
    "exec": _FlagSpec(
        booleans={"-i": "stdin", "--stdin": "stdin", "-t": "tty", "--tty": "tty"},
        values={"-c": "container", "--container": "container"},
    ),
    "delete": _FlagSpec(values={"-f": "filename", "--filename": "filename"}),
    "logs": _FlagSpec(values={"-c": "container", "--container": "container", "--tail": "tail"}),
    "wait": _FlagSpec(values={"--for": "for", "--timeout": "timeout"}),
    "rollout": _FlagSpec(values={"--timeout": "timeout"}),
}


def unsupported(message: str) -> PodlabSyntaxError:
    supported = "; ".join(SUPPORTED_COMMANDS)
    return PodlabSyntaxError(f"{message}. podlab supports: {supported}")


def parse_kubectl(argv: tuple[str, ...]) -> Command:
    """Turn ``("kubectl", "get", "pods")`` into a typed command or raise."""
    if not argv or argv[0] != "kubectl":
        raise unsupported(f"only kubectl commands can run, not {argv[0]!r}" if argv else "empty")
    verb, rest = _split_verb(list(argv[1:]))
    spec = _VERB_FLAGS[verb]
    parsed = _scan_flags(verb, rest, spec)
    namespace = _single(parsed, "namespace")
    if verb == "apply":
        return _apply(parsed, namespace)
    if verb == "get":
        return _get(parsed, namespace)
    if verb == "exec":
        return _exec(parsed, namespace)
    if verb == "delete":
        return _delete(parsed, namespace)
    if verb == "logs":
        return _logs(parsed, namespace)
    if verb == "wait":
        return _wait(parsed, namespace)
    return _rollout(parsed, namespace)


def _split_verb(args: list[str]) -> tuple[str, list[str]]:
    """Find the verb, allowing ``-n NS`` before it as kubectl does."""
    before: list[str] = []
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        before.append(flag)
        if flag in _COMMON.values and args:
            before.append(args.pop(0))
    if not args:
        raise unsupported("no kubectl verb given")
    verb = args.pop(0)
    if verb not in _VERB_FLAGS:
        raise unsupported(f"'kubectl {verb}' is not supported")
    return verb, before + args


def _scan_flags(verb: str, args: list[str], spec: _FlagSpec) -> _Parsed:
    booleans = {**spec.booleans}
    values = {**_COMMON.values, **spec.values}
    positionals: list[str] = []
    flags: dict[str, list[str]] = {}
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            return _Parsed(positionals, flags, args[index:])
        if not arg.startswith("-") or arg == "-":
            positionals.append(arg)
            continue
        name, equals, inline_value = arg.partition("=")
        value: str | None = inline_value if equals else None
        if name in booleans:
            flags.setdefault(booleans[name], []).append("true")
        elif name in values:
            if value is None:
                if index >= len(args):
                    raise unsupported(f"flag {name} of 'kubectl {verb}' needs a value")
                value = args[index]
                index += 1
            flags.setdefault(values[name], []).append(value)
        elif _is_short_cluster(name):
            index = _expand_short(verb, name, args, index, booleans, values, flags)
        else:
            known = sorted({*booleans, *values})
            raise unsupported(
                f"flag {name} of 'kubectl {verb}' is not supported (known: {', '.join(known)})"
            )
    return _Parsed(positionals, flags, None)


def _is_short_cluster(name: str) -> bool:
    return len(name) > 2 and name[0] == "-" and name[1] != "-"


def _expand_short(
    verb: str,
    cluster: str,
    args: list[str],
    index: int,
    booleans: dict[str, str],
    values: dict[str, str],
    flags: dict[str, list[str]],
) -> int:
    """``-it`` is ``-i -t``; ``-oyaml`` is ``-o yaml``."""
    for position, letter in enumerate(cluster[1:], start=1):
        short = f"-{letter}"
        if short in booleans:
            flags.setdefault(booleans[short], []).append("true")
        elif short in values:
            flags.setdefault(values[short], []).append(cluster[position + 1 :])
            return index
        else:
            raise unsupported(f"flag {cluster} of 'kubectl {verb}' is not supported")
    return index


def _single(parsed: _Parsed, name: str) -> str | None:
    values = parsed.flags.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise unsupported(f"flag for {name} given more than once")
    return values[0]


def _resource(name: str) -> ResourceType:
    resource = find_resource_type(name)
    if resource is None:
        raise unsupported(f"unknown resource type {name!r}")
    return resource


def _object_refs(positionals: list[str], verb: str) -> tuple[ObjectRef, ...]:
    """``TYPE NAME...`` or ``TYPE/NAME...``."""
    if not positionals:
        raise unsupported(f"'kubectl {verb}' needs TYPE NAME or TYPE/NAME")
    if all("/" in item for item in positionals):
        refs = []
        for item in positionals:
            type_name, name = item.split("/", 1)
            refs.append(ObjectRef(_resource(type_name), name))
        return tuple(refs)
    if any("/" in item for item in positionals) or len(positionals) < 2:
        raise unsupported(f"'kubectl {verb}' needs TYPE NAME... or TYPE/NAME...")
    resource = _resource(positionals[0])
    return tuple(ObjectRef(resource, name) for name in positionals[1:])


def _pod_or_object(item: str) -> ObjectRef:
    """``POD`` or ``TYPE/NAME`` as exec and logs accept them."""
    if "/" in item:
        type_name, name = item.split("/", 1)
        return ObjectRef(_resource(type_name), name)
    return ObjectRef(_resource("pods"), item)


def _apply(parsed: _Parsed, namespace: str | None) -> Apply:
    files = parsed.flags.get("filename", [])
    if not files or parsed.positionals:
        raise unsupported("'kubectl apply' needs -f FILE and nothing else")
    return Apply(tuple(files), namespace)


def _get(parsed: _Parsed, namespace: str | None) -> Get:
    if not parsed.positionals:
        raise unsupported("'kubectl get' needs a resource type")
    type_arg, *names = parsed.positionals
    if "," in type_arg:
        raise unsupported("'kubectl get' of several types at once is not supported")
    if "/" in type_arg:
        if names:
            raise unsupported("'kubectl get TYPE/NAME' takes no further names")
        type_arg, name = type_arg.split("/", 1)
        names = [name]
    output = _single(parsed, "output")
    if output is not None and output not in GET_OUTPUTS:
        raise unsupported(f"'-o {output}' is not supported (use one of {', '.join(GET_OUTPUTS)})")
    all_namespaces = "all-namespaces" in parsed.flags
    if all_namespaces and names:
        raise unsupported("'kubectl get -A' cannot name an object")
    return Get(
        _resource(type_arg),
        tuple(names),
        output,
        _single(parsed, "selector"),
        all_namespaces,
        namespace,
    )


def _exec(parsed: _Parsed, namespace: str | None) -> Exec:
    if parsed.after_dashes is None or not parsed.after_dashes:
        raise unsupported("'kubectl exec' needs '-- COMMAND' after the pod")
    if len(parsed.positionals) != 1:
        raise unsupported("'kubectl exec' needs exactly one POD or TYPE/NAME")
    return Exec(
        _pod_or_object(parsed.positionals[0]),
        tuple(parsed.after_dashes),
        _single(parsed, "container"),
        "stdin" in parsed.flags,
        "tty" in parsed.flags,
        namespace,
    )


def _delete(parsed: _Parsed, namespace: str | None) -> Delete:
    files = parsed.flags.get("filename", [])
    if files:
        if parsed.positionals:
            raise unsupported("'kubectl delete -f FILE' takes no further arguments")
        return Delete(files=tuple(files), namespace=namespace)
    return Delete(objects=_object_refs(parsed.positionals, "delete"), namespace=namespace)


def _logs(parsed: _Parsed, namespace: str | None) -> Logs:
    if len(parsed.positionals) != 1:
        raise unsupported("'kubectl logs' needs exactly one POD or TYPE/NAME")
    tail = _single(parsed, "tail")
    try:
        tail_lines = int(tail) if tail is not None else None
    except ValueError:
        raise unsupported(f"--tail needs a number, not {tail!r}") from None
    if tail_lines is not None and tail_lines < 0:
        tail_lines = None  # kubectl: -1 means all lines
    return Logs(
        _pod_or_object(parsed.positionals[0]), _single(parsed, "container"), tail_lines, namespace
    )


def _wait(parsed: _Parsed, namespace: str | None) -> Wait:
    condition = _single(parsed, "for")
    if condition is None:
        raise unsupported("'kubectl wait' needs --for=condition=COND or --for=delete")
    if condition == "delete":
        wanted = "delete"
    elif condition.startswith("condition="):
        wanted = condition.removeprefix("condition=")
    else:
        raise unsupported(f"--for={condition} is not supported")
    return Wait(
        _object_refs(parsed.positionals, "wait"),
        wanted,
        parse_duration(_single(parsed, "timeout") or "30s"),
        namespace,
    )


def _rollout(parsed: _Parsed, namespace: str | None) -> RolloutStatus:
    if not parsed.positionals or parsed.positionals[0] != "status":
        raise unsupported("only 'kubectl rollout status' is supported")
    refs = _object_refs(parsed.positionals[1:], "rollout status")
    if len(refs) != 1:
        raise unsupported("'kubectl rollout status' takes one object")
    timeout = _single(parsed, "timeout")
    return RolloutStatus(refs[0], parse_duration(timeout) if timeout else None, namespace)


def parse_duration(text: str) -> float:
    """``30s``, ``2m``, ``1m30s``, ``90`` (seconds) as kubectl's --timeout accepts them."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    if text.isdigit():
        return float(text)
    total, number = 0.0, ""
    index = 0
    while index < len(text):
        char = text[index]
        if char.isdigit() or char == ".":
            number += char
            index += 1
            continue
        unit = "ms" if text.startswith("ms", index) else char
        if unit not in units or not number:
            raise unsupported(f"bad duration {text!r}")
        total += float(number) * units[unit]
        number = ""
        index += len(unit)
    if number:
        raise unsupported(f"bad duration {text!r}")
    return total
