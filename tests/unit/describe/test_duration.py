"""Ages print as apimachinery's duration.HumanDuration prints them (expected.json: Go's
output for inputs.json, from fixtures/describe/duration/main.go)."""

from __future__ import annotations

import json

from sphinx_podlab.describe.common import human_duration

from .captured import FIXTURES


def test_every_range_and_boundary_as_in_go() -> None:
    inputs = json.loads((FIXTURES / "duration" / "inputs.json").read_text())
    expected = json.loads((FIXTURES / "duration" / "expected.json").read_text())
    assert len(inputs) == len(expected) > 400
    assert [human_duration(ns) for ns in inputs] == expected
