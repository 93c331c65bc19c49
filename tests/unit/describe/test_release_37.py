"""With ``Settings.minor`` 37 the describers print what real kubectl v1.37.2 printed, byte
for byte, on objects captured from the lab running v1.37.2 (fixtures/describe/v1.37.2/,
made by capture.py with ``PODLAB_CAPTURE_RELEASE=v1.37.2``); the verb, run as kubectl 1.37,
prints the captured command lines. The same captures printed as 1.34 differ where 1.37
changed kubectl, so the minor is what selects each form."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from sphinx_podlab.describe import Settings, describe
from sphinx_podlab.describe.generic import smart_label
from sphinx_podlab.verbs.describe import Describe, run
from sphinx_podlab.verbs.registry import parse_kubectl

from .captured import FIXTURES, Capture, assert_printed
from .test_verb import CapturedContext

RELEASE = FIXTURES / "v1.37.2"
CASES = sorted(path.name.removesuffix(".kubectl.txt") for path in RELEASE.glob("*.kubectl.txt"))
VERB_CASES = sorted(path.stem for path in RELEASE.glob("verb-*.json"))


def _render(capture: Capture, minor: int) -> list[str]:
    record = capture.record
    outputs = []
    for now in capture.moments():
        text = describe(capture.reader(), record["group"], record["kind"], record["namespace"],
                        record["name"], Settings(now=now, minor=minor))
        outputs.append(text)
        if text == capture.kubectl:
            break
    return outputs


def test_the_release_has_its_captures() -> None:
    assert {"pod-web", "sts-db", "cronjob-nightly", "node", "sa-default"} <= set(CASES)
    assert {"verb-several", "verb-prefix", "verb-missing"} <= set(VERB_CASES)


@pytest.mark.parametrize("case", CASES)
def test_describer_prints_what_kubectl_37_printed(case: str) -> None:
    capture = Capture(case, RELEASE)
    assert_printed(case, capture.kubectl, _render(capture, 37), "kubectl 1.37")


@pytest.mark.parametrize("case", CASES)
def test_describer_makes_the_requests_kubectl_37_made(case: str) -> None:
    capture = Capture(case, RELEASE)
    reader = capture.reader()
    record = capture.record
    describe(reader, record["group"], record["kind"], record["namespace"], record["name"],
             Settings(now=capture.t0, minor=37))
    captured = {reader.key(r["path"], r["query"]) for r in record["responses"]}
    asked = [reader.key(path, query) for path, query in reader.asked]
    assert sorted(asked) == sorted(captured)


@pytest.mark.parametrize("case", VERB_CASES)
def test_the_verb_prints_what_kubectl_37_printed(case: str) -> None:
    record = json.loads((RELEASE / f"{case}.json").read_text())
    command = parse_kubectl(tuple(record["command"]))
    assert isinstance(command, Describe) and command.show_events is None
    ctx = CapturedContext(record["responses"], "default", minor=37)
    run(ctx, command)  # type: ignore[arg-type]
    assert "".join(ctx.output.stdout) == record["stdout"]
    assert "".join(ctx.output.stderr) == record["stderr"]
    assert ctx.output.exit_code == record["exit"]
    assert "Events:" not in record["stdout"]  # several objects, a prefix, an error: none


def _as_34(case: str) -> str:
    capture = Capture(case, RELEASE)
    record = capture.record
    return describe(capture.reader(), record["group"], record["kind"], record["namespace"],
                    record["name"], Settings(now=capture.t0, minor=34))


def test_probes_thresholds_by_minor() -> None:
    kubectl = Capture("pod-web", RELEASE).kubectl
    assert "successThreshold=1 failureThreshold=3" in kubectl
    as_34 = _as_34("pod-web")
    assert "#success=1 #failure=3" in as_34 and "successThreshold" not in as_34


def test_event_field_path_by_minor() -> None:
    kubectl = Capture("pod-web", RELEASE).kubectl
    assert "spec.containers{web}: " in kubectl
    assert "spec.containers{web}: " not in _as_34("pod-web")


def test_statefulset_lines_by_minor() -> None:
    kubectl = Capture("sts-db", RELEASE).kubectl
    as_34 = _as_34("sts-db")
    for line in ("Service Name:", "Pod Management Policy:",
                 "Persistent Volume Claim Retention Policy:"):
        assert line in kubectl and line not in as_34


def test_node_cronjob_and_service_account_by_minor() -> None:
    assert "Kube-Proxy Version:" not in Capture("node", RELEASE).kubectl
    assert "Kube-Proxy Version:" in _as_34("node")
    assert "Time Zone:" in Capture("cronjob-nightly", RELEASE).kubectl
    assert "Time Zone:" not in _as_34("cronjob-nightly")
    assert "Mountable secrets:" not in Capture("sa-default", RELEASE).kubectl


def test_without_the_flag_1_34_shows_events_of_several_objects_1_37_not() -> None:
    record = json.loads((RELEASE / "verb-prefix.json").read_text())
    command = parse_kubectl(tuple(record["command"]))
    assert isinstance(command, Describe)
    shown = {}
    for minor in (34, 37):
        ctx = CapturedContext(record["responses"], "default", minor=minor)
        try:
            run(ctx, command)  # type: ignore[arg-type]
        except AssertionError as asked:  # 1.34 asks for events the 1.37 capture lacks
            shown[minor] = "events asked" if "events" in str(asked) else str(asked)
        else:
            shown[minor] = "".join(ctx.output.stdout)
    assert shown[34] == "events asked"
    assert shown[37] == record["stdout"]


def test_a_pod_that_is_gone_is_not_found_without_asking_events_at_37() -> None:
    from sphinx_podlab.describe import NotFound

    from .captured import CapturedReader

    record = json.loads((RELEASE / "verb-missing.json").read_text())
    namespace = record["namespace"]
    reader = CapturedReader(record["responses"])
    with pytest.raises(NotFound, match='pods "nosuch" not found'):
        describe(reader, "", "Pod", namespace, "nosuch", Settings(now=_now(), minor=37))
    assert [path for path, _ in reader.asked] == [f"/api/v1/namespaces/{namespace}/pods/nosuch"]
    with pytest.raises(AssertionError, match="events"):  # 1.34 looks for its events
        describe(CapturedReader(record["responses"]), "", "Pod", namespace, "nosuch",
                 Settings(now=_now(), minor=34))


def _now() -> datetime:
    return datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(("field", "as_34", "as_37"), [
    ("apiVersion", "API Version", "API Version"),
    ("PDFLoader", "PDF Loader", "PDFLoader"),  # capitals joined to the next word
    ("podCIDRs", "Pod CID Rs", "Pod CIDRs"),
    ("osb", "OSB", "Osb"),  # no longer an acronym
])
def test_smart_labels_by_minor(field: str, as_34: str, as_37: str) -> None:
    assert (smart_label(field, 34), smart_label(field, 37)) == (as_34, as_37)


def test_explicit_show_events_is_kept() -> None:
    given = parse_kubectl(("kubectl", "describe", "pods", "--show-events=true"))
    default = parse_kubectl(("kubectl", "describe", "pods"))
    assert isinstance(given, Describe) and isinstance(default, Describe)
    assert (given.show_events, default.show_events) == (True, None)
