"""Waits that know failure: pods and claims captured from the lab (fixtures/faults/)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.execute.pods import is_steady, last_restart, restarted_recently
from sphinx_podlab.execute.wait_failures import (
    BINDING_GRACE,
    CONFIG_GRACE,
    SCHEDULING_GRACE,
    Trouble,
    TroubleWatch,
    WaitFailed,
    claim_trouble,
    events_table,
    human_duration,
    pod_trouble,
    selected_pods_trouble,
)

FIXTURES = Path(__file__).parent / "fixtures" / "faults"


def captured(name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    return data["object"], data["events"]["items"]


@pytest.mark.parametrize(("fixture", "reason", "grace", "words"), [
    ("pod-err-image-pull", "ErrImagePull", 0, "connection refused"),
    ("pod-image-pull-backoff", "ImagePullBackOff", 0, "Back-off pulling image"),
    ("pod-invalid-image", "InvalidImageName", 0, "must be lowercase"),
    ("pod-crash-loop", "CrashLoopBackOff", 0, "last exit code 3"),
    ("pod-exited-again", "Error", 0, "exited with code 3 again, after 1 restart"),
    ("pod-config-error", "CreateContainerConfigError", CONFIG_GRACE, 'secret "absent"'),
    ("pod-unschedulable", "Unschedulable", SCHEDULING_GRACE, "didn't match Pod's node"),
    ("pod-failed", "Failed", 0, "exited with code 1"),
])
def test_the_cluster_says_why_a_pod_will_not_be_ready(
        fixture: str, reason: str, grace: float, words: str) -> None:
    pod, _events = captured(fixture)
    trouble = pod_trouble(pod)
    assert trouble is not None
    assert (trouble.reason, trouble.grace) == (reason, grace)
    assert words in trouble.message
    assert trouble.subject == f"pod/{pod['metadata']['name']}"
    assert not is_steady(pod)


def test_a_missing_secret_is_named_so_that_its_creation_can_be_noticed() -> None:
    pod, _events = captured("pod-config-error")
    trouble = pod_trouble(pod)
    assert trouble is not None and trouble.missing == ("secret", "absent")


def test_healthy_and_terminating_pods_have_no_trouble() -> None:
    pod, _events = captured("pod-running")
    assert pod_trouble(pod) is None and is_steady(pod)
    failing, _ = captured("pod-crash-loop")
    failing["metadata"]["deletionTimestamp"] = "2026-12-01T14:40:00Z"
    assert pod_trouble(failing) is None  # going away: its replacement is waited for


def test_a_crash_looping_pod_between_two_crashes_is_not_ready() -> None:
    pod, _events = captured("pod-ready-between-crashes")
    assert pod["status"]["conditions"] and pod_trouble(pod) is None  # Ready=True, no reason
    restarted = last_restart(pod)
    assert restarted is not None
    assert restarted_recently(pod, restarted + timedelta(seconds=2))
    assert not is_steady(pod, restarted + timedelta(seconds=2))
    # a container that restarted once long ago and runs since is ready
    assert is_steady(pod, restarted + timedelta(seconds=60))


def test_first_trouble_of_a_workload_by_pod_name() -> None:
    good, _ = captured("pod-running")
    bad, _ = captured("pod-err-image-pull")
    worse, _ = captured("pod-invalid-image")
    found = selected_pods_trouble([worse, good, bad])
    assert found is not None and found.subject == "pod/badname"  # "badname" < "pull"
    assert selected_pods_trouble([good]) is None


def test_claims() -> None:
    bound, events = captured("pvc-bound")
    assert claim_trouble(bound, events, None, False) is None
    absent, events = captured("pvc-absent-class")
    trouble = claim_trouble(absent, events, None, True)
    assert trouble is not None and trouble.reason == "StorageClassNotFound"
    assert trouble.grace == 0 and '"absent" not found' in trouble.message
    # class unreadable (no permission): the PV controller's own warning says it
    trouble = claim_trouble(absent, events, None, False)
    assert trouble is not None and trouble.reason == "ProvisioningFailed"
    none, events = captured("pvc-no-class")
    trouble = claim_trouble(none, events, None, False)
    assert trouble is not None and trouble.reason == "FailedBinding"
    assert trouble.grace == BINDING_GRACE
    lost = json.loads(json.dumps(bound))
    lost["status"]["phase"] = "Lost"
    trouble = claim_trouble(lost, [], None, False)
    assert trouble is not None and trouble.reason == "Lost"


def test_a_claim_left_for_its_first_consumer_is_no_trouble() -> None:
    pending, events = captured("pvc-no-class")
    pending["spec"]["storageClassName"] = "local"
    wffc = {"kind": "StorageClass", "metadata": {"name": "local"},
            "volumeBindingMode": "WaitForFirstConsumer"}
    assert claim_trouble(pending, events, wffc, False) is None


def test_events_in_describe_layout() -> None:
    _pod, events = captured("pod-image-pull-backoff")
    newest = max(datetime.fromisoformat(str(e["lastTimestamp"] or e["eventTime"])
                                        .replace("Z", "+00:00")) for e in events)
    text = events_table(events, newest + timedelta(seconds=3), limit=3)
    lines = text.split("\n")
    assert lines[0].split() == ["Type", "Reason", "Age", "From", "Message"]
    assert lines[1].split() == ["----", "------", "----", "----", "-------"]
    assert len(lines) == 5 and all(line.startswith("  ") for line in lines)
    # the newest last; a repeated event shows its count and since when
    assert lines[-1].split()[:4] == ["Warning", "Failed", "3s", "(x2"]
    assert lines[-1].endswith("kubelet  Error: ErrImagePull")
    columns = {line.index("kubelet") for line in lines[2:]}
    assert len(columns) == 1  # aligned
    assert "3s (x2 over 14s)" in lines[-1]
    assert events_table([], newest) == ""


@pytest.mark.parametrize(("seconds", "shown"), [
    (-5, "<invalid>"), (-0.5, "0s"), (0, "0s"), (59, "59s"), (119, "119s"), (120, "2m"),
    (150, "2m30s"), (600, "10m"), (3 * 3600 + 59, "3h"), (3 * 3600 + 120, "3h2m"),
    (30 * 3600, "30h"), (50 * 3600, "2d2h"), (30 * 86400, "30d"), (800 * 86400, "2y70d"),
])
def test_human_duration(seconds: float, shown: str) -> None:
    assert human_duration(seconds) == shown


def test_a_trouble_is_believed_after_its_grace() -> None:
    now = [100.0]
    watch = TroubleWatch(lambda: now[0])
    passing = Trouble("pod", "p", "uid", "Unschedulable", "m", grace=5)
    assert not watch.confirmed(None)
    assert not watch.confirmed(passing)
    now[0] += 4.9
    assert not watch.confirmed(passing)
    now[0] += 0.2
    assert watch.confirmed(passing)
    assert watch.confirmed(Trouble("pod", "q", "uid2", "ErrImagePull", "m"))


def test_the_error_names_reason_message_and_events() -> None:
    trouble = Trouble("pod", "mysql-0", "u", "ErrImagePull", "failed to pull")
    error = WaitFailed("statefulset/mysql to be ready", trouble, "  Type  Reason\n  ...")
    text = str(error)
    assert text.startswith("gave up waiting for statefulset/mysql to be ready: "
                           "pod/mysql-0: ErrImagePull: failed to pull\n")
    assert "Events of pod/mysql-0:\n  Type  Reason" in text
