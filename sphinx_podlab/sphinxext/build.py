"""Build-level handlers: settings check, which pages to re-read, the closing report."""

from __future__ import annotations

import uuid
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from ..config import PodlabConfigError, PodlabSettings
from .domain import podlab_domain

logger = logging.getLogger(__name__)

# Pages in these states are read again on every build until they are current.
RETRY_STATUSES = frozenset({"failed", "stale", "missing"})


def on_builder_inited(app: Sphinx) -> None:
    """Fail fast on a bad setting; mark the start of a build for the closing report."""
    try:
        PodlabSettings.from_config(app.config, Path(app.srcdir))
    except PodlabConfigError as error:
        raise ConfigError(str(error)) from None
    podlab_domain(app.env).start_build(uuid.uuid4().hex)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read podlab pages that are not current, or every one when the mode changed."""
    mode = PodlabSettings.from_config(app.config, Path(app.srcdir)).mode
    again = list(podlab_domain(env).report_pages())  # records may have changed
    for docname, outcome in podlab_domain(env).outcomes():
        if docname in removed:
            continue
        if outcome.status in RETRY_STATUSES or outcome.mode != mode or mode == "force":
            again.append(docname)
    return again


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Print what each page read in this build did; fail the build on execution errors."""
    if exception is not None:
        return
    settings = PodlabSettings.from_config(app.config, Path(app.srcdir))
    domain = podlab_domain(app.env)
    this_build = [(name, o) for name, o in domain.outcomes() if o.build == domain.build_id]
    if not this_build:
        return
    logger.info("podlab report (mode %s):", settings.mode)
    for docname, outcome in this_build:
        logger.info("  %-40s %-9s %3d steps %7.1f s", docname, outcome.status, outcome.steps,
                    outcome.seconds)
    failed = [name for name, outcome in this_build if outcome.status == "failed"]
    if failed and settings.fail_on_error:
        logger.error("podlab: %d page(s) failed: %s (set podlab_fail_on_error = False to "
                     "build anyway)", len(failed), ", ".join(failed))
        app.statuscode = 1
