"""The kubeconfig podlab connected with, read as kubectl's ``config`` commands read it.

client-go's loading rules: the files of ``KUBECONFIG`` merged (the first file that names a
cluster, user or context wins; the first non-empty current-context wins); file paths are
shown as written (kubectl's ``config`` commands do not resolve them). ``view`` then does
what kubectl's ``config view`` does without ``--raw``: RedactSecrets (token, password and
client key replaced by ``REDACTED``) and ShortenConfig (every certificate and key data field
printed as ``DATA+OMITTED``), and encodes the v1 ``Config`` in its Go field order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..execute.printers import GoStruct
from ..model.errors import CliError, PodlabExecutionError, first_line
from ..model.kinds import Obj

DATA_OMITTED = "DATA+OMITTED"
REDACTED = "REDACTED"
SECTIONS = {"clusters": "cluster", "users": "user", "contexts": "context"}
# v1 types in their Go field order: (name, always printed)
CLUSTER_FIELDS = (("server", True), ("tls-server-name", False),
                  ("insecure-skip-tls-verify", False), ("certificate-authority", False),
                  ("certificate-authority-data", False), ("proxy-url", False),
                  ("disable-compression", False), ("extensions", False))
USER_FIELDS = (("client-certificate", False), ("client-certificate-data", False),
               ("client-key", False), ("client-key-data", False), ("token", False),
               ("tokenFile", False), ("as", False), ("as-uid", False), ("as-groups", False),
               ("as-user-extra", False), ("username", False), ("password", False),
               ("auth-provider", False), ("exec", False), ("extensions", False))
CONTEXT_FIELDS = (("cluster", True), ("user", True), ("namespace", False),
                  ("extensions", False))
EXEC_FIELDS = (("command", True), ("args", True), ("env", True), ("apiVersion", False),
               ("installHint", False), ("provideClusterInfo", True), ("interactiveMode", False))
FIELDS = {"cluster": CLUSTER_FIELDS, "user": USER_FIELDS, "context": CONTEXT_FIELDS}
OMITTED_DATA = ("certificate-authority-data", "client-certificate-data", "client-key-data")
REDACTED_TEXT = ("token", "password")
DEFAULTS = {"provideClusterInfo": False}


@dataclass(frozen=True)
class KubeconfigSource:
    """The files podlab loaded (in ``KUBECONFIG`` order) and the context it was told to use
    (as ``kubectl --context``; None: the files' current context)."""

    paths: tuple[Path, ...]
    context: str | None = None

    @classmethod
    def from_setting(cls, source: str, context: str | None) -> KubeconfigSource:
        paths = tuple(Path(p).expanduser() for p in source.split(os.pathsep) if p)
        return cls(paths, context)


@dataclass
class Kubeconfig:
    """The merged configuration: each section's entries by name, and the current context."""

    clusters: dict[str, Obj]
    users: dict[str, Obj]
    contexts: dict[str, Obj]
    current_context: str

    def section(self, name: str) -> dict[str, Obj]:
        sections = {"clusters": self.clusters, "users": self.users, "contexts": self.contexts}
        return sections[name]


def load(source: KubeconfigSource) -> Kubeconfig:
    config = Kubeconfig({}, {}, {}, "")
    for path in source.paths:
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise PodlabExecutionError(f"bad kubeconfig {path}: {first_line(exc)}") from exc
        if not isinstance(data, dict):
            raise PodlabExecutionError(f"bad kubeconfig {path}: not a mapping")
        for section, inner in SECTIONS.items():
            entries = config.section(section)
            for entry in data.get(section) or []:
                name = str(entry.get("name") or "")
                if name and name not in entries:
                    entries[name] = dict(entry.get(inner) or {})
        if not config.current_context:
            config.current_context = str(data.get("current-context") or "")
    return config


def as_reader(config: Kubeconfig, context: str | None, namespace: str) -> None:
    """The reader's kubeconfig as podlab stands for it: its current context is the one podlab
    uses, and that context's namespace is the page's (what every other command works in)."""
    if context:
        config.current_context = context
    current = config.contexts.get(config.current_context)
    if current is not None:
        current["namespace"] = namespace


def minify(config: Kubeconfig) -> None:
    """MinifyConfig: only the current context, its cluster and its user."""
    name = config.current_context
    if not name:
        raise CliError("current-context must exist in order to minify")
    current = config.contexts.get(name)
    if current is None:
        raise CliError(f"cannot locate context {name}")
    cluster, user = str(current.get("cluster") or ""), str(current.get("user") or "")
    if cluster and cluster not in config.clusters:
        raise CliError(f"cannot locate cluster {cluster}")
    if user and user not in config.users:
        raise CliError(f"cannot locate user {user}")
    config.clusters = {cluster: config.clusters[cluster]} if cluster else {}
    config.users = {user: config.users[user]} if user else {}
    config.contexts = {name: current}


def redacted_view(config: Kubeconfig) -> GoStruct:
    """The v1 Config kubectl prints: secrets replaced, Go field order, names sorted."""
    document = GoStruct(kind="Config", apiVersion="v1")
    for section, inner in (("clusters", "cluster"), ("users", "user"),
                           ("contexts", "context")):
        entries = config.section(section)
        document[section] = [GoStruct((("name", name), (inner, _entry(inner, entries[name]))))
                             for name in sorted(entries)]
    document["current-context"] = config.current_context
    return document


def _entry(inner: str, fields: Obj) -> GoStruct:
    shown = GoStruct()
    for name, always in FIELDS[inner]:
        value = fields.get(name)
        if name in OMITTED_DATA and value:
            value = DATA_OMITTED
        elif name in REDACTED_TEXT and value:
            value = REDACTED
        elif name == "exec" and isinstance(value, dict):
            value = _exec(value)
        elif name == "auth-provider" and isinstance(value, dict):
            value = GoStruct(name=str(value.get("name") or ""), config=value.get("config"))
        if always or not _empty(value):
            shown[name] = value if value is not None or not always else DEFAULTS.get(name, "")
    return shown


def _exec(fields: Obj) -> GoStruct:
    mode = fields.get("interactiveMode")
    if not mode and str(fields.get("apiVersion") or "").endswith(("/v1beta1", "/v1alpha1")):
        mode = "IfAvailable"  # SetDefaults_ExecConfig
    shown = GoStruct()
    for name, always in EXEC_FIELDS:
        value = mode if name == "interactiveMode" else fields.get(name)
        if name in ("args", "env"):
            shown[name] = value  # not omitempty: a missing list is null
        elif always or not _empty(value):
            shown[name] = value if value is not None else DEFAULTS.get(name, "")
    return shown


def _empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == [] or value == {}
