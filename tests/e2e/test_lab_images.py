"""The lab's images do their textbook job, pulled through the lab's registry (issue 13).

Every image comes from the local registry (tests/cluster/lib/registry.sh): containerd's debug
log names the host of every pull, and it must only ever be that registry. Each test runs its
pods in its own namespace (conftest's ``namespace`` fixture).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any, cast

import pytest
from kube_models import container_states, pod_ip, pod_status, present
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from .conftest import ExecResult, PodExec, Wait

pytestmark = pytest.mark.live

LAB_STATE = Path(os.environ.get("PODLAB_LAB_STATE", "/var/lib/podlab-lab"))
# containerd.log, and node2-containerd.log with lab.sh up --nodes 2
CONTAINERD_LOGS = LAB_STATE / "logs"
# The registry, and the second node's relay to it (lab.sh up --nodes 2).
REGISTRY_HOSTS = {"127.0.0.1:5000", "10.1.254.1:5000"}
# Real kubectl of the release the lab runs (lab.sh keeps it in the state dir).
RELEASE_FILE = LAB_STATE / "release"
RELEASE = RELEASE_FILE.read_text().strip() if RELEASE_FILE.is_file() else "v1.34.9"
KUBECTL = Path.home() / ".cache" / "podlab-lab" / RELEASE / "bin" / "kubectl"
START_TIMEOUT = 120  # seconds; a first pull and start of a database takes a few
HELLO_TEXT = (
    "\nHello from Docker!\n"
    "This message shows that your installation appears to be working correctly.\n"
)


# --- helpers ------------------------------------------------------------------------------


def container(name: str, image: str, **kwargs: Any) -> client.V1Container:
    env = kwargs.pop("env", None)
    return client.V1Container(
        name=name,
        image=image,
        env=[client.V1EnvVar(name=k, value=v) for k, v in (env or {}).items()] or None,
        **kwargs,
    )


def make_pod(
    core: client.CoreV1Api,
    namespace: str,
    name: str,
    *containers: client.V1Container,
    labels: dict[str, str] | None = None,
    restart: str = "Always",
) -> None:
    core.create_namespaced_pod(
        namespace,
        client.V1Pod(
            metadata=client.V1ObjectMeta(name=name, labels=labels or {"app": name}),
            spec=client.V1PodSpec(
                containers=list(containers),
                restart_policy=restart,
                termination_grace_period_seconds=30,
            ),
        ),
    )


def make_service(core: client.CoreV1Api, namespace: str, name: str, port: int) -> str:
    service = core.create_namespaced_service(
        namespace,
        client.V1Service(
            metadata=client.V1ObjectMeta(name=name),
            spec=client.V1ServiceSpec(
                selector={"app": name}, ports=[client.V1ServicePort(port=port)]
            ),
        ),
    )
    return str(present(service.spec, "spec in the service").cluster_ip)


def running(core: client.CoreV1Api, namespace: str, name: str) -> client.V1Pod | None:
    """The pod once every container runs (and is ready, where it has a probe)."""
    pod = core.read_namespaced_pod(name, namespace)
    statuses = pod_status(pod).container_statuses or []
    if pod_status(pod).phase == "Running" and statuses and all(s.ready for s in statuses):
        return pod
    for _status, state in container_states(pod):
        waiting = state.waiting
        if waiting and waiting.reason in ("ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff"):
            pytest.fail(f"{name}: {waiting.reason}: {waiting.message}")
    return None


def wait_running(core: client.CoreV1Api, namespace: str, name: str, wait: Wait) -> client.V1Pod:
    return wait(f"pod {name} running", START_TIMEOUT, lambda: running(core, namespace, name))


def wait_exited(core: client.CoreV1Api, namespace: str, name: str, wait: Wait) -> int:
    def exit_code() -> int | None:
        pod = core.read_namespaced_pod(name, namespace)
        for status, state in container_states(pod):
            if state.terminated:
                return int(state.terminated.exit_code) + 1000  # truthy even for 0
            if status.last_state and status.last_state.terminated:
                return int(status.last_state.terminated.exit_code) + 1000
        return None

    return wait(f"pod {name} to exit", START_TIMEOUT, exit_code) - 1000


def logs(core: client.CoreV1Api, namespace: str, name: str) -> str:
    return str(core.read_namespaced_pod_log(name, namespace))


def retry_exec(
    pod_exec: PodExec, wait: Wait, namespace: str, pod: str, argv: list[str]
) -> ExecResult:
    """Run ``argv`` until it exits 0 (a server may still be starting); the last result."""

    def attempt() -> ExecResult | None:
        result = pod_exec(namespace, pod, argv)
        return result if result.returncode == 0 else None

    return wait(f"{argv} in {pod} to succeed", 60, attempt, interval=1)


def containerd_log_from(offsets: dict[Path, int]) -> str:
    """What every node's containerd logged since ``offsets`` (from ``log_offsets``)."""
    text = []
    for path, offset in offsets.items():
        with open(path, "rb") as handle:
            handle.seek(offset)
            text.append(handle.read().decode(errors="replace"))
    return "".join(text)


def log_offsets() -> dict[Path, int]:
    logs = sorted(CONTAINERD_LOGS.glob("*containerd.log"))
    if not logs:
        pytest.skip(f"no containerd log in {CONTAINERD_LOGS} (the lab runs elsewhere)")
    return {path: path.stat().st_size for path in logs}


def resolved_hosts(text: str) -> set[str]:
    """Every registry host containerd's debug log names (host=... and the hosts of url=...)."""
    hosts = set(re.findall(r'\bhost="?([^"\s]+)"?', text))
    hosts.update(re.findall(r'\burl="?https?://([^/"\s]+)', text))
    return hosts


# --- the registry ---------------------------------------------------------------------------


def test_pulls_only_from_the_local_registry(
    core: client.CoreV1Api, namespace: str, wait: Wait
) -> None:
    offsets = log_offsets()
    images = {
        "nginx": "nginx:1.25",
        "busybox": "docker.io/library/busybox:1.36",
        "agnhost": "registry.k8s.io/e2e-test-images/agnhost:2.56",
    }
    for name, image in images.items():
        command = ["sleep", "3600"] if name == "busybox" else None
        make_pod(
            core,
            namespace,
            name,
            container(name, image, image_pull_policy="Always", command=command),
        )
    for name in images:
        wait_running(core, namespace, name, wait)
    text = containerd_log_from(offsets)
    assert "resolving" in text, "containerd's debug log has no pull in it"
    hosts = resolved_hosts(text)
    assert hosts and hosts <= REGISTRY_HOSTS, hosts
    for outside in ("registry-1.docker.io", "docker.io/v2", "registry.k8s.io/v2", "lookup "):
        assert outside not in text


# A repository the registry lacks, a tag it lacks, a registry with no hosts.toml of its own.
UNKNOWN_IMAGES = [
    "docker.io/library/podlab-no-such-image:1",
    "nginx:0.0.404",
    "example.invalid/some/app:1",
]


def test_unknown_images_fail_at_once_with_not_found(
    core: client.CoreV1Api, namespace: str, wait: Wait
) -> None:
    offsets = log_offsets()
    start = time.monotonic()
    for i, image in enumerate(UNKNOWN_IMAGES):
        make_pod(core, namespace, f"missing-{i}", container("app", image))

    def pull_error(pod_name: str) -> str | None:
        pod = core.read_namespaced_pod(pod_name, namespace)
        for _status, state in container_states(pod):
            waiting = state.waiting
            if waiting and waiting.reason in ("ErrImagePull", "ImagePullBackOff"):
                return f"{waiting.reason}: {waiting.message}"
        return None

    for i, image in enumerate(UNKNOWN_IMAGES):
        error = wait(f"{image}: a pull error", 30, functools.partial(pull_error, f"missing-{i}"))
        assert "not found" in error, (image, error)
    assert time.monotonic() - start < 20
    hosts = resolved_hosts(containerd_log_from(offsets))
    assert hosts <= REGISTRY_HOSTS, hosts


def test_latest_with_pull_policy_always(core: client.CoreV1Api, namespace: str, wait: Wait) -> None:
    make_pod(
        core,
        namespace,
        "web",
        container("web", "nginx:latest", image_pull_policy="Always"),
    )
    pod = wait_running(core, namespace, "web", wait)
    # (status.image names the tag containerd saw first for that digest: all nginx tags are
    # one image here.)
    statuses = present(pod_status(pod).container_statuses, "status.containerStatuses")
    assert statuses[0].image_id.startswith("docker.io/library/nginx@sha256:")
    events = core.list_namespaced_event(namespace, field_selector="involvedObject.name=web")
    assert any(
        e.reason == "Pulled" and "Successfully pulled" in present(e.message, "message of the event")
        for e in events.items
    )


# --- the web servers, DNS and the shell images ----------------------------------------------


@pytest.mark.parametrize(
    ("image", "text"),
    [
        ("nginx:1.14.2", "<h1>Welcome to nginx!</h1>"),
        ("nginx", "<title>Welcome to nginx!</title>"),
        ("httpd:2.4", "<html><body><h1>It works!</h1></body></html>"),
    ],
)
def test_web_server_page_through_a_service(
    core: client.CoreV1Api, namespace: str, pod_exec: PodExec, wait: Wait, image: str, text: str
) -> None:
    make_pod(
        core,
        namespace,
        "web",
        container("web", image, ports=[client.V1ContainerPort(container_port=80)]),
    )
    make_service(core, namespace, "web", 80)
    make_pod(
        core, namespace, "client", container("client", "busybox:1.28", command=["sleep", "3600"])
    )
    wait_running(core, namespace, "web", wait)
    wait_running(core, namespace, "client", wait)
    page = retry_exec(pod_exec, wait, namespace, "client", ["wget", "-qO-", "http://web"])
    assert text in page.stdout


def test_busybox_nslookup_of_a_service(
    core: client.CoreV1Api, namespace: str, pod_exec: PodExec, wait: Wait
) -> None:
    make_pod(core, namespace, "web", container("web", "nginx"))
    cluster_ip = make_service(core, namespace, "web", 80)
    make_pod(core, namespace, "bb", container("bb", "busybox", command=["sleep", "3600"]))
    wait_running(core, namespace, "bb", wait)

    # busybox's nslookup tries each search domain and reports the ones that do not have the
    # name (NXDOMAIN) besides the answer, as the official busybox image's does.
    def answered() -> ExecResult | None:
        result = pod_exec(namespace, "bb", ["nslookup", "web"])
        return result if cluster_ip in result.stdout else None

    short = wait("nslookup web to answer", 60, answered, interval=1)
    assert f"Name:\tweb.{namespace}.svc.cluster.local\nAddress: {cluster_ip}" in short.stdout
    assert "Server:\t\t10.0.0.10" in short.stdout
    full = pod_exec(namespace, "bb", ["nslookup", f"web.{namespace}.svc.cluster.local"])
    assert full.returncode == 0 and cluster_ip in full.stdout, full
    missing = pod_exec(namespace, "bb", ["nslookup", "no-such-service"])
    assert missing.returncode != 0
    assert "Address: " not in missing.stdout.split("Address:\t10.0.0.10:53", 1)[1]
    assert "NXDOMAIN" in missing.stdout


# image, command, the start of what it prints
SHELL_RUNS = [
    ("alpine", ["/bin/sh", "-c", "echo $((6 * 7))"], "42"),
    ("alpine:3", ["sh", "-c", "ls /bin/wget /bin/nslookup >/dev/null && echo ok"], "ok"),
    ("busybox:1.36", ["sh", "-c", "busybox | head -1 | cut -c1-7"], "BusyBox"),
    ("ubuntu:22.04", ["bash", "-c", "echo $BASH_VERSION | cut -d. -f1"], "5"),
    ("ubuntu:24.04", ["sh", "-c", "test -x /usr/bin/apt-get && echo apt"], "apt"),
    ("debian", ["cat", "/etc/debian_version"], "12."),
]


def test_shell_images_run_a_command(core: client.CoreV1Api, namespace: str, wait: Wait) -> None:
    for i, (image, argv, _expected) in enumerate(SHELL_RUNS):
        make_pod(
            core, namespace, f"run-{i}", container("run", image, command=argv), restart="Never"
        )
    for i, (image, argv, expected) in enumerate(SHELL_RUNS):
        assert wait_exited(core, namespace, f"run-{i}", wait) == 0, (image, argv)
        assert logs(core, namespace, f"run-{i}").startswith(expected), (image, argv)


def test_hello_world_prints_its_text(core: client.CoreV1Api, namespace: str, wait: Wait) -> None:
    make_pod(core, namespace, "hello", container("hello", "hello-world"), restart="Never")
    assert wait_exited(core, namespace, "hello", wait) == 0
    text = logs(core, namespace, "hello")
    assert text.startswith(HELLO_TEXT)
    assert "https://docs.docker.com/get-started/" in text


def test_agnhost_netexec_serves_its_hostname(
    core: client.CoreV1Api, namespace: str, pod_exec: PodExec, wait: Wait
) -> None:
    image = "registry.k8s.io/e2e-test-images/agnhost:2.39"
    make_pod(
        core,
        namespace,
        "netexec",
        container("netexec", image, args=["netexec", "--http-port=8080"]),
    )
    pod = wait_running(core, namespace, "netexec", wait)
    answer = retry_exec(
        pod_exec,
        wait,
        namespace,
        "netexec",
        ["wget", "-qO-", f"http://{pod_ip(pod)}:8080/hostname"],
    )
    assert answer.stdout == "netexec"


# --- the databases --------------------------------------------------------------------------

MYSQL_MODES = {
    "root-password": {"MYSQL_ROOT_PASSWORD": "secret"},
    "allow-empty": {"MYSQL_ALLOW_EMPTY_PASSWORD": "yes"},
    "random": {"MYSQL_RANDOM_ROOT_PASSWORD": "yes"},
    "user-db": {
        "MYSQL_ROOT_PASSWORD": "secret",
        "MYSQL_DATABASE": "shop",
        "MYSQL_USER": "alice",
        "MYSQL_PASSWORD": "wonder",
    },
}


def test_mysql_password_modes(
    core: client.CoreV1Api, namespace: str, pod_exec: PodExec, wait: Wait
) -> None:
    images = {
        "root-password": "mysql:8.0",
        "allow-empty": "mysql:8",
        "random": "mysql",
        "user-db": "mariadb",
    }
    for mode, env in MYSQL_MODES.items():
        make_pod(core, namespace, mode, container("db", images[mode], env=env))
    make_pod(core, namespace, "none", container("db", "mysql:9"))
    for mode in MYSQL_MODES:
        wait_running(core, namespace, mode, wait)

    def query(pod: str, *args: str) -> ExecResult:
        argv = ["mariadb", "-h", "127.0.0.1", "--batch", "--skip-column-names", *args]
        return retry_exec(pod_exec, wait, namespace, pod, argv)

    assert query("root-password", "-uroot", "-psecret", "-e", "SELECT 1").stdout.strip() == "1"
    assert query("allow-empty", "-uroot", "-e", "SELECT 2").stdout.strip() == "2"
    generated = re.search(r"GENERATED ROOT PASSWORD: (\S+)", logs(core, namespace, "random"))
    assert generated, logs(core, namespace, "random")
    password = generated.group(1)
    assert query("random", "-uroot", f"-p{password}", "-e", "SELECT 3").stdout.strip() == "3"
    refused = pod_exec(
        namespace, "random", ["mariadb", "-h", "127.0.0.1", "-uroot", "-e", "SELECT 1"]
    )
    assert refused.returncode != 0 and "Access denied" in refused.stderr
    who = query("user-db", "-ualice", "-pwonder", "shop", "-e", "SELECT CURRENT_USER(), DATABASE()")
    assert who.stdout.split() == ["alice@%", "shop"]

    # No password variable: the official image's message, and the container exits 1.
    assert wait_exited(core, namespace, "none", wait) == 1
    assert "You need to specify one of" in logs(core, namespace, "none")


def test_postgres_accepts_a_login(
    core: client.CoreV1Api, namespace: str, pod_exec: PodExec, wait: Wait
) -> None:
    env = {"POSTGRES_PASSWORD": "secret", "POSTGRES_USER": "bob", "POSTGRES_DB": "shop"}
    make_pod(core, namespace, "pg", container("pg", "postgres:16", env=env))
    make_pod(core, namespace, "nopw", container("pg", "postgres"))
    pod = wait_running(core, namespace, "pg", wait)
    url = f"postgresql://bob:secret@{pod_ip(pod)}:5432/shop"
    who = retry_exec(
        pod_exec,
        wait,
        namespace,
        "pg",
        ["psql", url, "-tAc", "SELECT current_user || ' ' || current_database()"],
    )
    assert who.stdout.strip() == "bob shop"
    wrong = pod_exec(namespace, "pg", ["psql", url.replace("secret", "wrong"), "-tAc", "SELECT 1"])
    assert wrong.returncode != 0 and "password authentication failed" in wrong.stderr
    assert wait_exited(core, namespace, "nopw", wait) == 1
    assert "superuser password is not specified" in logs(core, namespace, "nopw")


def test_redis_answers_ping(
    core: client.CoreV1Api, namespace: str, pod_exec: PodExec, wait: Wait
) -> None:
    make_pod(core, namespace, "redis", container("redis", "redis"))
    pod = wait_running(core, namespace, "redis", wait)
    pong = retry_exec(pod_exec, wait, namespace, "redis", ["redis-cli", "-h", pod_ip(pod), "ping"])
    assert pong.stdout.strip() == "PONG"


# A command that succeeds once the server (not a database's first-start initialisation, which
# listens on a socket only) serves on TCP.
SERVING = {
    "nginx:1.25": ["bash", "-c", "echo > /dev/tcp/127.0.0.1/80"],
    "httpd:2": ["bash", "-c", "echo > /dev/tcp/127.0.0.1/80"],
    "redis:7": ["redis-cli", "ping"],
    "postgres:15": ["pg_isready", "-h", "127.0.0.1"],
    "mysql:8.0": ["mariadb-admin", "-h", "127.0.0.1", "-uroot", "-px", "ping"],
}


def test_servers_stop_promptly(
    core: client.CoreV1Api, namespace: str, pod_exec: PodExec, wait: Wait
) -> None:
    env = {"POSTGRES_PASSWORD": "x", "MYSQL_ROOT_PASSWORD": "x"}
    names = {image: "srv-" + image.split(":")[0] for image in SERVING}
    for image, name in names.items():
        make_pod(core, namespace, name, container("srv", image, env=env))
    for image, name in names.items():
        wait_running(core, namespace, name, wait)
        retry_exec(pod_exec, wait, namespace, name, SERVING[image])

    def gone(name: str) -> bool:
        try:
            core.read_namespaced_pod(name, namespace)
        except ApiException as exc:
            return bool(exc.status == 404)
        return False

    # Each is deleted with the default 30 s grace period: it must exit on its stop signal.
    for image, name in names.items():
        start = time.monotonic()
        core.delete_namespaced_pod(name, namespace)
        wait(f"{image} to be gone", 30, functools.partial(gone, name), interval=0.2)
        assert time.monotonic() - start < 10, image


# --- metrics --------------------------------------------------------------------------------


def test_kubectl_top_answers(api_client: client.ApiClient, lab_kubeconfig: str, wait: Wait) -> None:
    metrics = client.CustomObjectsApi(api_client)

    def node_metrics() -> list[dict[str, Any]] | None:
        try:
            listed = metrics.list_cluster_custom_object("metrics.k8s.io", "v1beta1", "nodes")
        except ApiException:
            return None
        items: list[dict[str, Any]] = cast(dict[str, Any], listed)["items"]  # decoded JSON
        return items or None

    nodes = wait("node metrics", 120, node_metrics, interval=2)
    assert nodes[0]["usage"]["cpu"] and nodes[0]["usage"]["memory"]
    if KUBECTL.exists():
        top = subprocess.run(
            [str(KUBECTL), "--kubeconfig", lab_kubeconfig, "top", "pod", "-n", "kube-system"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert top.returncode == 0, top.stderr
        assert top.stdout.split()[:3] == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
        assert "coredns-" in top.stdout
