"""``POD`` or ``TYPE/NAME`` into the pod to forward to: the pod ``kubectl port-forward`` uses.

kubectl port-forward resolves its target like exec (``AttachablePodForObject``: the first pod
of the controller's selector in its active-pods order), so this reuses exec's resolution in
``execute.targets``, waiting until that pod is Running and Ready.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable

from kubernetes.client import ApiClient

from ..execute.context import Cache, Context, Output
from ..execute.deadline import Deadline
from ..execute.failures import CliError, standard_message
from ..execute.rest import ApiError, Rest
from ..execute.targets import resolve_pod
from ..model.errors import PodlabExecutionError
from ..model.objects import ObjectRef
from ..parse.resources import find_resource_type

REQUEST_TIMEOUT = 30.0  # seconds per API request, also cut to the step's deadline


class TargetError(Exception):
    """The target cannot be resolved to a running pod; the message is kubectl-like."""


def parse_target(target: str) -> ObjectRef:
    """``mysql-0`` (a pod), ``deploy/pma``, ``statefulset/mysql``: as kubectl reads them."""
    type_name, slash, name = target.partition("/")
    if not slash:
        type_name, name = "pods", target
    resource = find_resource_type(type_name)
    if resource is None:
        raise TargetError(f'the server doesn\'t have a resource type "{type_name}"')
    if not name or "/" in name:
        raise TargetError(f"expected POD or TYPE/NAME as the target, got {target!r}")
    return ObjectRef(resource, name)


def resolve_target_pod(
    api_client: ApiClient,
    new_api_client: Callable[[], ApiClient],
    namespace: str,
    target: str,
    deadline: Deadline,
) -> str:
    """The name of the pod to forward to, once it is Running and Ready."""
    ref = parse_target(target)
    rest = Rest(api_client, REQUEST_TIMEOUT, _ignore)
    context = Context(
        rest, namespace, deadline, 0, _no_manifests, Output(), Cache(), new_api_client
    )
    try:
        pod, _notice = resolve_pod(context, ref, namespace, "exec")
    except (ApiError, CliError) as exc:
        raise TargetError(standard_message(exc)) from exc
    except PodlabExecutionError as exc:
        raise TargetError(str(exc)) from exc
    phase = (pod.get("status") or {}).get("phase")
    if phase != "Running":  # exec's resolution also returns finished pods
        raise TargetError(
            f"error: unable to forward port because pod is not running. Current status={phase}"
        )
    return str(pod["metadata"]["name"])


def _ignore(_text: str) -> None:
    return None


def _no_manifests(name: str) -> pathlib.Path:
    raise TargetError(f"a browser step reads no manifests ({name})")
