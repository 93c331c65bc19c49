"""``go_sort`` leaves items that compare equal in the order Go's own sort.Slice leaves them
(expected.json: Go's output for inputs.json, from fixtures/describe/gosort/sort.go)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sphinx_podlab.describe.gosort import go_sort

from .captured import FIXTURES


def less_by(keys: list[Any]) -> Callable[[int, int], bool]:
    """Index ``i`` before ``j`` when its key is smaller."""
    return lambda i, j: bool(keys[i] < keys[j])


def test_same_order_as_go_for_ties_patterns_and_long_lists() -> None:
    inputs = json.loads((FIXTURES / "gosort" / "inputs.json").read_text())
    expected = json.loads((FIXTURES / "gosort" / "expected.json").read_text())
    assert len(inputs) == len(expected) > 300
    unstable = 0
    for keys, order in zip(inputs, expected, strict=True):
        ours = go_sort(list(range(len(keys))), less_by(keys))
        assert ours == order, f"{len(keys)} keys"
        unstable += ours != sorted(range(len(keys)), key=keys.__getitem__)
    assert unstable > 0  # the inputs do exercise orders a stable sort would not give
