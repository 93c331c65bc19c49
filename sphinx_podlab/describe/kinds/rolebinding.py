"""``kubectl describe rolebinding`` and ``clusterrolebinding`` (kubectl's RoleBinding and
ClusterRoleBinding describers): the role and the subjects bound to it."""

from __future__ import annotations

from typing import Any

from ..common import Settings, write_annotations, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


def _describe(binding: Obj) -> str:
    metadata = binding.get("metadata") or {}
    role = binding.get("roleRef") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{role.get('kind') or ''}\n")
    w.write(1, f"Name:\t{role.get('name') or ''}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for subject in binding.get("subjects") or []:
        w.write(1, f"{subject.get('kind') or ''}\t{subject.get('name') or ''}\t"
                   f"{subject.get('namespace') or ''}\n")
    return w.text()


@describer("rbac.authorization.k8s.io", "RoleBinding")
def describe_role_binding(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    binding = reader.get_or_none(
        f"/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings/{name}")
    if binding is None:
        raise NotFound("rolebindings.rbac.authorization.k8s.io", name)
    return _describe(binding)


@describer("rbac.authorization.k8s.io", "ClusterRoleBinding")
def describe_cluster_role_binding(reader: Reader, namespace: str, name: str,
                                  settings: Settings) -> str:
    binding = reader.get_or_none(f"/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/{name}")
    if binding is None:
        raise NotFound("clusterrolebindings.rbac.authorization.k8s.io", name)
    return _describe(binding)
