"""The lab cluster does what the book's storage chapter shows (issue 2, "Must show").

Each test applies the book's manifests (manifests/ss-mysql.yml, manifests/deploy-pma.yml) in
its own namespace, so the StatefulSet pod's FQDN carries that namespace, not ``default``.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from kube_models import (
    create_from_yaml,
    meta,
    name_of,
    node_info,
    node_status,
    pod_ip,
    pod_status,
    present,
    uid_of,
)
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from .conftest import ExecResult, PodExec, Wait

pytestmark = pytest.mark.live

READY_TIMEOUT = 120  # seconds; measured here: a few seconds


def pod_if_ready(
    core: client.CoreV1Api, namespace: str, name: str, not_uid: str = ""
) -> client.V1Pod | None:
    """The pod if it is Running and Ready (and is not the pod with UID ``not_uid``)."""
    try:
        pod = core.read_namespaced_pod(name, namespace)
    except ApiException as exc:
        if exc.status == 404:
            return None
        raise
    status = pod_status(pod)
    if uid_of(pod) == not_uid or meta(pod).deletion_timestamp or status.phase != "Running":
        return None
    ready = any(c.type == "Ready" and c.status == "True" for c in status.conditions or [])
    return pod if ready and status.pod_ip else None


def first_ready_pod(core: client.CoreV1Api, namespace: str, selector: str) -> client.V1Pod | None:
    for pod in core.list_namespaced_pod(namespace, label_selector=selector).items:
        if pod_if_ready(core, namespace, name_of(pod)):
            return pod
    return None


@pytest.fixture
def mysql(
    api_client: client.ApiClient,
    core: client.CoreV1Api,
    namespace: str,
    manifests: Path,
    wait: Wait,
) -> client.V1Pod:
    """manifests/ss-mysql.yml applied; its pod mysql-0 Running and Ready."""
    create_from_yaml(api_client, str(manifests / "ss-mysql.yml"), namespace)
    return wait(
        "mysql-0 Running and Ready", READY_TIMEOUT, lambda: pod_if_ready(core, namespace, "mysql-0")
    )


@pytest.fixture
def pma(
    api_client: client.ApiClient,
    core: client.CoreV1Api,
    namespace: str,
    manifests: Path,
    wait: Wait,
) -> client.V1Pod:
    """manifests/deploy-pma.yml applied; its pod Running and Ready."""
    create_from_yaml(api_client, str(manifests / "deploy-pma.yml"), namespace)
    return wait(
        "the pma pod Running and Ready",
        READY_TIMEOUT,
        lambda: first_ready_pod(core, namespace, "app=pma"),
    )


def test_node_ready(core: client.CoreV1Api) -> None:
    nodes = {name_of(node): node for node in core.list_node().items}
    assert "127.0.0.1" in nodes  # and 10.1.254.2 with lab.sh up --nodes 2
    for node in nodes.values():
        node_conditions = present(node_status(node).conditions, "status.conditions in the node")
        conditions = {c.type: c.status for c in node_conditions}
        assert conditions["Ready"] == "True"
    versions = {node_info(node).kubelet_version for node in nodes.values()}
    assert versions == {client.VersionApi(core.api_client).get_code().git_version}


def test_mysql_ready_with_bound_volume(
    core: client.CoreV1Api, namespace: str, mysql: client.V1Pod
) -> None:
    claim = core.read_namespaced_persistent_volume_claim("data-mysql-0", namespace)
    claim_spec = present(claim.spec, "spec in the claim")
    assert present(claim.status, "status in the claim").phase == "Bound"
    assert claim_spec.storage_class_name == "standard"  # the default StorageClass
    volume = core.read_persistent_volume(present(claim_spec.volume_name, "the claim's volume"))
    host_path = present(present(volume.spec, "spec in the volume").host_path, "spec.hostPath")
    assert host_path.path.startswith("/tmp/hostpath_pv/")


def test_etc_hosts_is_kubelet_managed(
    pod_exec: PodExec, namespace: str, mysql: client.V1Pod
) -> None:
    result = pod_exec(namespace, "mysql-0", ["cat", "/etc/hosts"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# Kubernetes-managed hosts file."
    assert f"{pod_ip(mysql)}\tmysql-0.mysql.{namespace}.svc.cluster.local\tmysql-0" in lines


def test_deleted_pod_comes_back_with_new_ip(
    core: client.CoreV1Api, namespace: str, mysql: client.V1Pod, wait: Wait
) -> None:
    core.delete_namespaced_pod("mysql-0", namespace)
    new = wait(
        "a Ready replacement of mysql-0",
        READY_TIMEOUT,
        lambda: pod_if_ready(core, namespace, "mysql-0", not_uid=uid_of(mysql)),
    )
    assert uid_of(new) != uid_of(mysql)
    assert pod_ip(new) != pod_ip(mysql)


def test_name_mysql_is_nxdomain_from_cluster_dns(
    pod_exec: PodExec, namespace: str, pma: client.V1Pod
) -> None:
    pod = name_of(pma)
    # Cluster DNS works: the kubernetes Service resolves.
    found = pod_exec(namespace, pod, ["getent", "hosts", "kubernetes.default.svc.cluster.local"])
    assert found.returncode == 0 and found.stdout.split()[0] == "10.0.0.1", found
    # The chapter has no Service yet: `mysql` does not resolve, at once (not a timeout).
    missing = pod_exec(namespace, pod, ["getent", "hosts", "mysql"])
    assert missing.returncode == 2, missing  # getent: "key not found"
    assert missing.seconds < 2, missing
    # The answer is NXDOMAIN from CoreDNS (the kube-dns Service), for the search list too.
    dig = pod_exec(namespace, pod, ["dig", "+search", "+tries=1", "+time=2", "mysql"])
    assert "status: NXDOMAIN" in dig.stdout, dig.stdout
    assert "SERVER: 10.0.0.10#53" in dig.stdout, dig.stdout
    # Names outside the cluster are not forwarded anywhere: NXDOMAIN as well.
    outside = pod_exec(namespace, pod, ["dig", "+tries=1", "+time=2", "example.com"])
    assert "status: NXDOMAIN" in outside.stdout, outside.stdout


def test_mariadb_login_on_pod_ip(
    pod_exec: PodExec, namespace: str, mysql: client.V1Pod, pma: client.V1Pod, wait: Wait
) -> None:
    command = [
        "mariadb", "-h", pod_ip(mysql), "-P", "3306", "-u", "myuser", "-pmypassword",
        "--batch", "--skip-column-names", "-e", "SELECT CURRENT_USER(), DATABASE()", "mydb",
    ]  # fmt: skip

    def login() -> ExecResult | None:
        # The readiness probe only waits for the port; the first start may still be busy.
        result = pod_exec(namespace, name_of(pma), command)
        return result if result.returncode == 0 else None

    result = wait("a MariaDB login as myuser", 60, login, interval=1)
    assert result.stdout.split() == ["myuser@%", "mydb"]


def test_phpmyadmin_login_form(pma: client.V1Pod, wait: Wait) -> None:
    url = f"http://{pod_ip(pma)}:80/"

    def get() -> str | None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode() if response.status == 200 else None
        except OSError:
            return None

    page = wait(f"phpMyAdmin on {url}", 60, get, interval=1)
    assert "phpMyAdmin" in page
    assert 'name="pma_username"' in page and 'name="pma_password"' in page
    assert 'name="pma_servername"' in page  # PMA_ARBITRARY=1: a free server field
