"""The scenario key: a hash of everything that can change what a live run produces."""

from __future__ import annotations

import hashlib
import json

from ..record.model import RECORD_FORMAT
from .model import Scenario


def scenario_key(scenario: Scenario, manifests: dict[str, bytes]) -> str:
    """Stable across machines: argv (not the displayed comments), execution options,
    the namespace and the content (not the path) of every manifest, by the name it is given.
    """
    data = {
        "format": RECORD_FORMAT,
        "namespace": scenario.namespace,
        "blocks": [
            {
                "argv": [list(spec.argv) for spec in block.commands],
                "snapshot": block.snapshot,
                "expect_error": block.expect_error,
                "timeout": block.timeout,
            }
            for block in scenario.blocks
        ],
        "manifests": {
            name: hashlib.sha256(content).hexdigest() for name, content in sorted(manifests.items())
        },
    }
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
