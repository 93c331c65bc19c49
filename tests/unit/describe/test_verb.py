"""The ``describe`` verb's own logic (fetch or list, kubectl's separators, the prefix
fallback, errors after output, "No resources found") on whole command lines captured from
the lab with real kubectl (fixtures/describe/verb-*.json), compared byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sphinx_podlab.execute.context import Output
from sphinx_podlab.verbs.describe import Describe, run
from sphinx_podlab.verbs.registry import parse_kubectl

from .captured import FIXTURES, CapturedReader


class CapturedContext(CapturedReader):
    """The parts of the execution Context the verb uses, answering from a capture."""

    def __init__(self, responses: list[dict[str, Any]], namespace: str, minor: int = 34
                 ) -> None:
        super().__init__(responses)
        self.output = Output()
        self._namespace = namespace
        self.minor = minor  # the kubectl the capture was made with

    def namespace(self, explicit: str | None) -> str:
        return explicit or self._namespace


@pytest.mark.parametrize("case", ["verb-several", "verb-prefix", "verb-missing", "verb-none",
                                  "verb-prefix-none"])
def test_the_verb_prints_what_kubectl_printed(case: str) -> None:
    record = json.loads((FIXTURES / f"{case}.json").read_text())
    command = parse_kubectl(tuple(record["command"]))
    assert isinstance(command, Describe)
    ctx = CapturedContext(record["responses"], "default")
    run(ctx, command)  # type: ignore[arg-type]
    assert "".join(ctx.output.stdout) == record["stdout"]
    assert "".join(ctx.output.stderr) == record["stderr"]
    assert ctx.output.exit_code == record["exit"]


def test_the_captures_show_each_form() -> None:
    several = json.loads((FIXTURES / "verb-several.json").read_text())["stdout"]
    assert several.count("\nName:") == 1 and "\n\n\nName:" in several  # two blank lines
    prefix = json.loads((FIXTURES / "verb-prefix.json").read_text())["stdout"]
    assert "\n\nName:" in prefix and "\n\n\nName:" not in prefix and prefix.endswith("\n\n")
    missing = json.loads((FIXTURES / "verb-missing.json").read_text())
    assert missing["stdout"].startswith("Name:") and missing["exit"] == 1
