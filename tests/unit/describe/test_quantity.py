"""Quantities add up and print as apimachinery's resource.Quantity does (expected.json:
Go's String(), MilliValue() and Value() of each sum in inputs.json, from
fixtures/describe/quantity/main.go)."""

from __future__ import annotations

import json
from functools import reduce

from sphinx_podlab.describe.quantity import Quantity, parse

from .captured import FIXTURES


def test_sums_print_and_round_as_in_go() -> None:
    inputs = json.loads((FIXTURES / "quantity" / "inputs.json").read_text())
    expected = json.loads((FIXTURES / "quantity" / "expected.json").read_text())
    assert len(inputs) == len(expected) > 300
    for terms, go in zip(inputs, expected, strict=True):
        total = reduce(lambda a, b: a + b, (parse(t) for t in terms), Quantity())
        assert (str(total), total.milli_value(), total.whole_value()) == (
            go["sum"], go["milli"], go["value"]), terms
