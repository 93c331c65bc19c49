"""A pod's (or pod template's) containers as kubectl's ``describeContainers`` prints them:
image, ports, command, state, resources, probes, environment, mounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..model.kinds import Obj
from .common import Settings, go_bool, rfc1123z
from .gosort import go_sort
from .quantity import container_resource_value
from .writer import PrefixWriter

EnvResolver = Callable[[Obj], str]


def write_containers(w: PrefixWriter, label: str, containers: list[Obj],
                     statuses: list[Obj] | None, resolve: EnvResolver | None, space: str,
                     settings: Settings) -> None:
    by_name = {str(s.get("name")): s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    for container in containers:
        status = by_name.get(str(container.get("name")))
        _basic_info(w, container, status, space)
        _command(w, container)
        if status is not None:
            _state(w, status, settings.now)
        write_resources(w, container.get("resources"), 2)
        _probes(w, container, settings.minor)
        if container.get("envFrom"):
            _env_from(w, container)
        _env(w, container, resolve)
        _mounts(w, container)


def _ports(ports: list[Obj], field: str) -> str:
    texts = []
    for port in ports:
        text = f"{int(port.get(field) or 0)}/{port.get('protocol') or ''}"
        if port.get("name"):
            text += f" ({port['name']})"
        texts.append(text)
    return ", ".join(texts)


def _basic_info(w: PrefixWriter, container: Obj, status: Obj | None, space: str) -> None:
    w.write(1, f"{' ' if space else ''}{container.get('name')}:\n")
    if status is not None:
        w.write(2, f"Container ID:\t{status.get('containerID') or ''}\n")
    w.write(2, f"Image:\t{container.get('image') or ''}\n")
    if status is not None:
        w.write(2, f"Image ID:\t{status.get('imageID') or ''}\n")
    ports = container.get("ports") or []
    for title, field in (("Port", "containerPort"), ("Host Port", "hostPort")):
        text = _ports(ports, field)
        if "," in text:
            w.write(2, f"{title}s:\t{text}\n")
        else:
            w.write(2, f"{title}:\t{text or '<none>'}\n")
    seccomp = (container.get("securityContext") or {}).get("seccompProfile")
    if seccomp is not None:
        w.write(2, f"SeccompProfile:\t{seccomp.get('type') or ''}\n")
        if seccomp.get("type") == "Localhost":
            w.write(3, f"LocalhostProfile:\t{seccomp.get('localhostProfile') or ''}\n")


def _command(w: PrefixWriter, container: Obj) -> None:
    for title, field in (("Command", "command"), ("Args", "args")):
        if container.get(field):
            w.write(2, f"{title}:\n")
            for item in container[field]:
                for line in str(item).split("\n"):
                    w.write(3, f"{line}\n")


def write_resources(w: PrefixWriter, resources: Obj | None, level: int) -> None:
    """``describeResources``: Limits then Requests, resource names sorted."""
    if resources is None:
        return
    for title, field in (("Limits", "limits"), ("Requests", "requests")):
        values = resources.get(field) or {}
        if values:
            w.write(level, f"{title}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{values[name]}\n")


def _state_lines(w: PrefixWriter, title: str, state: Obj, now: datetime) -> None:
    if state.get("running") is not None:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'), now)}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{title}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        done = state["terminated"]
        w.write(2, f"{title}:\tTerminated\n")
        if done.get("reason"):
            w.write(3, f"Reason:\t{done['reason']}\n")
        if done.get("message"):
            w.write(3, f"Message:\t{done['message']}\n")
        w.write(3, f"Exit Code:\t{int(done.get('exitCode') or 0)}\n")
        if int(done.get("signal") or 0) > 0:
            w.write(3, f"Signal:\t{int(done['signal'])}\n")
        w.write(3, f"Started:\t{rfc1123z(done.get('startedAt'), now)}\n")
        w.write(3, f"Finished:\t{rfc1123z(done.get('finishedAt'), now)}\n")
    else:
        w.write(2, f"{title}:\tWaiting\n")


def _state(w: PrefixWriter, status: Obj, now: datetime) -> None:
    _state_lines(w, "State", status.get("state") or {}, now)
    last = status.get("lastState") or {}
    if last.get("terminated") is not None:
        _state_lines(w, "Last State", last, now)
    w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
    w.write(2, f"Restart Count:\t{int(status.get('restartCount') or 0)}\n")


def _int_or_string(value: object) -> str:
    return "" if value is None else str(value)


def _join_host_port(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def describe_probe(probe: Obj, minor: int) -> str:
    """``DescribeProbe`` of kubectl v1.``minor``: the action, then delay/timeout/period and
    the thresholds (``#success=1`` until 1.36, ``successThreshold=1`` from 1.37)."""
    success, failure = ("successThreshold", "failureThreshold") if minor >= 37 else (
        "#success", "#failure")
    attrs = (f"delay={int(probe.get('initialDelaySeconds') or 0)}s "
             f"timeout={int(probe.get('timeoutSeconds') or 0)}s "
             f"period={int(probe.get('periodSeconds') or 0)}s "
             f"{success}={int(probe.get('successThreshold') or 0)} "
             f"{failure}={int(probe.get('failureThreshold') or 0)}")
    if probe.get("exec") is not None:
        command = " ".join(str(c) for c in probe["exec"].get("command") or [])
        return f"exec [{command}] {attrs}"
    if probe.get("httpGet") is not None:
        get = probe["httpGet"]
        host = str(get.get("host") or "")
        port = _int_or_string(get.get("port"))
        address = _join_host_port(host, port) if port else host
        path = str(get.get("path") or "")
        if path and not path.startswith("/") and address:
            path = "/" + path
        scheme = str(get.get("scheme") or "").lower()
        url = (f"{scheme}:" if scheme else "") + (f"//{address}" if address else "") + path
        return f"http-get {url} {attrs}"
    if probe.get("tcpSocket") is not None:
        socket = probe["tcpSocket"]
        return f"tcp-socket {socket.get('host') or ''}:{_int_or_string(socket.get('port'))} {attrs}"
    if probe.get("grpc") is not None:
        grpc = probe["grpc"]
        return f"grpc <pod>:{int(grpc.get('port') or 0)} {grpc.get('service') or ''} {attrs}"
    return f"unknown {attrs}"


def _probes(w: PrefixWriter, container: Obj, minor: int) -> None:
    for title, field in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                         ("Startup", "startupProbe")):
        if container.get(field) is not None:
            w.write(2, f"{title}:\t{describe_probe(container[field], minor)}\n")


def _env_from(w: PrefixWriter, container: Obj) -> None:
    w.write(2, "Environment Variables from:\n")
    for source in container.get("envFrom") or []:
        kind, name, optional = "", "", False
        for field, title in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
            ref = source.get(field)
            if ref is not None:
                kind, name, optional = title, str(ref.get("name") or ""), bool(ref.get("optional"))
                break
        prefix = source.get("prefix")
        described = f"{kind} with prefix '{prefix}'" if prefix else kind
        w.write(3, f"{name}\t{described}\tOptional: {go_bool(optional)}\n")


def _env(w: PrefixWriter, container: Obj, resolve: EnvResolver | None) -> None:
    env = container.get("env") or []
    w.write(2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
    for var in env:
        name = var.get("name") or ""
        source = var.get("valueFrom")
        if source is None:
            for index, line in enumerate(str(var.get("value") or "").split("\n")):
                w.write(3, f"{name}:\t{line}\n" if index == 0 else f"\t{line}\n")
            continue
        if source.get("fieldRef") is not None:
            ref = source["fieldRef"]
            value = resolve(var) if resolve is not None else ""
            w.write(3, f"{name}:\t{value} ({ref.get('apiVersion') or ''}:"
                       f"{ref.get('fieldPath') or ''})\n")
        elif source.get("resourceFieldRef") is not None:
            ref = source["resourceFieldRef"]
            resource = str(ref.get("resource") or "")
            value = container_resource_value(container, ref)
            if value == "0" and resource in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            w.write(3, f"{name}:\t{value} ({resource})\n")
        elif source.get("secretKeyRef") is not None:
            ref = source["secretKeyRef"]
            w.write(3, f"{name}:\t<set to the key '{ref.get('key') or ''}' in secret "
                       f"'{ref.get('name') or ''}'>\tOptional: {go_bool(ref.get('optional'))}\n")
        elif source.get("configMapKeyRef") is not None:
            ref = source["configMapKeyRef"]
            w.write(3, f"{name}:\t<set to the key '{ref.get('key') or ''}' of config map "
                       f"'{ref.get('name') or ''}'>\tOptional: {go_bool(ref.get('optional'))}\n")


def _go_quote(text: str) -> str:
    """Go's ``%q`` for the plain strings sub-paths are."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _mounts(w: PrefixWriter, container: Obj) -> None:
    mounts = container.get("volumeMounts") or []
    none = "" if mounts else "\t<none>"
    w.write(2, f"Mounts:{none}\n")
    by_path = go_sort(list(mounts), lambda a, b: str(a.get("mountPath") or "")
                      < str(b.get("mountPath") or ""))
    for mount in by_path:
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f"path={_go_quote(str(mount['subPath']))}")
        w.write(3, f"{mount.get('mountPath') or ''} from {mount.get('name') or ''} "
                   f"({','.join(flags)})\n")
    devices = container.get("volumeDevices") or []
    if devices:
        w.write(2, f"Devices:{none}\n")
        by_device = go_sort(list(devices), lambda a, b: str(a.get("devicePath") or "")
                            < str(b.get("devicePath") or ""))
        for device in by_device:
            w.write(3, f"{device.get('devicePath') or ''} from {device.get('name') or ''}\n")
