"""An API server restart mid-step, live (through tests/faults/outage.py: every connection
dropped, new ones refused for a few seconds): a wait, which only reads, carries on and the
page's outputs are a fresh namespace's; an exec stream that drops is not repeated (the
command may have done something): a clear error, cleanup, nothing left."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client

from .conftest import NEXT_PAGE, Book, Fresh, assert_nothing_left, digest, outputs
from .outage import Outage, outage_kubeconfig

OUTAGE_SECONDS = 3.0


@pytest.fixture
def outage(lab_kubeconfig: str, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Outage]:
    proxy, kubeconfig = outage_kubeconfig(lab_kubeconfig, tmp_path / "kubeconfig")
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    yield proxy
    proxy.close()


def when(condition: Callable[[], object], then: Callable[[], object]) -> threading.Thread:
    """Run ``then()`` in a thread as soon as ``condition()`` holds (polled, 60 s at most)."""
    def watch() -> None:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            if condition():
                then()
                return
            time.sleep(0.1)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def build_with_outage(book: Book, outage: Outage, page: str,
                      condition: Callable[[], object]) -> Any:
    """Build ``page`` while the API server "restarts" as soon as ``condition()`` holds."""
    book.write(page)
    trigger = when(condition, lambda: outage.outage(OUTAGE_SECONDS))
    app = book.build()
    trigger.join(5)
    return app


def deployment_exists(api_client: client.ApiClient, namespace: str) -> bool:
    return bool(client.AppsV1Api(api_client).list_namespaced_deployment(namespace).items)


@pytest.mark.live
def test_an_api_server_restart_during_a_wait_is_waited_out(
        book: Book, outage: Outage, api_client: client.ApiClient, fresh: Fresh,
        lab_kubeconfig: str, monkeypatch: pytest.MonkeyPatch) -> None:
    records = book.keep_record_of(fresh)
    # the deployment is created by step 1; its pod needs a few seconds to count as ready:
    # the API server "restarts" in that wait
    app = build_with_outage(book, outage, NEXT_PAGE,
                            lambda: deployment_exists(api_client, book.namespace))
    assert outage.dropped > 0  # it happened, with connections open
    assert app.statuscode == 0, app.warning.getvalue()
    assert outputs(book.records, book.namespace) == fresh.outputs
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    assert digest(book.records) != records  # a good run: the page's record, rewritten
    assert_nothing_left(book, api_client, digest(book.records), fresh)


EXEC_PAGE = """# Exec

```{podlab}
$ kubectl apply -f web.yml
$ kubectl exec deploy/web -- sleep 8
```
"""


@pytest.mark.live
def test_an_exec_stream_that_drops_is_a_clear_error_not_a_retry(
        book: Book, outage: Outage, api_client: client.ApiClient, fresh: Fresh,
        lab_kubeconfig: str, monkeypatch: pytest.MonkeyPatch) -> None:
    records = book.keep_record_of(fresh)
    started: list[float] = []

    def in_the_exec() -> bool:
        # step 2 starts once the pod counts as ready (3 s after its container started)
        if not started and deployment_exists(api_client, book.namespace):
            started.append(time.monotonic())
        return bool(started) and time.monotonic() - started[0] > 6

    app = build_with_outage(book, outage, EXEC_PAGE, in_the_exec)
    warnings = app.warning.getvalue()
    assert app.statuscode == 1
    assert re.search(r"index\.md:5: WARNING: 'kubectl exec deploy/web -- sleep 8': exec into "
                     r"pod/web-\S+ failed: .*; the record was not changed", warnings), warnings
    assert "Traceback" not in warnings
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    assert_nothing_left(book, api_client, records, fresh)


WATCH_PAGE = """# Watch

```{podlab}
:quiet: 15
$ kubectl apply -f web.yml
$ kubectl get pods -w
```
"""


def ready_for(api_client: client.ApiClient, namespace: str, seconds: float) -> bool:
    """Whether a pod of the namespace has been Ready for ``seconds`` (podlab's wait has
    then ended and the page's watch is open)."""
    for pod in client.CoreV1Api(api_client).list_namespaced_pod(namespace).items:
        for condition in (pod.status.conditions if pod.status else None) or []:
            since = condition.last_transition_time
            if condition.type == "Ready" and condition.status == "True" and since and \
                    time.time() - since.timestamp() > seconds:
                return True
    return False


@pytest.mark.live
def test_a_watch_whose_connection_drops_is_a_clear_error_not_a_short_watch(
        book: Book, outage: Outage, api_client: client.ApiClient, fresh: Fresh,
        lab_kubeconfig: str, monkeypatch: pytest.MonkeyPatch) -> None:
    records = book.keep_record_of(fresh)
    app = build_with_outage(book, outage, WATCH_PAGE,
                            lambda: ready_for(api_client, book.namespace, 4))
    warnings = app.warning.getvalue()
    assert outage.dropped > 0
    assert app.statuscode == 1
    assert re.search(r"index\.md:6: WARNING: 'kubectl get pods -w': the connection to the API "
                     r"server was lost while the command was running \(.+\); the record was "
                     r"not changed", warnings), warnings
    assert "Traceback" not in warnings
    monkeypatch.setenv("KUBECONFIG", lab_kubeconfig)
    assert_nothing_left(book, api_client, records, fresh)
