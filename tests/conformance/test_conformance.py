"""podlab's kubectl equivalents against real kubectl of the lab's release, case by case.

The cases are in cases.py; conftest.py records each one's result in results.json, from
which render_table.py writes docs/appendix/conformance.md.
"""

from __future__ import annotations

import json

import pytest
from e2e.compare import mask

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.parse.shell import split_shell_words
from sphinx_podlab.verbs.registry import COMMANDS_HINT, parse_kubectl

from .cases import CASES, Case
from .conftest import Pair, Runner, Shared
from .shape import Side, compare


def _ident(case: Case) -> str:
    if case.setup is None:
        return case.line
    files = [word for line in case.setup for word in line.split() if word.endswith(".yml")]
    return f"{case.line} (after: {', '.join(files) or 'nothing'})"


READ_ONLY = [case for case in CASES if case.kind == "read-only"]
MUTATING = [case for case in CASES if case.kind == "mutating"]
UNSUPPORTED = [case for case in CASES if case.kind == "unsupported"]


@pytest.mark.live
@pytest.mark.parametrize("case", READ_ONLY, ids=_ident)
def test_read_only(case: Case, shared: Shared, request: pytest.FixtureRequest) -> None:
    ours, real = shared.both(case)
    ns = (shared.namespace,)
    comparison = compare(case, Side(ours, ns), Side(real, ns), shared.keep)
    request.node.user_properties.append(("comparison", comparison))
    if "-it" in case.line.split():
        assert "\r" not in ours.stdout + ours.stderr


@pytest.mark.live
@pytest.mark.parametrize("case", MUTATING, ids=_ident)
def test_mutating(case: Case, fresh_pair: Pair, runner: Runner,
                  request: pytest.FixtureRequest) -> None:
    ours, real = fresh_pair.run(case.line)
    comparison = compare(case, Side(ours, (fresh_pair.ours,)), Side(real, (fresh_pair.real,)),
                         {})
    request.node.user_properties.append(("comparison", comparison))
    for target in case.check:  # what the two commands left behind must be the same, too
        states = []
        for namespace in (fresh_pair.ours, fresh_pair.real):
            got = runner.kubectl(f"kubectl get {target} -o json", namespace)
            assert got.exit_code == 0, got.stderr
            obj = json.loads(got.stdout)
            kept = {"labels": obj["metadata"].get("labels"),
                    "annotations": obj["metadata"].get("annotations"), "spec": obj.get("spec")}
            states.append(mask(json.dumps(kept, indent=1, sort_keys=True), namespace))
        assert states[0] == states[1], f"{target} differs after the command"


@pytest.mark.parametrize("case", UNSUPPORTED, ids=_ident)
def test_unsupported_is_rejected_at_parse_time(case: Case) -> None:
    with pytest.raises(PodlabSyntaxError) as caught:
        parse_kubectl(split_shell_words(case.line).argv)
    message = str(caught.value)
    assert case.unsupported is not None and case.unsupported in message
    assert message.endswith(f"({COMMANDS_HINT})")
