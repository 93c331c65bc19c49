"""Fixtures for the live tests against the lab cluster (tests/cluster/lab.sh).

The lab's kubeconfig comes from ``PODLAB_LAB_KUBECONFIG`` or ``lab.sh kubeconfig``. Without
a lab the tests are skipped, or fail when ``PODLAB_REQUIRE_LAB=1`` (CI). Every test that
creates objects gets its own labelled namespace, deleted by the fixture.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import pytest

kubernetes = pytest.importorskip("kubernetes")
from kube_models import close, name_of, new_client  # noqa: E402
from kubernetes import client  # noqa: E402
from kubernetes.client.exceptions import ApiException  # noqa: E402
from kubernetes.stream import stream  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
LAB_SH = REPO / "tests" / "cluster" / "lab.sh"
MANIFESTS = REPO / "manifests"
NAMESPACE_LABEL = "podlab.test/e2e"

T = TypeVar("T")


def wait_for(what: str, timeout: float, probe: Callable[[], T | None], interval: float = 0.5) -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def _find_kubeconfig() -> tuple[str | None, str]:
    """The kubeconfig path, or None and why there is none."""
    path = os.environ.get("PODLAB_LAB_KUBECONFIG")
    if path:
        if not Path(path).is_file():
            return None, f"PODLAB_LAB_KUBECONFIG={path} does not exist"
        return path, ""
    try:
        proc = subprocess.run(
            ["bash", str(LAB_SH), "kubeconfig"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"lab.sh kubeconfig failed: {exc}"
    if proc.returncode != 0:
        return None, proc.stderr.strip() or "lab.sh kubeconfig failed: the lab cluster is not up"
    return proc.stdout.strip().splitlines()[-1], ""


class Wait(Protocol):
    """The ``wait`` fixture: ``wait_for``."""

    def __call__(
        self, what: str, timeout: float, probe: Callable[[], T | None], interval: float = 0.5
    ) -> T: ...


@pytest.fixture(scope="session")
def wait() -> Wait:
    """``wait(what, timeout, probe, interval=0.5)``: a bounded poll (see ``wait_for``)."""
    return wait_for


@pytest.fixture(scope="session")
def manifests() -> Path:
    """The book's manifests directory."""
    return MANIFESTS


@pytest.fixture(scope="session")
def lab_kubeconfig() -> str:
    path, reason = _find_kubeconfig()
    if path is None:
        reason += " (or: nox -s lab -- up)"
        if os.environ.get("PODLAB_REQUIRE_LAB") == "1":
            pytest.fail(f"PODLAB_REQUIRE_LAB=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def api_client(lab_kubeconfig: str) -> Iterator[client.ApiClient]:
    api = new_client(lab_kubeconfig)
    try:
        client.VersionApi(api).get_code(_request_timeout=10)
    except Exception as exc:
        pytest.fail(f"the lab's API server does not answer: {exc}", pytrace=False)
    yield api
    close(api)


@pytest.fixture(scope="session")
def core(api_client: client.ApiClient) -> client.CoreV1Api:
    return client.CoreV1Api(api_client)


@dataclass
class ExecResult:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


class PodExec(Protocol):
    """The ``pod_exec`` fixture: ``pod_exec(namespace, pod, argv, timeout=30)``."""

    def __call__(
        self, namespace: str, pod: str, command: list[str], timeout: float = 30
    ) -> ExecResult: ...


@pytest.fixture(scope="session")
def pod_exec(lab_kubeconfig: str) -> Iterator[PodExec]:
    """Run a command in a pod: exit status, stdout and stderr kept apart, with a deadline.

    Exec gets an ApiClient of its own: ``stream()`` patches the client it is given.
    """
    api = new_client(lab_kubeconfig)
    core_api = client.CoreV1Api(api)

    def run(namespace: str, pod: str, command: list[str], timeout: float = 30) -> ExecResult:
        start = time.monotonic()
        resp = stream(
            core_api.connect_get_namespaced_pod_exec,
            pod,
            namespace,
            command=command,
            stdout=True,
            stderr=True,
            stdin=False,
            tty=False,
            binary=True,  # bytes per channel, decoded once at the end
            _preload_content=False,
        )
        out, err = bytearray(), bytearray()
        try:
            while resp.is_open():
                if time.monotonic() - start > timeout:
                    pytest.fail(f"exec {command} in {namespace}/{pod}: no end after {timeout} s")
                resp.update(timeout=1)
                out += resp.read_channel(1)
                err += resp.read_channel(2)
            out += resp.read_channel(1)
            err += resp.read_channel(2)
            status = resp.read_channel(3)
        finally:
            resp.close()
        seconds = time.monotonic() - start
        return ExecResult(_exit_code(status.decode()), out.decode(), err.decode(), seconds)

    yield run
    close(api)


def _exit_code(status_text: str) -> int:
    """Exit status from the exec status channel (``{"status": "Success"}`` or a Failure)."""
    if not status_text:
        raise AssertionError("exec ended without a status: exit code unknown")
    status = json.loads(status_text)
    if status.get("status") == "Success":
        return 0
    for cause in (status.get("details") or {}).get("causes") or []:
        if cause.get("reason") == "ExitCode":
            return int(cause["message"])
    raise AssertionError(f"exec failed: {status.get('message', status_text)}")


class LabNamespaces:
    """The tests' labelled namespaces: made on demand, dropped when a test is done, and
    waited for all at once in :meth:`close`.

    Deleting a namespace waits for its pods' grace period (30 s for a process that ignores
    SIGTERM, as busybox's ``sleep`` does as PID 1): the next test need not wait for it too.
    """

    def __init__(self, core_api: client.CoreV1Api, prefix: str) -> None:
        self._core = core_api
        self._prefix = prefix
        self._made: list[str] = []
        self._dropped: set[str] = set()

    def make(self, part: str) -> str:
        """A new namespace ``PREFIX-PART-xxxxxx``, once its default ServiceAccount exists
        (pods cannot be created before it)."""
        name = f"{self._prefix}-{part}-{uuid.uuid4().hex[:6]}"
        self._core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(
            name=name, labels={NAMESPACE_LABEL: "true"})))
        self._made.append(name)
        wait_for(f"ServiceAccount default in {name}", 60,
                 lambda: _exists(self._core.read_namespaced_service_account, "default", name))
        return name

    def drop(self, name: str) -> None:
        """Start deleting ``name``; :meth:`close` waits for it."""
        try:
            self._core.delete_namespace(name)
        except ApiException as exc:
            if exc.status != 404:
                raise
        self._dropped.add(name)

    def close(self) -> None:
        """Drop what is left, then wait until none of the namespaces made is there."""
        for name in self._made:
            if name not in self._dropped:
                self.drop(name)

        def none_left() -> bool:
            existing = {name_of(ns) for ns in self._core.list_namespace().items}
            return not existing.intersection(self._made)

        wait_for(f"the {len(self._made)} test namespaces to be deleted", 300, none_left,
                 interval=1)


@pytest.fixture(scope="session")
def lab_namespaces(core: client.CoreV1Api) -> Iterator[LabNamespaces]:
    made = LabNamespaces(core, "e2e")
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def namespace(lab_namespaces: LabNamespaces, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh namespace for one test, deleted afterwards (the session waits for it)."""
    # A parametrized test's name has brackets, colons, dots: keep letters and digits only.
    short = re.sub(r"[^a-z0-9]+", "-", request.node.name.replace("test_", "").lower())
    name = lab_namespaces.make(short[:30].strip("-"))
    try:
        yield name
    finally:
        lab_namespaces.drop(name)


def _exists(read: Callable[..., object], *args: str) -> bool:
    try:
        read(*args)
    except ApiException as exc:
        if exc.status == 404:
            return False
        raise
    return True
