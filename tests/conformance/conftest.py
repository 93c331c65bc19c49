"""Fixtures of the conformance suite, and the hook that writes ``results.json``.

The lab fixtures (kubeconfig, API client, bounded waits) are the e2e suite's. ``shared``
is one namespace per module with the book's StatefulSet and Deployment, two Services, a
three-replica Deployment and a two-container pod, all Ready, for the read-only cases;
``fresh_pair`` gives a mutating case two new namespaces with the same setup. Namespaces are
labelled like the e2e ones and deleted at the end of the module.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from e2e.compare import KUBECTL, run_kubectl
from e2e.conftest import LabNamespaces, api_client, core, lab_kubeconfig, wait  # noqa: F401
from manifest_server import ManifestServer

from sphinx_podlab.execute.cluster import Cluster
from sphinx_podlab.execute.session import KubectlSession
from sphinx_podlab.model.results import CommandResult
from sphinx_podlab.parse.manifests import is_url
from sphinx_podlab.parse.shell import split_shell_words
from sphinx_podlab.scenario.manifests import RemoteCache
from sphinx_podlab.verbs.exec import Exec
from sphinx_podlab.verbs.registry import parse_kubectl

from .cases import CASES, SHARED_SETUP, Case

kubernetes = pytest.importorskip("kubernetes")
from kubernetes import client  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RESULTS = HERE / "results.json"  # the lab's default release; others: results-vX.Y.Z.json
MANIFEST_DIRS = (REPO / "manifests", HERE / "manifests")
MANIFEST_FILES = (REPO / "tests/unit/fixtures/execute/ss-mysql-v2.yml",
                  REPO / "tests/unit/fixtures/execute/two-containers.yml")
STEP_TIMEOUT = 180.0
LAB_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


@dataclass
class Runner:
    """Runs a case's command line through podlab and through the lab's kubectl."""

    kubeconfig: str
    workdir: Path  # every manifest a case names, under the name it uses
    node: str
    url: str  # where the manifests are served over HTTP (cases write {url}/FILE)
    versions: dict[str, str] = field(default_factory=dict)

    def argv(self, line: str) -> tuple[str, ...]:
        """The words of ``line`` as podlab's block parser splits them."""
        line = line.replace("{node}", self.node).replace("{url}", self.url)
        return split_shell_words(line).argv

    def resolve(self, name: str) -> Path:
        """A manifest name as a page's build finds it: a file of the workdir, or a URL's
        fetched copy."""
        if is_url(name):
            return RemoteCache(self.workdir / "_remote", may_fetch=True).fetch(name)
        return self.workdir / name

    def session(self, cluster: Cluster, namespace: str) -> KubectlSession:
        return KubectlSession(cluster, namespace, self.resolve, lambda _text: None,
                              cluster.info().minor)

    def podlab(self, session: KubectlSession, line: str) -> CommandResult:
        argv = self.argv(line)
        return session.run(parse_kubectl(argv), argv, STEP_TIMEOUT)

    def kubectl(self, line: str, namespace: str) -> CommandResult:
        """Real kubectl in a terminal when the reader's would matter (``exec -it``)."""
        argv = self.argv(line)
        command = parse_kubectl(argv) if argv[1] == "exec" else None
        terminal = isinstance(command, Exec) and command.stdin and command.tty
        return run_kubectl(self.kubeconfig, argv[1:], namespace, self.workdir, STEP_TIMEOUT,
                           terminal=terminal)

    def setup(self, lines: tuple[str, ...], namespace: str) -> None:
        for line in lines:
            result = run_kubectl(self.kubeconfig, self.argv(line)[1:], namespace, self.workdir,
                                 STEP_TIMEOUT)
            assert result.exit_code == 0, f"setup {line!r} in {namespace}: {result.stderr}"


@pytest.fixture(scope="session")
def runner(lab_kubeconfig: str, tmp_path_factory: pytest.TempPathFactory  # noqa: F811
           ) -> Iterator[Runner]:
    if not KUBECTL.is_file():
        pytest.fail(f"no lab kubectl at {KUBECTL} (tests/cluster/lab.sh up builds it)")
    workdir = tmp_path_factory.mktemp("conformance-manifests")
    for source in (*[p for d in MANIFEST_DIRS for p in sorted(d.glob("*.yml"))],
                   *MANIFEST_FILES):
        shutil.copy(source, workdir / source.name)
    shutil.copytree(HERE / "manifests" / "several", workdir / "several")
    shutil.copytree(HERE / "manifests" / "data", workdir / "data")
    shutil.copytree(HERE / "manifests" / "templates", workdir / "templates")  # get -o *-file
    (workdir / "data" / "logo.bin").write_bytes(bytes(range(256)))  # not UTF-8: binaryData
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=podlab.test", "-keyout", str(workdir / "tls.key"),
                    "-out", str(workdir / "tls.crt")], check=True, capture_output=True)
    nodes = run_kubectl(lab_kubeconfig, ["get", "nodes", "-o", "name"], None, workdir, 30)
    node = nodes.stdout.split()[0].removeprefix("node/")
    version = run_kubectl(lab_kubeconfig, ["version", "-o", "json"], None, workdir, 30)
    info = json.loads(version.stdout)
    _META["kubectl"] = info["clientVersion"]["gitVersion"]
    _META["server"] = info["serverVersion"]["gitVersion"]
    server = ManifestServer(workdir)
    try:
        yield Runner(lab_kubeconfig, workdir, node, server.url("").rstrip("/"))
    finally:
        server.close()


@pytest.fixture(scope="module")
def namespaces(core: client.CoreV1Api) -> Iterator[LabNamespaces]:  # noqa: F811
    """The module's namespaces (``conf-...``), all gone before the next module starts."""
    made = LabNamespaces(core, "conf")
    try:
        yield made
    finally:
        made.close()


@dataclass
class Shared:
    """The read-only cases' namespace, with a podlab session in it."""

    runner: Runner
    namespace: str
    session: KubectlSession

    def both(self, case: Case) -> tuple[CommandResult, CommandResult]:
        """podlab, then kubectl at once after it, on the same state."""
        ours = self.runner.podlab(self.session, case.line)
        real = self.runner.kubectl(case.line, self.namespace)
        return ours, real

    @property
    def keep(self) -> dict[str, set[str]]:
        return {"all-namespaces": {self.namespace, "kube-system"},
                "namespaces": {self.namespace, *LAB_NAMESPACES}}


@pytest.fixture(scope="module")
def shared(runner: Runner, namespaces: LabNamespaces, lab_kubeconfig: str) -> Iterator[Shared]:  # noqa: F811
    namespace = namespaces.make("shared")
    runner.setup(SHARED_SETUP, namespace)
    _wait_endpoints(runner, namespace)
    cluster = Cluster.connect(None, lab_kubeconfig)
    try:
        yield Shared(runner, namespace, runner.session(cluster, namespace))
    finally:
        cluster.close()


def _wait_endpoints(runner: Runner, namespace: str) -> None:
    """Until both Services list their pod (the endpoints controller runs after Ready)."""
    deadline = time.monotonic() + 60
    while True:
        result = run_kubectl(runner.kubeconfig, ["get", "endpoints", "-o", "json"], namespace,
                             runner.workdir, 30)
        items = json.loads(result.stdout)["items"] if result.exit_code == 0 else []
        if len(items) == 2 and all(item.get("subsets") for item in items):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"endpoints of namespace {namespace} not filled after 60 s")
        time.sleep(0.5)


@dataclass
class Pair:
    """A mutating case's two namespaces with the same setup: podlab's and kubectl's."""

    runner: Runner
    ours: str
    real: str
    cluster: Cluster

    def run(self, line: str) -> tuple[CommandResult, CommandResult]:
        """The case in both namespaces at the same time."""
        session = self.runner.session(self.cluster, self.ours)
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(self.runner.podlab, session, line)
            real = self.runner.kubectl(line, self.real)
            return future.result(), real


@pytest.fixture
def fresh_pair(runner: Runner, namespaces: LabNamespaces, lab_kubeconfig: str,  # noqa: F811
               request: pytest.FixtureRequest) -> Iterator[Pair]:
    case: Case = request.node.callspec.params["case"]
    assert case.setup is not None
    ours, real = namespaces.make("podlab"), namespaces.make("kubectl")
    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(runner.setup, case.setup, ns) for ns in (ours, real)]:
            done.result()
    cluster = Cluster.connect(None, lab_kubeconfig)
    try:
        yield Pair(runner, ours, real, cluster)
    finally:
        cluster.close()
        namespaces.drop(ours)
        namespaces.drop(real)


# -- results.json ------------------------------------------------------------------------

_META: dict[str, str] = {}
_RESULTS: dict[str, dict[str, Any]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    callspec = getattr(item, "callspec", None)
    case = callspec.params.get("case") if callspec is not None else None
    if not isinstance(case, Case) or report.skipped:
        return
    if report.when != "call" and not (report.when == "setup" and report.failed):
        return
    properties = dict(item.user_properties)
    if report.when == "setup":
        result = "error"
    elif report.failed:
        result = "mismatch"
    else:
        result = "unsupported" if case.unsupported is not None else "match"
    _RESULTS[case.key] = {
        "line": case.line, "verb": case.verb, "what": case.what, "kind": case.kind,
        "setup": list(case.setup or ()),
        "result": result, "comparison": properties.get("comparison", ""),
        "seconds": round(report.duration, 2),
    }


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the results of this run (merged into the last one's for cases not run now).

    Only a run that compared at least one case against the lab writes: a run without a lab
    leaves the last real results alone.
    """
    if not any(entry["kind"] != "unsupported" for entry in _RESULTS.values()):
        return
    results = results_file(_META.get("server", ""))
    previous: dict[str, Any] = {}
    if results.exists():
        previous = {entry["key"]: entry for entry in json.loads(results.read_text())["cases"]}
    entries = []
    for case in CASES:
        entry = _RESULTS.get(case.key) or previous.get(case.key)
        if entry is not None:
            entries.append({"key": case.key, **{k: v for k, v in entry.items() if k != "key"}})
    document = {
        "kubectl": _META.get("kubectl", ""), "server": _META.get("server", ""),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cases": entries,
    }
    results.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")


def results_file(server: str) -> Path:
    """Each release its own results (a run never merges into another release's): the default
    release's (lab.sh's DEFAULT_VERSION) in results.json."""
    lab = (REPO / "tests/cluster/lab.sh").read_text(encoding="utf-8")
    default = re.search(r"^DEFAULT_VERSION=(\S+)", lab, re.M)
    if default is None or server == default.group(1):
        return RESULTS
    return HERE / f"results-{server}.json"
