"""Each describer's output equals real kubectl v1.34.9's, byte for byte, on objects captured
from the lab (tests/unit/fixtures/describe/capture.py): the same responses kubectl read, and
a ``now`` within the interval kubectl ran in (its ages are computed at one moment in it)."""

from __future__ import annotations

import pytest

from sphinx_podlab.describe import Settings, describe

from .captured import Capture, assert_printed

CASES = ["pod-multi", "pod-pending", "pod-crash", "pod-db-0", "pod-web", "deploy-web",
         "rs-web", "sts-db", "ds-agent", "job-once", "cronjob-nightly", "node",
         "cronjob-minutely", "job-failing", "job-indexed", "deploy-solo", "sts-part",
         "pod-gated", "pod-leaving", "pod-events-forbidden", "rs-pods-forbidden"]


def _render(capture: Capture) -> list[str]:
    record = capture.record
    outputs = []
    for now in capture.moments():
        reader = capture.reader()
        text = describe(reader, record["group"], record["kind"], record["namespace"],
                        record["name"], Settings(now=now, minor=34))
        outputs.append(text)
        if text == capture.kubectl:
            break
    return outputs


@pytest.mark.parametrize("case", CASES)
def test_describer_prints_what_kubectl_printed(case: str) -> None:
    capture = Capture(case)
    assert_printed(case, capture.kubectl, _render(capture))


@pytest.mark.parametrize("case", CASES)
def test_describer_makes_the_requests_kubectl_made(case: str) -> None:
    capture = Capture(case)
    reader = capture.reader()
    record = capture.record
    describe(reader, record["group"], record["kind"], record["namespace"], record["name"],
             Settings(now=capture.t0, minor=34))
    captured = {reader.key(r["path"], r["query"]) for r in record["responses"]}
    asked = [reader.key(path, query) for path, query in reader.asked]
    assert sorted(asked) == sorted(captured)  # each request once, none missing
