"""The namespace lock, live: a Lease in the cluster that a second build waits for (bounded,
naming the holder), that expires when its holder died, and that is gone after release."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kube_models import present
from kubernetes import client

from sphinx_podlab.execute.cluster import Cluster
from sphinx_podlab.execute.rest import Rest
from sphinx_podlab.scenario.lock import (
    LEASE_NAME,
    RENEW_EVERY,
    LockTimeout,
    NamespaceLease,
    micro_time,
)

from .conftest import Book, Fresh, assert_nothing_left, objects_left, podlab_threads

REPO = Path(__file__).resolve().parents[2]


def lease_for(kubeconfig: str, namespace: str, page: str, timeout: float) -> NamespaceLease:
    cluster = Cluster.connect(None, kubeconfig)
    rest = Rest(cluster.new_api_client(), cluster.request_timeout, lambda _text: None)
    return NamespaceLease(rest, namespace, page, timeout, lambda _line: None)


def renew_time(api_client: client.ApiClient, namespace: str) -> datetime:
    lease = client.CoordinationV1Api(api_client).read_namespaced_lease(LEASE_NAME, namespace)
    return present(present(lease.spec, "spec in the lease").renew_time, "spec.renewTime")


@pytest.mark.live
def test_a_second_holder_waits_bounded_and_is_told_who_holds_it(
        lab_kubeconfig: str, namespace: str, api_client: client.ApiClient) -> None:
    first = lease_for(lab_kubeconfig, namespace, "chapter/one", 5)
    first.acquire()
    try:
        assert first.renewing
        renewed = renew_time(api_client, namespace)
        second = lease_for(lab_kubeconfig, namespace, "chapter/two", 1.5)
        start = time.monotonic()
        with pytest.raises(LockTimeout) as info:
            second.acquire()
        assert 1.5 <= time.monotonic() - start < 4
        message = str(info.value)
        assert re.search(rf"namespace {namespace} is in use by another podlab build: page "
                         rf"chapter/one on host {re.escape(socket.gethostname())} \(pid "
                         rf"{os.getpid()}\), since \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC; gave "
                         r"up after \d+ s \(podlab_lock_timeout\)", message), message
        time.sleep(RENEW_EVERY + 1)
        assert renew_time(api_client, namespace) > renewed  # renewed while held
    finally:
        first.release()
    assert not first.renewing
    assert objects_left(api_client, namespace) == []  # released: the lease is deleted
    third = lease_for(lab_kubeconfig, namespace, "chapter/three", 5)
    start = time.monotonic()
    third.acquire()
    third.release()
    assert time.monotonic() - start < 2
    assert podlab_threads() == []


HOLD = textwrap.dedent("""
    import sys, time
    from sphinx_podlab.execute.cluster import Cluster
    from sphinx_podlab.execute.rest import Rest
    from sphinx_podlab.scenario.lock import NamespaceLease
    cluster = Cluster.connect(None, sys.argv[1])
    rest = Rest(cluster.new_api_client(), cluster.request_timeout, lambda _t: None)
    NamespaceLease(rest, sys.argv[2], "chapter/killed", 5, print).acquire()
    print("held", flush=True)
    time.sleep(600)
""")


@pytest.mark.live
def test_the_lease_of_a_killed_build_on_this_machine_is_taken_at_once(
        lab_kubeconfig: str, namespace: str, api_client: client.ApiClient) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, lab_kubeconfig, namespace],
                              stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        os.kill(holder.pid, signal.SIGKILL)  # no release, no cleanup
        holder.wait(10)
        lease = lease_for(lab_kubeconfig, namespace, "chapter/next", 5)
        start = time.monotonic()
        lease.acquire()  # the holder's pid is gone: no need to wait for the lease to expire
        seconds = time.monotonic() - start
        lease.release()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)
    assert seconds < 2
    assert objects_left(api_client, namespace) == []


@pytest.mark.live
def test_the_lease_of_a_dead_holder_elsewhere_expires(
        lab_kubeconfig: str, namespace: str, api_client: client.ApiClient) -> None:
    now = micro_time(datetime.now(UTC))
    # a dict body goes out as it is (the client's hint says V1Lease): renewTime stays the
    # MicroTime text podlab writes
    client.CoordinationV1Api(api_client).create_namespaced_lease(namespace, {  # type: ignore[arg-type]
        "metadata": {"name": LEASE_NAME, "annotations": {"podlab.dev/page": "chapter/far"}},
        "spec": {"holderIdentity": "elsewhere/4242/0123456789ab-4026531836-abcdef",
                 "leaseDurationSeconds": 2, "acquireTime": now, "renewTime": now}})
    lease = lease_for(lab_kubeconfig, namespace, "chapter/here", 10)
    start = time.monotonic()
    lease.acquire()  # another machine's pid says nothing here: only the expiry counts
    seconds = time.monotonic() - start
    lease.release()
    assert 2 <= seconds < 5
    assert objects_left(api_client, namespace) == []


@pytest.mark.live
def test_a_build_waiting_for_a_busy_namespace_gives_up_clearly(
        book: Book, lab_kubeconfig: str, api_client: client.ApiClient, fresh: Fresh) -> None:
    records = book.keep_record_of(fresh)
    book.write("# Busy\n\n```{podlab}\n$ kubectl apply -f web.yml\n```\n")
    other = lease_for(lab_kubeconfig, book.namespace, "chapter/other", 5)
    other.acquire()
    try:
        app = book.build(podlab_lock_timeout=2)
    finally:
        other.release()
    warnings = app.warning.getvalue()
    assert app.statuscode == 1
    assert re.search(rf"WARNING: namespace {book.namespace} is in use by another podlab build: "
                     r"page chapter/other on host .*; gave up after 2 s \(podlab_lock_timeout\)"
                     r"; the record was not changed", warnings), warnings
    assert_nothing_left(book, api_client, records, fresh)
