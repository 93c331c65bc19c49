"""Validated settings, from conf.py and the environment variables that override it."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .model.kinds import MODES, ExecutionMode

_NAMESPACE = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")


class PodlabConfigError(ValueError):
    """A setting that cannot work; the build stops at once with this message."""


@dataclass(frozen=True)
class PodlabSettings:
    mode: ExecutionMode
    record_dir: Path
    manifest_path: tuple[Path, ...]
    context: str | None
    namespace: str
    timeout: float
    cleanup: bool
    fail_on_error: bool
    lock_timeout: float = 600.0
    watch_quiet: float = 3.0

    def namespace_for(self, docname: str) -> str:
        """The page's namespace: ``podlab_namespace``, ``{page}`` replaced by the page's name
        (``ch2/service`` → ``ch2-service``), so that pages can run in parallel under -j."""
        if "{page}" not in self.namespace:
            return self.namespace
        slug = re.sub(r"[^a-z0-9]+", "-", docname.lower()).strip("-") or "page"
        name = self.namespace.replace("{page}", slug)
        if len(name) > 63:  # a DNS label: cut, and keep distinct pages distinct
            digest = hashlib.sha256(docname.encode()).hexdigest()[:8]
            name = f"{name[:54].rstrip('-')}-{digest}"
        return name

    @classmethod
    def from_config(
        cls, config: Any, srcdir: Path, environ: Mapping[str, str] = os.environ
    ) -> PodlabSettings:
        mode = environ.get("PODLAB_EXECUTION_MODE") or config.podlab_execution_mode
        if mode not in MODES:
            raise PodlabConfigError(
                f"podlab_execution_mode / PODLAB_EXECUTION_MODE is {mode!r}; "
                f"use one of {', '.join(MODES)}"
            )
        timeout = config.podlab_timeout
        if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
            raise PodlabConfigError(f"podlab_timeout must be a positive number, not {timeout!r}")
        lock_timeout = config.podlab_lock_timeout
        if not isinstance(lock_timeout, int | float) or isinstance(lock_timeout, bool) or \
                lock_timeout < 0:
            raise PodlabConfigError(
                f"podlab_lock_timeout must be a number of seconds (0 or more), not "
                f"{lock_timeout!r}")
        quiet = config.podlab_watch_quiet
        if not isinstance(quiet, int | float) or isinstance(quiet, bool) or quiet <= 0:
            raise PodlabConfigError(
                f"podlab_watch_quiet must be a positive number of seconds, not {quiet!r}")
        namespace = config.podlab_namespace
        if not isinstance(namespace, str) or not namespace:
            raise PodlabConfigError("podlab_namespace must be a non-empty string")
        if not _NAMESPACE.fullmatch(namespace.replace("{page}", "p")):
            raise PodlabConfigError(
                f"podlab_namespace {namespace!r} is not a namespace name (lower-case letters, "
                "digits and '-'; '{page}' stands for the page's name)")
        paths = config.podlab_manifest_path
        if isinstance(paths, str) or not all(isinstance(path, str) for path in paths):
            raise PodlabConfigError("podlab_manifest_path must be a list of directory names")
        return cls(
            mode=cast(ExecutionMode, mode),
            record_dir=(srcdir / config.podlab_record_dir).resolve(),
            manifest_path=tuple((srcdir / path).resolve() for path in paths),
            context=environ.get("PODLAB_CONTEXT") or config.podlab_context or None,
            namespace=namespace,
            timeout=float(timeout),
            cleanup=bool(config.podlab_cleanup),
            fail_on_error=bool(config.podlab_fail_on_error),
            lock_timeout=float(lock_timeout),
            watch_quiet=float(quiet),
        )


# name, default, what a change rebuilds ("env": re-read the pages), accepted types
CONFIG_VALUES: tuple[tuple[str, Any, str, frozenset[type]], ...] = (
    ("podlab_execution_mode", "auto", "env", frozenset({str})),
    ("podlab_record_dir", "_podlab", "env", frozenset({str})),
    ("podlab_manifest_path", [""], "env", frozenset({list, tuple})),
    ("podlab_context", None, "env", frozenset({str, type(None)})),
    ("podlab_namespace", "default", "env", frozenset({str})),
    ("podlab_timeout", 300, "env", frozenset({int, float})),
    ("podlab_cleanup", True, "env", frozenset({bool})),
    ("podlab_fail_on_error", True, "", frozenset({bool})),
    # how long a build waits while another one uses the namespace: no effect on the pages
    ("podlab_lock_timeout", 600, "", frozenset({int, float})),
    # seconds without a change after which a watch (get -w, logs -f) ends, as the reader's
    # Ctrl-C; a block's :quiet: overrides it
    ("podlab_watch_quiet", 3, "env", frozenset({int, float})),
)


def config_defaults() -> dict[str, Any]:
    return {name: default for name, default, _rebuild, _types in CONFIG_VALUES}


def register_config_values(app: Any) -> None:
    """Every setting shares the ``podlab_`` prefix; changing one re-reads the pages."""
    for name, default, rebuild, types in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types=types)
