"""Replaying records must not pay for the kubernetes client or Playwright at import time."""

from __future__ import annotations

import subprocess
import sys


def heavy_modules_after(imports: str) -> str:
    code = (
        f"import sys, {imports};"
        "heavy = [m for m in ('kubernetes', 'playwright', 'urllib3', 'websocket')"
        " if m in sys.modules];"
        "print(','.join(heavy))"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_extension_imports_neither_the_client_nor_playwright() -> None:
    assert heavy_modules_after("sphinx_podlab.sphinxext.setup, sphinx_podlab.sphinxext.page") \
        == ""


def test_the_verbs_load_the_client_only_when_they_run() -> None:
    # The directives parse commands with the verbs' modules, which also hold their runs.
    assert heavy_modules_after("sphinx_podlab.verbs.registry, sphinx_podlab.execute.session") \
        == ""


def test_the_cluster_module_is_what_loads_the_client() -> None:
    assert "kubernetes" in heavy_modules_after("sphinx_podlab.execute.cluster")
