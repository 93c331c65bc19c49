"""A Reader that answers from responses captured on the lab (fixtures/describe/*.json)."""

from __future__ import annotations

import difflib
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sphinx_podlab.execute.rest import ApiError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "describe"

Obj = dict[str, Any]


def assert_printed(case: str, kubectl: str, outputs: list[str], what: str = "kubectl") -> None:
    """Fail unless one of ``outputs`` (podlab's, at the capture's moments) is what kubectl
    printed, showing the diff against the first."""
    if kubectl in outputs:
        return
    diff = "".join(difflib.unified_diff(kubectl.splitlines(True), outputs[0].splitlines(True),
                                        "kubectl", "podlab"))
    raise AssertionError(f"{case} differs from {what}:\n{diff}")


class CapturedReader:
    """Serves exactly the requests kubectl made; any other request fails the test."""

    def __init__(self, responses: list[Obj]) -> None:
        self._responses = {self.key(r["path"], r["query"]): r for r in responses}
        self.asked: list[tuple[str, dict[str, str]]] = []

    @staticmethod
    def key(path: str, query: dict[str, Any] | None) -> tuple[str, tuple[tuple[str, str], ...]]:
        # kubectl builds field selectors from a Go map: their terms come in any order
        def normal(key: str, value: object) -> str:
            if key != "fieldSelector":
                return str(value)
            return ",".join(sorted(re.split(r"(?<!\\),", str(value))))

        # a sorted tuple, not a frozenset: keys must sort (frozensets order by subset)
        return path, tuple(sorted((k, normal(k, v)) for k, v in (query or {}).items()))

    def _answer(self, path: str, query: dict[str, Any] | None) -> Obj:
        self.asked.append((path, {k: str(v) for k, v in (query or {}).items()}))
        key = self.key(path, query)
        if key not in self._responses:
            raise AssertionError(f"kubectl made no such request: GET {path} {query}")
        return dict(self._responses[key])

    def get(self, path: str, query: dict[str, str | int] | None = None) -> Obj:
        """The captured body, or the ApiError the live Context raises for a non-2xx one."""
        answer = self._answer(path, dict(query) if query else None)
        if answer["status"] != 200:
            raise ApiError(answer["status"], answer["body"])
        return dict(answer["body"])

    def get_or_none(self, path: str) -> Obj | None:
        answer = self._answer(path, None)
        return None if answer["status"] == 404 else dict(answer["body"])


class Capture:
    def __init__(self, case: str, fixtures: Path = FIXTURES) -> None:
        record = json.loads((fixtures / f"{case}.json").read_text())
        self.record = record
        self.kubectl = (fixtures / f"{case}.kubectl.txt").read_text()
        self.t0 = datetime.fromisoformat(record["t0"])
        self.t1 = datetime.fromisoformat(record["t1"])

    def reader(self) -> CapturedReader:
        return CapturedReader(self.record["responses"])

    def moments(self, step: timedelta = timedelta(milliseconds=10)) -> list[datetime]:
        """Candidate moments kubectl printed at: t0 to t1 in small steps."""
        moments = []
        moment = self.t0
        while moment <= self.t1:
            moments.append(moment)
            moment += step
        return [*moments, self.t1]
