"""A connection to one cluster: kubeconfig, context, API clients, version."""

from __future__ import annotations

import os
from dataclasses import replace

import urllib3
from kubernetes.client import ApiClient, Configuration
from kubernetes.config import kube_config
from kubernetes.config.config_exception import ConfigException

from ..model.errors import PodlabExecutionError, first_line
from ..model.results import ClusterInfo
from .kubeconfig import KubeconfigSource
from .rest import ApiError, Rest


class Cluster:
    """Kubeconfig settings of one context; hands out API clients built from them."""

    def __init__(self, configuration: Configuration, context: str, request_timeout: float,
                 kubeconfig: KubeconfigSource | None = None) -> None:
        self.configuration = configuration
        self.context = context
        self.request_timeout = request_timeout
        self.kubeconfig = kubeconfig  # the files it came from, for ``kubectl config ...``
        self._api_client: ApiClient | None = None

    @classmethod
    def connect(
        cls, context: str | None, kubeconfig: str | None = None, request_timeout: float = 5.0
    ) -> Cluster:
        """Load the kubeconfig (explicit path, ``KUBECONFIG`` or ``~/.kube/config``) and context.

        Raises PodlabExecutionError with a one-line cause: no kubeconfig, unreadable or
        invalid file, no such context, no current context.
        """
        source = kubeconfig or os.environ.get("KUBECONFIG") or "~/.kube/config"
        origin = KubeconfigSource.from_setting(source, context)
        paths = list(origin.paths)
        if not any(path.is_file() for path in paths):
            shown = ", ".join(str(path) for path in paths) or source
            raise PodlabExecutionError(f"no kubeconfig found at {shown}")
        try:
            contexts, current = kube_config.list_kube_config_contexts(  # type: ignore[no-untyped-call]
                config_file=source
            )
        except (ConfigException, OSError, ValueError) as exc:
            raise PodlabExecutionError(f"bad kubeconfig {source}: {first_line(exc)}") from exc
        except Exception as exc:  # yaml errors and the like: still a bad file, not a crash
            raise PodlabExecutionError(f"bad kubeconfig {source}: {first_line(exc)}") from exc
        names = [str(item.get("name")) for item in contexts or []]
        if context is None:
            if not current:
                raise PodlabExecutionError(f"kubeconfig {source} has no current context")
            context = str(current.get("name"))
        elif context not in names:
            known = ", ".join(names) or "none"
            raise PodlabExecutionError(
                f"no context {context!r} in kubeconfig {source} (contexts: {known})"
            )
        configuration = Configuration()
        try:
            kube_config.load_kube_config(  # type: ignore[no-untyped-call]
                config_file=source,
                context=context,
                client_configuration=configuration,
                persist_config=False,
            )
        except Exception as exc:  # ConfigException, missing cert files, exec plugin failures
            raise PodlabExecutionError(
                f"cannot use context {context!r} of kubeconfig {source}: {first_line(exc)}"
            ) from exc
        # One quick reconnect at most: an unreachable cluster must be reported fast.
        configuration.retries = urllib3.Retry(total=1, read=0, redirect=0, status=0, other=0)
        return cls(configuration, context, request_timeout, origin)

    @property
    def api_client(self) -> ApiClient:
        """The shared client for plain requests (not for exec: see :meth:`new_api_client`)."""
        if self._api_client is None:
            self._api_client = ApiClient(self.configuration)
        return self._api_client

    def new_api_client(self) -> ApiClient:
        """A fresh client: ``kubernetes.stream.stream`` patches the client it is given."""
        return ApiClient(self.configuration)

    def rest(self, on_warning: object = None) -> Rest:
        def ignore(_text: str) -> None:
            return None

        return Rest(self.api_client, self.request_timeout,
                    on_warning if callable(on_warning) else ignore)

    def info(self) -> ClusterInfo:
        """The server's version and platform (``GET /version``); fails fast when unreachable."""
        rest = self.rest()
        try:
            version = rest.get("/version", timeout=self.request_timeout)
        except PodlabExecutionError as exc:
            message = str(exc)
            if not message.startswith("cluster unreachable"):
                message = f"cluster unreachable: {message}"
            raise PodlabExecutionError(message) from exc
        except Exception as exc:  # an API error on /version: the endpoint is not a cluster
            raise PodlabExecutionError(f"cluster unreachable: {first_line(exc)}") from exc
        return ClusterInfo(
            version=str(version.get("gitVersion", "")),
            platform=str(version.get("platform", "")),
        )

    def provenance(self) -> ClusterInfo:
        """:meth:`info` plus what the nodes run (``status.nodeInfo``), for a record.

        The nodes are optional knowledge: a user who may not list them still gets a record.
        """
        info = self.info()
        try:
            nodes = self.rest().get("/api/v1/nodes", timeout=self.request_timeout)
        except (ApiError, PodlabExecutionError):  # forbidden, or gone: the record says less
            return info
        node_infos = [item.get("status", {}).get("nodeInfo", {})
                      for item in nodes.get("items", [])]
        return replace(info, node_os=_distinct(node_infos, "osImage"),
                       container_runtime=_distinct(node_infos, "containerRuntimeVersion"))

    def close(self) -> None:
        if self._api_client is not None:
            self._api_client.close()  # type: ignore[no-untyped-call]
            self._api_client = None


def _distinct(items: list[dict[str, object]], key: str) -> str:
    return ", ".join(sorted({str(item[key]) for item in items if item.get(key)}))
