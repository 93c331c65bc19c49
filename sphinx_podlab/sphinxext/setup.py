"""``setup()``: registers every part of the extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from ..config import register_config_values
from .build import on_build_finished, on_builder_inited, on_env_get_outdated
from .console import register_console
from .directives import (
    PodlabBrowserDirective,
    PodlabClaimDirective,
    PodlabContinuesDirective,
    PodlabDirective,
    PodlabIpChangeDirective,
    PodlabOutputDirective,
)
from .domain import PodlabDomain
from .locale import CATALOG, compiled_locale_dir
from .nodes import PLACEHOLDERS
from .page import on_doctree_read
from .report import PodlabReportDirective, on_doctree_resolved, podlab_report
from .roles import PodlabIpRole, PodlabValueRole

STATIC = Path(__file__).parent / "static"


def _add_static_files(app: Sphinx) -> None:
    """podlab's stylesheet for HTML builders (as sphinx-copybutton adds its own)."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("podlab.css")


def setup_extension(app: Sphinx) -> dict[str, Any]:
    register_config_values(app)
    for node_class in PLACEHOLDERS:
        app.add_node(node_class)
    register_console(app)
    app.add_domain(PodlabDomain)
    app.add_directive("podlab", PodlabDirective)
    app.add_directive("podlab-output", PodlabOutputDirective)
    app.add_directive("podlab-browser", PodlabBrowserDirective)
    app.add_directive("podlab-ipchange", PodlabIpChangeDirective)
    app.add_directive("podlab-claim", PodlabClaimDirective)
    app.add_directive("podlab-continues", PodlabContinuesDirective)
    app.add_directive("podlab-report", PodlabReportDirective)
    app.add_node(podlab_report)
    app.add_role("podlab-ip", PodlabIpRole())
    app.add_role("podlab-value", PodlabValueRole())
    app.add_message_catalog(CATALOG, str(compiled_locale_dir()))
    app.connect("builder-inited", on_builder_inited)
    app.connect("builder-inited", _add_static_files)
    app.connect("env-get-outdated", on_env_get_outdated)
    # Before Sphinx's image collector (priority 500), so the screenshots it adds are collected.
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
