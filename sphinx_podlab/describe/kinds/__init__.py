"""One describer per kind; importing this package registers them all."""

from . import daemonset, deployment, job, node, pod, replicaset, statefulset  # noqa: F401
