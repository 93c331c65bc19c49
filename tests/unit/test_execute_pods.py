"""Which pod kubectl picks for ``exec TYPE/NAME`` (reversed ActivePods) and ``logs``."""

from __future__ import annotations

from typing import Any

from sphinx_podlab.execute.pods import (
    default_container,
    pick_for_exec,
    pick_for_logs,
    pod_state,
    selector_string,
)
from sphinx_podlab.model.kinds import Obj


def pod(name: str, *, node: str = "n1", phase: str = "Running", ready: bool = True,
        ready_at: str = "2024-01-01T00:01:00Z", restarts: int = 0,
        created: str = "2024-01-01T00:00:00Z") -> dict[str, Any]:
    conditions = [{"type": "Ready", "status": "True" if ready else "False",
                   "lastTransitionTime": ready_at}]
    return {
        "metadata": {"name": name, "uid": f"uid-{name}", "creationTimestamp": created},
        "spec": {"nodeName": node, "containers": [{"name": "c"}]},
        "status": {"phase": phase, "conditions": conditions, "podIP": "10.1.0.9",
                   "containerStatuses": [{"name": "c", "restartCount": restarts}]},
    }


def name_of(picked: Obj | None) -> str:
    assert picked is not None, "no pod picked"
    return str(picked["metadata"]["name"])


def test_exec_prefers_scheduled_running_ready() -> None:
    pods = [pod("a", node=""), pod("b", phase="Pending"), pod("c", ready=False), pod("d")]
    assert name_of(pick_for_exec(pods)) == "d"


def test_exec_prefers_ready_longest_not_lowest_ordinal() -> None:
    pods = [pod("web-0", ready_at="2024-01-01T00:05:00Z"),
            pod("web-1", ready_at="2024-01-01T00:02:00Z")]
    assert name_of(pick_for_exec(pods)) == "web-1"


def test_exec_prefers_fewer_restarts_then_older() -> None:
    assert name_of(pick_for_exec([pod("a", restarts=2), pod("b")])) == "b"
    older = pod("old", created="2024-01-01T00:00:00Z")
    newer = pod("new", created="2024-01-01T00:00:30Z")
    assert name_of(pick_for_exec([newer, older])) == "old"


def test_exec_ties_keep_list_order() -> None:
    # equal pods: Go's insertion sort (n <= 12) is stable, so the first listed wins
    assert name_of(pick_for_exec([pod("x-0"), pod("x-1")])) == "x-0"


def test_logs_order() -> None:
    pods = [pod("pending", phase="Pending"), pod("late", ready_at="2024-01-01T00:09:00Z"),
            pod("early", ready_at="2024-01-01T00:03:00Z")]
    assert name_of(pick_for_logs(pods)) == "early"


def test_selector_string() -> None:
    selector = {"matchLabels": {"b": "2", "a": "1"},
                "matchExpressions": [{"key": "t", "operator": "In", "values": ["y", "x"]},
                                     {"key": "e", "operator": "Exists"}]}
    assert selector_string(selector) == "a=1,b=2,e,t in (x,y)"
    assert selector_string(None) == ""


def test_default_container_notice_and_annotation() -> None:
    two = pod("two")
    two["spec"]["containers"] = [{"name": "first"}, {"name": "second"}]
    assert default_container(two) == (
        "first", 'Defaulted container "first" out of: first, second\n')
    two["metadata"]["annotations"] = {"kubectl.kubernetes.io/default-container": "second"}
    assert default_container(two) == ("second", "")
    assert default_container(pod("one")) == ("c", "")


def test_pod_state() -> None:
    state = pod_state(pod("a", restarts=2))
    assert (state.name, state.ip, state.uid, state.phase, state.ready, state.restarts) == (
        "a", "10.1.0.9", "uid-a", "Running", True, 2)
