"""Tests that drive headless Chromium or a local port-forward (slower than tests/unit)."""
