"""The execute layer against the lab cluster, compared with real kubectl of the same release.

Each test gets two fresh namespaces: the session runs its commands in one, the lab's own
kubectl binary the same commands in the other. Outputs must be identical once the values
that differ between any two runs are masked (namespace names, ages, IPs, generated names).
Tables are compared cell by cell (an age of ``9s`` against ``10s`` shifts the padding);
their byte-exact layout is covered by tests/unit/test_execute_tables.py.
"""

from __future__ import annotations

import json
import re
import shlex
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sphinx_podlab.execute.cluster import Cluster
from sphinx_podlab.execute.session import KubectlSession
from sphinx_podlab.model.results import CommandResult, PodState
from sphinx_podlab.model.snapshot import ObjectState
from sphinx_podlab.verbs.registry import parse_kubectl

from .compare import KUBECTL, cells, mask, mask_age, run_kubectl
from .conftest import LabNamespaces

kubernetes = pytest.importorskip("kubernetes")
from kubernetes import client  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = REPO / "manifests"
VARIANT = REPO / "tests" / "unit" / "fixtures" / "execute" / "ss-mysql-v2.yml"
STEP_TIMEOUT = 180.0

pytestmark = pytest.mark.live


@dataclass
class Pair:
    """Our session in one namespace, real kubectl in another."""

    session: KubectlSession
    ours_ns: str
    real_ns: str
    kubeconfig: str
    progress: list[str] = field(default_factory=list)

    def ours(self, line: str, timeout: float = STEP_TIMEOUT) -> CommandResult:
        argv = tuple(shlex.split(line))
        return self.session.run(parse_kubectl(argv), argv, timeout)

    def real(self, line: str, namespace: str | None = None) -> CommandResult:
        """Real kubectl, in kubectl's namespace unless told otherwise."""
        return run_kubectl(self.kubeconfig, shlex.split(line)[1:], namespace or self.real_ns,
                           MANIFESTS, STEP_TIMEOUT)

    def both(self, line: str) -> tuple[CommandResult, CommandResult]:
        """The command in our namespace (the session's) and in kubectl's."""
        return self.ours(line), self.real(line)

    def mask(self, text: str, ours: bool) -> str:
        return mask(text, self.ours_ns if ours else self.real_ns)


def assert_same(pair: Pair, ours: CommandResult, real: CommandResult, table: bool = False) -> None:
    if table:  # split first (masking changes widths), then mask each cell
        assert [[pair.mask(mask_age(c), True) for c in row] for row in cells(ours.stdout)] == \
            [[pair.mask(mask_age(c), False) for c in row] for row in cells(real.stdout)]
    else:
        assert pair.mask(ours.stdout, True) == pair.mask(real.stdout, False)
    assert pair.mask(ours.stderr, True) == pair.mask(real.stderr, False)
    assert ours.exit_code == real.exit_code


@pytest.fixture
def pair(lab_kubeconfig: str, namespace: str, lab_namespaces: LabNamespaces) -> Iterator[Pair]:
    if not KUBECTL.is_file():
        pytest.skip(f"no lab kubectl at {KUBECTL}")
    real_ns = lab_namespaces.make("kubectl")
    cluster = Cluster.connect(None, lab_kubeconfig)
    progress: list[str] = []

    def resolve(name: str) -> Path:
        return MANIFESTS / name if (MANIFESTS / name).exists() else Path(name)

    session = KubectlSession(cluster, namespace, resolve, progress.append, cluster.info().minor)
    try:
        yield Pair(session, namespace, real_ns, lab_kubeconfig, progress)
    finally:
        problems = session.cleanup(STEP_TIMEOUT)
        cluster.close()
        lab_namespaces.drop(real_ns)
        assert problems == []


def pod_states(pair: Pair) -> list[PodState]:
    return [obj.pod_state() for obj in pair.session.snapshot() if obj.kind == "Pod"]


def start_book_objects(pair: Pair) -> None:
    """The book's StatefulSet and Deployment in both namespaces, rolled out."""
    for manifest in ("ss-mysql.yml", "deploy-pma.yml"):
        ours, real = pair.both(f"kubectl apply -f {manifest}")
        assert_same(pair, ours, real)
    for target in ("statefulset/mysql", "deployment/pma"):
        done = pair.real(f"kubectl rollout status {target} --timeout=150s")
        assert done.exit_code == 0, done.stderr


def test_apply_created_unchanged_configured(pair: Pair) -> None:
    for manifest, word in (("ss-mysql.yml", "created"), ("deploy-pma.yml", "created"),
                           ("deploy-pma.yml", "unchanged"),
                           ("ss-mysql.yml", "configured"),  # the server fills claim templates
                           (str(VARIANT), "configured")):
        ours, real = pair.both(f"kubectl apply -f {manifest}")
        assert_same(pair, ours, real)
        assert ours.stdout.endswith(f" {word}\n")
    # the objects kubectl and we wrote: same annotation, same spec
    for kind in ("statefulset/mysql", "deployment/pma"):
        ours = pair.real(f"kubectl get {kind} -o json", namespace=pair.ours_ns)
        real = pair.real(f"kubectl get {kind} -o json")
        ours_obj = json.loads(pair.mask(ours.stdout, True))
        real_obj = json.loads(pair.mask(real.stdout, False))
        assert ours_obj["metadata"]["annotations"] == real_obj["metadata"]["annotations"]
        assert ours_obj["spec"] == real_obj["spec"]
    # after apply the session waited: everything is ready
    pods = pod_states(pair)
    assert {p.name.split("-")[0] for p in pods} == {"mysql", "pma"}
    assert all(p.ready and p.phase == "Running" for p in pods)


def test_get_tables_and_names(pair: Pair) -> None:
    start_book_objects(pair)
    for line in ("kubectl get pods", "kubectl get pods -o wide", "kubectl get sts",
                 "kubectl get sts -o wide", "kubectl get deploy", "kubectl get deploy -o wide",
                 "kubectl get pvc", "kubectl get pods -l app=mysql"):
        ours, real = pair.both(line)
        assert_same(pair, ours, real, table=True)
    for line in ("kubectl get pods -o name", "kubectl get sts -o name",
                 "kubectl get deploy -o name", "kubectl get pods -l app=nothing",
                 "kubectl get sts mysql -o yaml", "kubectl get sts mysql -o json",
                 "kubectl get deploy -o yaml"):
        ours, real = pair.both(line)
        assert_same(pair, ours, real)


def test_exec_into_statefulset(pair: Pair) -> None:
    start_book_objects(pair)
    ours, real = pair.both("kubectl exec statefulset/mysql -- cat /etc/hosts")
    assert_same(pair, ours, real)
    [mysql] = [p for p in pod_states(pair) if p.name == "mysql-0"]
    assert ours.stdout.endswith(
        f"{mysql.ip}\tmysql-0.mysql.{pair.ours_ns}.svc.cluster.local\tmysql-0\n")
    # -it: what a reader's terminal shows (LF line ends, no TTY complaint)
    tty = pair.ours("kubectl exec -it statefulset/mysql -- cat /etc/hosts")
    assert (tty.stdout, tty.stderr, tty.exit_code) == (ours.stdout, "", 0)
    for line in ('kubectl exec mysql-0 -- sh -c "echo out; echo err >&2; exit 3"',
                 "kubectl exec mysql-0 -- nosuchcommand",
                 "kubectl exec deploy/pma -- cat /etc/hostname"):
        ours, real = pair.both(line)
        assert_same(pair, ours, real)
    assert pair.ours('kubectl exec mysql-0 -- sh -c "exit 3"').exit_code == 3


def test_delete_pod_waits_for_replacement(pair: Pair) -> None:
    start_book_objects(pair)
    [before] = [p for p in pod_states(pair) if p.name == "mysql-0"]
    ours, real = pair.both("kubectl delete pod mysql-0")
    assert_same(pair, ours, real)
    assert ours.stdout == f'pod "mysql-0" deleted from {pair.ours_ns} namespace\n'
    [after] = [p for p in pod_states(pair) if p.name == "mysql-0"]
    assert after.uid != before.uid
    assert after.ready and after.phase == "Running"
    listing = pair.ours("kubectl get pods")
    assert re.search(r"^mysql-0 +1/1 +Running +0 +\d+s$", listing.stdout, re.M)


def test_missing_objects(pair: Pair) -> None:
    for line in ("kubectl get pods nosuch", "kubectl get sts nosuch -o yaml",
                 "kubectl get pods", "kubectl delete pod nosuch",
                 "kubectl delete -f ss-mysql.yml", "kubectl exec nosuch -- ls",
                 "kubectl exec statefulset/nosuch -- ls", "kubectl logs nosuch",
                 "kubectl wait --for=condition=Ready pod/nosuch",
                 "kubectl rollout status deployment/nosuch"):
        ours, real = pair.both(line)
        assert_same(pair, ours, real)
        assert ours.exit_code == (0 if line == "kubectl get pods" else 1)


def test_logs_wait_rollout(pair: Pair) -> None:
    start_book_objects(pair)
    for line in ("kubectl rollout status statefulset/mysql",
                 "kubectl rollout status deployment/pma",
                 "kubectl wait --for=condition=Ready pod/mysql-0",
                 "kubectl wait --for=condition=Available deployment/pma",
                 "kubectl wait --for=condition=Nope pod/mysql-0 --timeout=2s"):
        ours, real = pair.both(line)
        assert_same(pair, ours, real)
    logs = pair.ours("kubectl logs statefulset/mysql --tail 1")
    assert logs.exit_code == 0 and logs.stdout.count("\n") == 1


def test_cleanup_removes_objects_pvcs_and_pods(pair: Pair, core: client.CoreV1Api) -> None:
    start_book_objects(pair)
    assert core.list_namespaced_persistent_volume_claim(pair.ours_ns).items
    assert pair.session.cleanup(STEP_TIMEOUT) == []
    assert core.list_namespaced_pod(pair.ours_ns).items == []
    assert core.list_namespaced_persistent_volume_claim(pair.ours_ns).items == []


def test_cp_both_ways_through_the_exec_stream(pair: Pair, tmp_path: Path) -> None:
    """A file copied into the pod arrives byte for byte (also into a directory); copying
    out prints what kubectl prints."""
    ours = pair.ours("kubectl apply -f ss-mysql.yml")
    assert ours.exit_code == 0, ours.stderr
    text = "server { listen 80; }  # 日本語\n" * 50
    local = tmp_path / "site.conf"
    local.write_text(text, encoding="utf-8")
    for line, inside in ((f"kubectl cp {local} mysql-0:/tmp/copied.conf", "/tmp/copied.conf"),
                         (f"kubectl cp {local} mysql-0:/tmp", "/tmp/site.conf")):
        copied = pair.ours(line)
        assert (copied.exit_code, copied.stdout, copied.stderr) == (0, "", "")
        shown = pair.ours(f"kubectl exec mysql-0 -- cat {inside}")
        assert shown.stdout == text
    back = pair.ours("kubectl cp mysql-0:/etc/hostname hostname-copy")
    assert back.exit_code == 0
    assert back.stdout == "tar: Removing leading `/' from member names\n"
    failed = pair.ours(f"kubectl cp {local} mysql-0:/nosuch/dir/x.conf")
    assert failed.exit_code != 0


def test_snapshot_records_what_kubectl_shows(pair: Pair) -> None:
    """Services, endpoints, claims, workloads and nodes, as real kubectl reads them."""
    start_book_objects(pair)
    exposed = pair.ours("kubectl expose pod mysql-0 --name=mysql-svc --port=3306")
    assert exposed.exit_code == 0, exposed.stderr
    objects = {(obj.kind, obj.name): obj for obj in pair.session.snapshot()}
    shown = pair.real("kubectl get svc mysql-svc -o json", namespace=pair.ours_ns)
    assert shown.exit_code == 0, shown.stderr
    real = json.loads(shown.stdout)
    service = objects["Service", "mysql-svc"]
    assert service.fields["clusterIP"] == real["spec"]["clusterIP"]
    assert service.fields["ports"] == ("3306/TCP",) and service.fields["type"] == "ClusterIP"
    pod = objects["Pod", "mysql-0"]
    real_pod = json.loads(pair.real("kubectl get pod mysql-0 -o json",
                                    namespace=pair.ours_ns).stdout)
    assert pod.fields["ip"] == real_pod["status"]["podIP"]
    assert pod.fields["node"] == real_pod["spec"]["nodeName"]
    endpoints = wait_for_endpoints(pair, "mysql-svc")
    assert endpoints.fields["addresses"] == (pod.fields["ip"],)
    assert endpoints.fields["pods"] == ("mysql-0",)
    claim = objects["PersistentVolumeClaim", "data-mysql-0"]
    real_claim = json.loads(pair.real("kubectl get pvc data-mysql-0 -o json",
                                      namespace=pair.ours_ns).stdout)
    assert claim.fields["volumeName"] == real_claim["spec"]["volumeName"]
    assert claim.fields["status"] == "Bound"
    assert objects["StatefulSet", "mysql"].fields["ready"] == 1
    assert objects["Deployment", "pma"].fields["images"] == ("phpmyadmin:5.2",)
    assert any(kind == "ReplicaSet" and name.startswith("pma-") for kind, name in objects)
    nodes = pair.real("kubectl get nodes -o name").stdout.split()
    assert sorted(f"node/{name}" for kind, name in objects if kind == "Node") == sorted(nodes)


def wait_for_endpoints(pair: Pair, service: str) -> ObjectState:
    """The endpoint slice controller fills a new Service's slice within a few seconds."""
    deadline = time.monotonic() + 30
    while True:
        found = [obj for obj in pair.session.snapshot()
                 if obj.kind == "Endpoints" and obj.name == service]
        if found and found[0].fields["addresses"]:
            return found[0]
        assert time.monotonic() < deadline, f"no endpoints for {service}"
        time.sleep(0.5)
