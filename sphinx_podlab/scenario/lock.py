"""Live scenarios that share a namespace never interleave: a Lease held in the cluster.

One ``coordination.k8s.io/v1`` Lease named ``podlab-lock`` in the scenario's namespace, so
builds on different machines (an author's preview and CI) and ``-j`` workers on one machine
all see the same lock. Its holder identity names the host, the process and a token; its
annotations name the page. While held, a thread renews it every few seconds; when the
holder dies, the lease expires (nobody saw it renewed for ``leaseDurationSeconds``), or at
once when the holder was a process of this very machine that no longer exists. Released
(deleted) when the scenario ends; waiting for it is bounded and the timeout names the holder.

Expiry is judged by when this process last saw the lease change, not by comparing the
holder's clock with ours (as client-go's leader election does): clocks of two machines may
disagree, the time a lease stays unchanged does not.

The Lease lives in the scenario's own namespace: no namespace of podlab's own, no
cluster-wide permission needed, and ``kubectl get all`` does not list leases.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from ..execute.rest import ApiError, Rest
from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj

LEASE_NAME = "podlab-lock"
LEASE_SECONDS = 15  # without a renewal for this long, the holder counts as dead
RENEW_EVERY = 4.0  # seconds between renewals while held
RETRY_EVERY = 1.0  # seconds between tries while the API server does not answer
POLL_EVERY = 0.5  # seconds between looks while another build holds the lease
REPORT_EVERY = 10.0  # seconds between "waiting for the lock" progress lines
PAGE_ANNOTATION = "podlab.dev/page"
# what the holder created (or is about to), written before each create: a run killed before
# its cleanup leaves this list, and the next holder removes those objects first
JOURNAL_ANNOTATION = "podlab.dev/created"
MANAGED_BY = {"app.kubernetes.io/managed-by": "sphinx-podlab"}


class LockTimeout(PodlabExecutionError):
    """Another build held the namespace for longer than the lock timeout."""


@dataclass(frozen=True)
class Holder:
    """Who holds a lease, as its identity ``host/pid/machine`` and annotations say."""

    host: str
    pid: int
    machine: str  # boot id and PID namespace: pids are comparable only when these match
    page: str
    since: str  # the lease's acquireTime

    @classmethod
    def of(cls, lease: Obj) -> Holder:
        spec = lease.get("spec") or {}
        identity = str(spec.get("holderIdentity") or "")
        host, pid, machine = [*identity.split("/"), "", "", ""][:3]
        annotations = (lease.get("metadata") or {}).get("annotations") or {}
        return cls(host, int(pid) if pid.isdigit() else 0, machine,
                   str(annotations.get(PAGE_ANNOTATION) or "?"),
                   str(spec.get("acquireTime") or ""))

    def describe(self) -> str:
        since = self.since[:19].replace("T", " ") + " UTC" if self.since else "an unknown time"
        return f"page {self.page} on host {self.host} (pid {self.pid}), since {since}"


def this_machine() -> str:
    """What makes a pid meaningful: the kernel's boot id and this PID namespace."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            boot = handle.read().strip().replace("-", "")[:12]
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return ""  # not Linux: a lease of a dead holder then expires by time alone
    return f"{boot}-{namespace}"


def micro_time(moment: datetime | None = None) -> str:
    """A ``metav1.MicroTime``: RFC 3339 with microseconds."""
    moment = moment or datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, as another user
    return False


class NamespaceLease:
    """The lease of one namespace, acquired with a bounded wait and renewed while held."""

    def __init__(self, rest: Rest, namespace: str, page: str, timeout: float,
                 progress: Callable[[str], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rest = rest
        self.namespace = namespace
        self.page = page
        self.timeout = timeout
        self.progress = progress
        self.clock = clock
        self.host = socket.gethostname() or "unknown"
        self.machine = this_machine()
        self.identity = f"{self.host}/{os.getpid()}/{self.machine}-{secrets.token_hex(3)}"
        self.lost: str | None = None  # why the lease was lost while held (renewal failed)
        self.journal: list[Obj] = []  # objects this holder created (see JOURNAL_ANNOTATION)
        self.leftovers: list[Obj] = []  # objects an interrupted holder left, to remove first
        self.left_by = ""  # that holder's page
        self.keep_journal = False  # at release: keep the journal for the next holder
        self._lease: Obj | None = None  # the lease as last written by us
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._mutex = threading.Lock()

    @property
    def path(self) -> str:
        return (f"/apis/coordination.k8s.io/v1/namespaces/{self.namespace}/leases/"
                f"{LEASE_NAME}")

    @property
    def collection(self) -> str:
        return f"/apis/coordination.k8s.io/v1/namespaces/{self.namespace}/leases"

    # -- acquiring --------------------------------------------------------------------------

    def acquire(self) -> None:
        """Take the lease, waiting at most ``timeout`` seconds for another holder."""
        start = self.clock()
        last_report = start
        seen: tuple[str, float] | None = None  # (resourceVersion, when we first saw it)
        while True:
            lease = self._get()
            if lease is None:
                if self._create():
                    break
                continue
            version = str(lease["metadata"].get("resourceVersion") or "")
            if seen is None or seen[0] != version:
                seen = (version, self.clock())
            if self._free(lease, self.clock() - seen[1]) and self._take(lease):
                break
            now = self.clock()
            holder = Holder.of(lease)
            if now - start >= self.timeout:
                raise LockTimeout(
                    f"namespace {self.namespace} is in use by another podlab build: "
                    f"{holder.describe()}; gave up after {now - start:.0f} s "
                    "(podlab_lock_timeout)")
            if now - last_report >= REPORT_EVERY or now == start:
                last_report = now
                self.progress(f"waiting for namespace {self.namespace}, in use by "
                              f"{holder.describe()} ({now - start:.0f} s)")
            time.sleep(POLL_EVERY)
        self._thread = threading.Thread(target=self._renew_loop, daemon=True,
                                        name=f"podlab lease {self.namespace}")
        self._thread.start()

    def _free(self, lease: Obj, unchanged_for: float) -> bool:
        spec = lease.get("spec") or {}
        if not spec.get("holderIdentity"):
            return True
        duration = int(spec.get("leaseDurationSeconds") or LEASE_SECONDS)
        if unchanged_for >= duration:
            return True  # nobody renewed it: the holder died or lost the cluster
        holder = Holder.of(lease)
        return (bool(self.machine) and holder.machine.startswith(self.machine)
                and holder.pid > 0 and _process_gone(holder.pid))

    def _body(self, acquire_time: str, base: Obj | None = None) -> Obj:
        annotations = {PAGE_ANNOTATION: self.page}
        if self.journal:
            annotations[JOURNAL_ANNOTATION] = json.dumps(self.journal, sort_keys=True)
        metadata: Obj = {"name": LEASE_NAME, "namespace": self.namespace,
                         "labels": dict(MANAGED_BY), "annotations": annotations}
        if base is not None:
            metadata["resourceVersion"] = base["metadata"]["resourceVersion"]
        return {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": metadata,
                "spec": {"holderIdentity": self.identity, "leaseDurationSeconds": LEASE_SECONDS,
                         "acquireTime": acquire_time, "renewTime": micro_time()}}

    def _get(self) -> Obj | None:
        try:
            return self.rest.get(self.path, timeout=self.rest.request_timeout)
        except ApiError as exc:
            if exc.not_found:
                return None
            raise PodlabExecutionError(f"cannot read the lock of namespace {self.namespace}: "
                                       f"{exc.message}") from exc

    def _create(self) -> bool:
        try:
            self._lease = self.rest.send("POST", self.collection, self._body(micro_time()),
                                         timeout=self.rest.request_timeout)
        except ApiError as exc:
            if exc.code == 409:
                return False  # someone else was quicker
            if exc.not_found:
                raise PodlabExecutionError(
                    f"namespace {self.namespace} does not exist: create it first, or set "
                    "podlab_namespace to one that does") from exc
            raise PodlabExecutionError(f"cannot lock namespace {self.namespace}: "
                                       f"{exc.message}") from exc
        return True

    def _take(self, lease: Obj) -> bool:
        annotations = (lease.get("metadata") or {}).get("annotations") or {}
        try:
            left = json.loads(annotations.get(JOURNAL_ANNOTATION) or "[]")
        except ValueError:
            left = []
        self.journal = [entry for entry in left if isinstance(entry, dict)]
        try:
            self._lease = self.rest.send("PUT", self.path, self._body(micro_time(), lease),
                                         timeout=self.rest.request_timeout)
        except ApiError as exc:
            if exc.code in (404, 409):
                self.journal = []
                return False  # changed or deleted meanwhile: look again
            raise PodlabExecutionError(f"cannot lock namespace {self.namespace}: "
                                       f"{exc.message}") from exc
        self.leftovers = list(self.journal)  # kept in the journal until removed
        self.left_by = str(annotations.get(PAGE_ANNOTATION) or "?")
        return True

    # -- the journal ------------------------------------------------------------------------

    def note(self, entry: Obj) -> None:
        """Journal an object this holder is about to create (one write to the lease)."""
        with self._mutex:
            self.journal.append(entry)
            self._write("journal an object in")

    def forget_leftovers(self) -> None:
        """The leftovers are gone: drop them from the journal."""
        with self._mutex:
            self.journal = [e for e in self.journal if e not in self.leftovers]
            self.leftovers = []
            self._write("update")

    def _write(self, what: str) -> None:
        lease = self._lease
        if lease is None:
            return
        body = self._body(str(lease["spec"].get("acquireTime") or micro_time()), lease)
        try:
            self._lease = self.rest.send("PUT", self.path, body,
                                         timeout=self.rest.request_timeout)
        except ApiError as exc:
            raise PodlabExecutionError(f"cannot {what} the lock of namespace "
                                       f"{self.namespace}: {exc.message}") from exc

    # -- holding ----------------------------------------------------------------------------

    def _renew_loop(self) -> None:
        last_renewal = self.clock()
        pause = RENEW_EVERY
        while not self._stop.wait(pause):
            pause = RETRY_EVERY  # until the next renewal succeeds
            with self._mutex:
                lease = self._lease
                if lease is None:
                    return
                body = self._body(str(lease["spec"].get("acquireTime") or micro_time()), lease)
                try:
                    self._lease = self.rest.send("PUT", self.path, body,
                                                 timeout=self.rest.request_timeout)
                    last_renewal = self.clock()
                    pause = RENEW_EVERY
                    continue
                except ApiError as exc:
                    if exc.code in (404, 409):
                        self.lost = (f"the lock of namespace {self.namespace} was taken over "
                                     "or deleted while this build held it")
                        return
                    problem = exc.message
                except PodlabExecutionError as exc:
                    problem = str(exc)
            if self.clock() - last_renewal >= LEASE_SECONDS and not self.lost:
                # not lost yet: nobody else can take it while the server is away; whoever
                # takes it first when it is back wins, and a 409 then tells us
                self.progress(f"the lock of namespace {self.namespace} could not be renewed "
                              f"for {self.clock() - last_renewal:.0f} s: {problem}")
                last_renewal = self.clock()

    def release(self) -> None:
        """Stop renewing and delete the lease, unless another build holds it by now."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.rest.request_timeout + RENEW_EVERY)
        with self._mutex:
            lease, self._lease = self._lease, None
        if lease is None or self.lost:
            return
        if self.keep_journal and self.journal:
            # not cleaned up (podlab_cleanup off, or cleanup problems): free the lease but
            # keep the journal, so that the next run removes these objects first
            body = self._body(str(lease["spec"].get("acquireTime") or micro_time()), lease)
            body["spec"]["holderIdentity"] = ""
            try:
                self.rest.send("PUT", self.path, body, timeout=self.rest.request_timeout)
                return
            except (ApiError, PodlabExecutionError) as exc:
                self.progress(f"could not release the lock of namespace {self.namespace}: "
                              f"{exc}")
                return
        metadata = lease["metadata"]
        body = {"kind": "DeleteOptions", "apiVersion": "v1", "preconditions": {
            "uid": metadata.get("uid"), "resourceVersion": metadata.get("resourceVersion")}}
        try:
            self.rest.send("DELETE", self.path, body, timeout=self.rest.request_timeout)
        except (ApiError, PodlabExecutionError) as exc:
            # left behind, the lease expires by itself within LEASE_SECONDS
            self.progress(f"could not release the lock of namespace {self.namespace}: {exc}")

    @property
    def renewing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


def ensure_namespace(rest: Rest, namespace: str, progress: Callable[[str], None],
                     timeout: float = 30.0) -> None:
    """Create the scenario's namespace when it does not exist (labelled as podlab's), and
    wait for its default ServiceAccount, without which no pod can be created."""
    path = f"/api/v1/namespaces/{namespace}"
    try:
        rest.get(path, timeout=rest.request_timeout)
        return
    except ApiError as exc:
        if not exc.not_found:
            raise PodlabExecutionError(f"cannot read namespace {namespace}: {exc.message}") \
                from exc
    progress(f"creating namespace {namespace}")
    body = {"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": namespace, "labels": dict(MANAGED_BY)}}
    try:
        rest.send("POST", "/api/v1/namespaces", body, timeout=rest.request_timeout)
    except ApiError as exc:
        if exc.code != 409:  # created meanwhile by another -j worker: fine
            raise PodlabExecutionError(f"namespace {namespace} does not exist and cannot be "
                                       f"created: {exc.message}") from exc
    end = time.monotonic() + timeout
    while True:
        try:
            rest.get(f"{path}/serviceaccounts/default", timeout=rest.request_timeout)
            return
        except ApiError as exc:
            if not exc.not_found or time.monotonic() >= end:
                raise PodlabExecutionError(f"namespace {namespace} has no default "
                                           f"ServiceAccount: {exc.message}") from exc
        time.sleep(0.2)


@contextmanager
def namespace_lock(rest: Rest, namespace: str, page: str, timeout: float,
                   progress: Callable[[str], None]) -> Iterator[NamespaceLease]:
    """Hold the namespace's lease while the block runs; released also on an exception."""
    ensure_namespace(rest, namespace, progress)
    lease = NamespaceLease(rest, namespace, page, timeout, progress)
    lease.acquire()
    try:
        yield lease
    finally:
        lease.release()
