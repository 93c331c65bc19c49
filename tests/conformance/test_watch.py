"""Commands that keep running (``get -w``, ``logs -f``, ``rollout status -w``) against real
kubectl: both run in their own namespace with the same setup while the case's actions
(``during``) run in both; podlab's watch ends by itself once quiet, kubectl's by SIGINT once
quiet. Compared by shape (watching.py); kubectl's exit status after Ctrl-C is 1, podlab's
(a page's watch that the reader ended) 0.
"""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from e2e.compare import mask, run_kubectl
from e2e.conftest import wait_for

from sphinx_podlab.execute.watch import Until
from sphinx_podlab.model.results import CommandResult
from sphinx_podlab.verbs.registry import parse_kubectl

from .cases import CASES, Case
from .conftest import STEP_TIMEOUT, Pair, Runner
from .watching import kubectl_until_quiet, laid_out_as_watch, watch_shape

QUIET = 3.0
WATCHES = [case for case in CASES if case.kind == "watch"]


def _run_both(case: Case, pair: Pair, runner: Runner) -> tuple[CommandResult, CommandResult]:
    assert case.during is not None
    argv = runner.argv(case.line)
    # like kubectl's side: running until the actions are done, then ended once quiet
    until = Until(quiet=QUIET, background=True)
    session = runner.session(pair.cluster, pair.ours)
    kubectl_started = threading.Event()
    actions_done = threading.Event()

    def actions() -> None:
        until.wait_started(10)
        kubectl_started.wait(30)
        with ThreadPoolExecutor(2) as pool:
            for done in [pool.submit(runner.setup, case.during or (), ns)
                         for ns in (pair.ours, pair.real)]:
                done.result()
            # as a careful author: the watches end once the replacement pods run and are
            # ready in both namespaces (a slow kubelet would otherwise end one of them a
            # row early, after 'ContainerCreating')
            for done in [pool.submit(_wait_pods_ready, runner, ns)
                         for ns in (pair.ours, pair.real) if case.during]:
                done.result()
        actions_done.set()
        until.stop()

    with ThreadPoolExecutor(2) as pool:
        ours_future = pool.submit(session.run, parse_kubectl(argv), argv, STEP_TIMEOUT, until)
        acting = pool.submit(actions)
        real = kubectl_until_quiet(runner.kubeconfig, argv[1:], pair.real, runner.workdir,
                                   QUIET, STEP_TIMEOUT, kubectl_started.set,
                                   actions_done.is_set)
        acting.result()
        return ours_future.result(), real


def _wait_pods_ready(runner: Runner, namespace: str) -> None:
    """Until every pod of the namespace is Ready and none is being deleted."""
    def all_ready() -> bool:
        result = run_kubectl(runner.kubeconfig, ["get", "pods", "-o", "json"], namespace,
                             runner.workdir, 30)
        pods = json.loads(result.stdout)["items"] if result.exit_code == 0 else []
        return bool(pods) and all(_ready(pod) for pod in pods)

    wait_for(f"the pods of {namespace} to be ready", STEP_TIMEOUT, all_ready, interval=0.2)


def _ready(pod: dict[str, Any]) -> bool:
    if pod["metadata"].get("deletionTimestamp"):
        return False
    return any(c["type"] == "Ready" and c["status"] == "True"
               for c in pod.get("status", {}).get("conditions", []))


def _masked(case: Case, text: str) -> str:
    for pattern, replacement in case.masks:
        text = re.sub(pattern, replacement, text, flags=re.M)
    return text


def _ident(case: Case) -> str:
    return case.line + (f" (during: {'; '.join(case.during)})" if case.during else "")


@pytest.mark.live
@pytest.mark.parametrize("case", WATCHES, ids=_ident)
def test_watch(case: Case, fresh_pair: Pair, runner: Runner,
               request: pytest.FixtureRequest) -> None:
    start = time.monotonic()
    ours, real = _run_both(case, fresh_pair, runner)
    request.node.user_properties.append(("seconds", round(time.monotonic() - start, 1)))
    interrupted = real.exit_code == 1 and not real.stderr
    assert ours.exit_code == (0 if interrupted else real.exit_code), (ours, real)
    assert mask(ours.stderr, fresh_pair.ours) == mask(real.stderr, fresh_pair.real)
    if ours.stdout == real.stdout:
        comparison = "exact"
    else:
        assert laid_out_as_watch(ours.stdout) or "-o" in case.line.split() or \
            case.line.split()[1] != "get", f"not kubectl's watch layout:\n{ours.stdout}"
        assert watch_shape(_masked(case, ours.stdout), fresh_pair.ours) == \
            watch_shape(_masked(case, real.stdout), fresh_pair.real), \
            f"podlab:\n{ours.stdout}\nkubectl:\n{real.stdout}"
        comparison = "shape"
    request.node.user_properties.append(("comparison", comparison))
