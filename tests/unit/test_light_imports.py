"""Replaying records must not pay for the kubernetes client or Playwright at import time."""

from __future__ import annotations

import subprocess
import sys


def test_the_extension_imports_neither_the_client_nor_playwright() -> None:
    code = (
        "import sys, sphinx_podlab.sphinxext.setup, sphinx_podlab.sphinxext.page;"
        "heavy = [m for m in ('kubernetes', 'playwright', 'urllib3') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == ""
