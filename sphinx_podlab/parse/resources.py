"""The resource types podlab knows, with kubectl's names and short names for them."""

from __future__ import annotations

from ..model.objects import ResourceType

RESOURCE_TYPES: tuple[ResourceType, ...] = (
    ResourceType("pods", "Pod", "", "v1", True, ("po",)),
    ResourceType("services", "Service", "", "v1", True, ("svc",)),
    ResourceType("replicationcontrollers", "ReplicationController", "", "v1", True, ("rc",)),
    ResourceType("endpoints", "Endpoints", "", "v1", True, ("ep",)),
    ResourceType("endpointslices", "EndpointSlice", "discovery.k8s.io", "v1", True),
    ResourceType("nodes", "Node", "", "v1", False, ("no",)),
    ResourceType("namespaces", "Namespace", "", "v1", False, ("ns",)),
    ResourceType("persistentvolumeclaims", "PersistentVolumeClaim", "", "v1", True, ("pvc",)),
    ResourceType("persistentvolumes", "PersistentVolume", "", "v1", False, ("pv",)),
    ResourceType("configmaps", "ConfigMap", "", "v1", True, ("cm",)),
    ResourceType("secrets", "Secret", "", "v1", True),
    ResourceType("serviceaccounts", "ServiceAccount", "", "v1", True, ("sa",)),
    ResourceType("events", "Event", "", "v1", True, ("ev",)),
    ResourceType("deployments", "Deployment", "apps", "v1", True, ("deploy",)),
    ResourceType("statefulsets", "StatefulSet", "apps", "v1", True, ("sts",)),
    ResourceType("replicasets", "ReplicaSet", "apps", "v1", True, ("rs",)),
    ResourceType("daemonsets", "DaemonSet", "apps", "v1", True, ("ds",)),
    ResourceType("jobs", "Job", "batch", "v1", True),
    ResourceType("cronjobs", "CronJob", "batch", "v1", True, ("cj",)),
    ResourceType("poddisruptionbudgets", "PodDisruptionBudget", "policy", "v1", True, ("pdb",)),
    ResourceType("priorityclasses", "PriorityClass", "scheduling.k8s.io", "v1", False, ("pc",)),
    ResourceType("horizontalpodautoscalers", "HorizontalPodAutoscaler", "autoscaling", "v2",
                 True, ("hpa",)),
    ResourceType("storageclasses", "StorageClass", "storage.k8s.io", "v1", False, ("sc",)),
    ResourceType("ingresses", "Ingress", "networking.k8s.io", "v1", True, ("ing",)),
    ResourceType("ingressclasses", "IngressClass", "networking.k8s.io", "v1", False),
    ResourceType("servicecidrs", "ServiceCIDR", "networking.k8s.io", "v1", False),
    ResourceType("ipaddresses", "IPAddress", "networking.k8s.io", "v1", False, ("ip",)),
    ResourceType("certificatesigningrequests", "CertificateSigningRequest",
                 "certificates.k8s.io", "v1", False, ("csr",)),
    ResourceType("customresourcedefinitions", "CustomResourceDefinition", "apiextensions.k8s.io",
                 "v1", False, ("crd", "crds")),
    ResourceType("leases", "Lease", "coordination.k8s.io", "v1", True),
    ResourceType("csinodes", "CSINode", "storage.k8s.io", "v1", False),
    ResourceType("volumeattributesclasses", "VolumeAttributesClass", "storage.k8s.io", "v1",
                 False, ("vac",)),
    ResourceType("networkpolicies", "NetworkPolicy", "networking.k8s.io", "v1", True,
                 ("netpol",)),
    ResourceType("resourcequotas", "ResourceQuota", "", "v1", True, ("quota",)),
    ResourceType("limitranges", "LimitRange", "", "v1", True, ("limits",)),
    ResourceType("roles", "Role", "rbac.authorization.k8s.io", "v1", True),
    ResourceType("clusterroles", "ClusterRole", "rbac.authorization.k8s.io", "v1", False),
    ResourceType("rolebindings", "RoleBinding", "rbac.authorization.k8s.io", "v1", True),
    ResourceType("clusterrolebindings", "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1",
                 False),
)


def _index() -> dict[str, ResourceType]:
    names: dict[str, ResourceType] = {}
    for resource in RESOURCE_TYPES:
        for name in (resource.plural, resource.singular, resource.qualified_kind,
                     resource.qualified_plural, *resource.short_names):
            names[name] = resource
    return names


_BY_NAME = _index()


def find_resource_type(name: str) -> ResourceType | None:
    """The type kubectl would resolve ``name`` (``po``, ``pods``, ``statefulset.apps``) to."""
    return _BY_NAME.get(name.lower())


def resource_type_for_kind(api_version: str, kind: str) -> ResourceType | None:
    """The type of a manifest document, when podlab knows it."""
    for resource in RESOURCE_TYPES:
        if resource.api_version == api_version and resource.kind == kind:
            return resource
    return None
