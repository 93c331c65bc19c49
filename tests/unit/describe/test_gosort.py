"""``go_sort`` leaves items that compare equal in the order Go's own sort.Slice leaves them
(expected.json: Go's output for inputs.json, from fixtures/describe/gosort/sort.go)."""

from __future__ import annotations

import json

from sphinx_podlab.describe.gosort import go_sort

from .captured import FIXTURES


def test_same_order_as_go_for_ties_patterns_and_long_lists() -> None:
    inputs = json.loads((FIXTURES / "gosort" / "inputs.json").read_text())
    expected = json.loads((FIXTURES / "gosort" / "expected.json").read_text())
    assert len(inputs) == len(expected) > 300
    unstable = 0
    for keys, order in zip(inputs, expected, strict=True):
        ours = go_sort(list(range(len(keys))), lambda i, j, k=keys: k[i] < k[j])
        assert ours == order, f"{len(keys)} keys"
        unstable += ours != sorted(range(len(keys)), key=lambda i, k=keys: k[i])
    assert unstable > 0  # the inputs do exercise orders a stable sort would not give
