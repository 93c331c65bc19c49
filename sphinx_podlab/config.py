"""Validated settings, from conf.py and the environment variables that override it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .model.kinds import MODES, ExecutionMode


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
        namespace = config.podlab_namespace
        if not isinstance(namespace, str) or not namespace:
            raise PodlabConfigError("podlab_namespace must be a non-empty string")
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
        )


def register_config_values(app: Any) -> None:
    """Every setting shares the ``podlab_`` prefix; changing one re-reads the pages."""
    app.add_config_value("podlab_execution_mode", "auto", "env", types=frozenset({str}))
    app.add_config_value("podlab_record_dir", "_podlab", "env", types=frozenset({str}))
    app.add_config_value(
        "podlab_manifest_path", [""], "env", types=frozenset({list, tuple})
    )
    app.add_config_value("podlab_context", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("podlab_namespace", "default", "env", types=frozenset({str}))
    app.add_config_value("podlab_timeout", 300, "env", types=frozenset({int, float}))
    app.add_config_value("podlab_cleanup", True, "env", types=frozenset({bool}))
    app.add_config_value("podlab_fail_on_error", True, "", types=frozenset({bool}))
