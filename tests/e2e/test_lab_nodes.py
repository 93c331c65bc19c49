"""The lab's second node (``lab.sh up --nodes 2``): pods on two nodes, a Service spanning
them, cordon, taints and drain behave as on a real cluster (issue 13).

The default lab has one node: these tests then skip, saying so. ``nox -s lab_matrix`` brings
the lab up with two nodes and runs them.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from kube_models import meta, name_of, node_info, node_status, pod_ip, pod_status, present
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from .conftest import PodExec, Wait

pytestmark = [pytest.mark.live, pytest.mark.two_nodes]

AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.56"
HOSTNAME_LABEL = "kubernetes.io/hostname"


@pytest.fixture(scope="module")
def nodes(core: client.CoreV1Api) -> list[str]:
    names = sorted(name_of(n) for n in core.list_node().items)
    if len(names) < 2:
        pytest.skip("the lab runs one node (two with: lab.sh up --nodes 2)")
    return names


@pytest.fixture
def apps(api_client: client.ApiClient) -> client.AppsV1Api:
    return client.AppsV1Api(api_client)


def netexec_pod(name: str, node: str | None = None, **spec: Any) -> client.V1Pod:
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels={"app": "netexec"}),
        spec=client.V1PodSpec(
            node_name=node,
            termination_grace_period_seconds=1,
            containers=[
                client.V1Container(
                    name="netexec", image=AGNHOST, args=["netexec", "--http-port=8080"]
                )
            ],
            **spec,
        ),
    )


def spec_of(pod: client.V1Pod) -> client.V1PodSpec:
    return present(pod.spec, f"spec of {name_of(pod)}")


def ready_pods(core: client.CoreV1Api, namespace: str, selector: str) -> list[client.V1Pod]:
    pods = core.list_namespaced_pod(namespace, label_selector=selector).items
    ready = []
    for pod in pods:
        status = pod_status(pod)
        statuses = status.container_statuses or []
        if (
            not meta(pod).deletion_timestamp
            and status.phase == "Running"
            and statuses
            and all(s.ready for s in statuses)
        ):
            ready.append(pod)
    return ready


def test_both_nodes_ready(core: client.CoreV1Api, nodes: list[str]) -> None:
    all_nodes = core.list_node().items
    for node in all_nodes:
        conditions = present(node_status(node).conditions, "node conditions")
        assert {c.type: c.status for c in conditions}["Ready"] == "True", name_of(node)
    assert len({node_info(n).kubelet_version for n in all_nodes}) == 1
    cidrs = sorted(str(present(n.spec, "node spec").pod_cidr) for n in all_nodes)
    assert cidrs == ["10.1.0.0/24", "10.1.1.0/24"]


def test_pods_spread_and_a_service_spans_the_nodes(
    core: client.CoreV1Api,
    apps: client.AppsV1Api,
    namespace: str,
    nodes: list[str],
    pod_exec: PodExec,
    wait: Wait,
) -> None:
    spread = client.V1TopologySpreadConstraint(
        max_skew=1,
        topology_key=HOSTNAME_LABEL,
        when_unsatisfiable="DoNotSchedule",
        label_selector=client.V1LabelSelector(match_labels={"app": "netexec"}),
    )
    template = netexec_pod("unused", topology_spread_constraints=[spread])
    apps.create_namespaced_deployment(
        namespace,
        client.V1Deployment(
            metadata=client.V1ObjectMeta(name="netexec"),
            spec=client.V1DeploymentSpec(
                replicas=4,
                selector=client.V1LabelSelector(match_labels={"app": "netexec"}),
                template=client.V1PodTemplateSpec(
                    metadata=client.V1ObjectMeta(labels={"app": "netexec"}), spec=spec_of(template)
                ),
            ),
        ),
    )
    core.create_namespaced_service(
        namespace,
        client.V1Service(
            metadata=client.V1ObjectMeta(name="netexec"),
            spec=client.V1ServiceSpec(
                selector={"app": "netexec"},
                ports=[client.V1ServicePort(port=80, target_port=8080)],
            ),
        ),
    )
    pods = wait(
        "4 netexec pods ready",
        180,
        lambda: p if len(p := ready_pods(core, namespace, "app=netexec")) == 4 else None,
    )
    assert {spec_of(p).node_name for p in pods} == set(nodes)

    # From a pod on each node: the Service answers with pods of both nodes, and a pod on the
    # other node answers on its own address.
    for node in nodes:
        client_pod = f"client-{nodes.index(node)}"
        core.create_namespaced_pod(
            namespace,
            client.V1Pod(
                metadata=client.V1ObjectMeta(name=client_pod),
                spec=client.V1PodSpec(
                    node_name=node,
                    termination_grace_period_seconds=1,
                    containers=[
                        client.V1Container(name="c", image="busybox", command=["sleep", "3600"])
                    ],
                ),
            ),
        )

        def client_running(name: str = client_pod) -> bool:
            return _running(core, namespace, name)

        wait(f"{client_pod} running", 120, client_running)
        seen: set[str] = set()

        def both_answered(pod: str = client_pod, seen: set[str] = seen) -> set[str] | None:
            result = pod_exec(
                namespace, pod, ["wget", "-qO-", "-T", "2", "http://netexec/hostname"]
            )
            if result.returncode == 0:
                seen.add(result.stdout.strip())
            hosts = {spec_of(p).node_name for p in pods if name_of(p) in seen}
            return seen if hosts == set(nodes) else None

        wait(f"the Service from {node} to reach pods on both nodes", 60, both_answered, 0.2)
        other = next(p for p in pods if spec_of(p).node_name != node)
        direct = pod_exec(
            namespace,
            client_pod,
            ["wget", "-qO-", "-T", "2", f"http://{pod_ip(other)}:8080/hostname"],
        )
        assert direct.stdout.strip() == name_of(other)


def _running(core: client.CoreV1Api, namespace: str, name: str) -> bool:
    pod = core.read_namespaced_pod(name, namespace)
    return pod_status(pod).phase == "Running"


def test_cordon_taint_and_drain(
    core: client.CoreV1Api, namespace: str, nodes: list[str], wait: Wait
) -> None:
    second = nodes[1] if nodes[0] == "127.0.0.1" else nodes[0]
    first = next(n for n in nodes if n != second)
    on_second = netexec_pod("before")
    spec_of(on_second).node_selector = {HOSTNAME_LABEL: second}
    core.create_namespaced_pod(namespace, on_second)
    wait("a pod on the second node", 120, lambda: _running(core, namespace, "before"))
    try:
        # cordon: new pods avoid the node; the one there keeps running.
        core.patch_node(second, {"spec": {"unschedulable": True}})
        pinned = netexec_pod("pinned")
        spec_of(pinned).node_selector = {HOSTNAME_LABEL: second}
        core.create_namespaced_pod(namespace, pinned)
        wait("pinned to be unschedulable", 30, lambda: _unschedulable(core, namespace, "pinned"))
        assert _running(core, namespace, "before")
        free = netexec_pod("free")
        core.create_namespaced_pod(namespace, free)
        wait("free to run", 60, lambda: _running(core, namespace, "free"))
        assert spec_of(core.read_namespaced_pod("free", namespace)).node_name == first

        # drain: the pod is evicted through the Eviction API.
        core.create_namespaced_pod_eviction(
            "before",
            namespace,
            client.V1Eviction(metadata=client.V1ObjectMeta(name="before", namespace=namespace)),
        )
        wait("the evicted pod to go", 60, lambda: _gone(core, namespace, "before"))
        core.patch_node(second, {"spec": {"unschedulable": False}})
        wait("pinned to run after uncordon", 60, lambda: _running(core, namespace, "pinned"))

        # taint NoSchedule: a pod without the toleration stays off; one with it may go there.
        taint = {"key": "dedicated", "value": "lab", "effect": "NoSchedule"}
        core.patch_node(second, {"spec": {"taints": [taint]}})
        avoid = netexec_pod("avoid")
        spec_of(avoid).node_selector = {HOSTNAME_LABEL: second}
        core.create_namespaced_pod(namespace, avoid)
        wait("avoid to be unschedulable", 30, lambda: _unschedulable(core, namespace, "avoid"))
        tolerate = netexec_pod(
            "tolerate",
            tolerations=[
                client.V1Toleration(
                    key="dedicated", operator="Equal", value="lab", effect="NoSchedule"
                )
            ],
        )
        spec_of(tolerate).node_selector = {HOSTNAME_LABEL: second}
        core.create_namespaced_pod(namespace, tolerate)
        wait("tolerate to run", 60, lambda: _running(core, namespace, "tolerate"))
    finally:
        core.patch_node(second, {"spec": {"unschedulable": False, "taints": None}})


def _unschedulable(core: client.CoreV1Api, namespace: str, name: str) -> bool:
    pod = core.read_namespaced_pod(name, namespace)
    return any(
        c.type == "PodScheduled" and c.status == "False" and c.reason == "Unschedulable"
        for c in pod_status(pod).conditions or []
    )


def _gone(core: client.CoreV1Api, namespace: str, name: str) -> bool:
    try:
        core.read_namespaced_pod(name, namespace)
    except ApiException as exc:
        return bool(exc.status == 404)
    return False


def test_top_lists_both_nodes(api_client: client.ApiClient, nodes: list[str], wait: Wait) -> None:
    metrics = client.CustomObjectsApi(api_client)

    def both() -> set[str] | None:
        try:
            listed = metrics.list_cluster_custom_object("metrics.k8s.io", "v1beta1", "nodes")
        except ApiException:
            return None
        items: list[dict[str, Any]] = cast(dict[str, Any], listed)["items"]  # decoded JSON
        names = {str(item["metadata"]["name"]) for item in items}
        return names if names == set(nodes) else None

    wait("metrics of both nodes", 120, both, interval=2)
