"""One describer per kind; importing this package registers them all."""

from . import (  # noqa: F401
    configmap,
    daemonset,
    deployment,
    endpoints,
    endpointslice,
    ingress,
    job,
    namespace,
    node,
    persistentvolume,
    persistentvolumeclaim,
    pod,
    replicaset,
    secret,
    service,
    serviceaccount,
    statefulset,
    storageclass,
)
