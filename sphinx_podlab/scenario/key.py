"""The scenario key: a hash of everything that can change what a live run produces."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..model.records import RECORD_FORMAT
from ..model.specs import BlockSpec, Scenario


@dataclass(frozen=True)
class ScenarioInputs:
    """What a live run depends on, kept in the record so a change can be explained."""

    data: dict[str, Any]

    @property
    def key(self) -> str:
        canonical = json.dumps(self.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def scenario_inputs(scenario: Scenario, manifests: dict[str, bytes]) -> ScenarioInputs:
    """Stable across machines: argv (not the displayed comments), execution options,
    the namespace and the content (not the path) of every manifest, by the name it is given.
    """
    return ScenarioInputs({
        "format": RECORD_FORMAT,
        "namespace": scenario.namespace,
        "blocks": [_block_inputs(block) for block in scenario.blocks],
        "manifests": {
            name: hashlib.sha256(content).hexdigest() for name, content in sorted(manifests.items())
        },
    })


def _block_inputs(block: BlockSpec) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "argv": [list(spec.argv) for spec in block.commands],
        "snapshot": block.snapshot,
        "expect_error": block.expect_error,
        "timeout": block.timeout,
    }
    if any(spec.typed for spec in block.commands):  # what is typed in sessions
        inputs["typed"] = [list(spec.typed) for spec in block.commands]
    if not block.waits:  # only when off: older keys stay the same
        inputs["wait"] = "none"
    for option in ("quiet", "terminal", "stop"):  # only when set: older keys stay the same
        value = getattr(block, option)
        if value:
            inputs[option] = list(value) if isinstance(value, tuple) else value
    if block.browser is not None:
        inputs["browser"] = {
            "name": block.name,
            "target": block.browser.target,
            "port": block.browser.port,
            "locale": block.browser.locale,
            "actions": [action.source() for action in block.browser.actions],
        }
    return inputs


def scenario_key(scenario: Scenario, manifests: dict[str, bytes]) -> str:
    return scenario_inputs(scenario, manifests).key
