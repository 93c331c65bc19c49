"""Typed access to the kubernetes client for the tests that talk to the lab.

The client's models declare every field optional (``V1Pod.metadata: V1ObjectMeta | None``)
although the server fills the ones read here; ``present`` and the small readers below assert
that once, so a test says ``name_of(pod)`` where ``pod.metadata.name`` would not type-check.
The client's configuration and ``utils`` functions have no annotations: each is called from
one typed wrapper here.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from kubernetes import client, config, utils

T = TypeVar("T")


def present(value: T | None, what: str) -> T:
    """``value``, which the server always sets (``what`` names it when it did not)."""
    assert value is not None, f"the server sent no {what}"
    return value


class HasMetadata(Protocol):
    @property
    def metadata(self) -> client.V1ObjectMeta | None: ...


def meta(obj: HasMetadata) -> client.V1ObjectMeta:
    return present(obj.metadata, f"metadata in {type(obj).__name__}")


def name_of(obj: HasMetadata) -> str:
    return present(meta(obj).name, f"metadata.name in {type(obj).__name__}")


def uid_of(obj: HasMetadata) -> str:
    return present(meta(obj).uid, f"metadata.uid in {type(obj).__name__}")


def pod_status(pod: client.V1Pod) -> client.V1PodStatus:
    return present(pod.status, f"status in pod {name_of(pod)}")


def pod_ip(pod: client.V1Pod) -> str:
    return present(pod_status(pod).pod_ip, f"status.podIP in pod {name_of(pod)}")


def container_states(pod: client.V1Pod) -> list[tuple[client.V1ContainerStatus,
                                                     client.V1ContainerState]]:
    """Each container's status with its (always set) state."""
    return [(status, present(status.state, f"state of container {status.name}"))
            for status in pod_status(pod).container_statuses or []]


def node_status(node: client.V1Node) -> client.V1NodeStatus:
    return present(node.status, f"status in node {name_of(node)}")


def node_info(node: client.V1Node) -> client.V1NodeSystemInfo:
    return present(node_status(node).node_info, f"status.nodeInfo in node {name_of(node)}")


def new_client(kubeconfig: str) -> client.ApiClient:
    """An API client for the cluster of ``kubeconfig`` (its current context)."""
    api: client.ApiClient = config.new_client_from_config(  # type: ignore[no-untyped-call]
        config_file=kubeconfig)
    return api


def close(api: client.ApiClient) -> None:
    api.close()  # type: ignore[no-untyped-call]


def create_from_yaml(api: client.ApiClient, path: str, namespace: str) -> None:
    """Create every object of the manifest file ``path`` in ``namespace``."""
    utils.create_from_yaml(api, path, namespace=namespace)  # type: ignore[no-untyped-call]
