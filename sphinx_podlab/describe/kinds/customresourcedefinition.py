"""``kubectl describe crd``: kubectl has no describer of its own for it (the generic one)."""

from __future__ import annotations

from ..common import Settings
from ..generic import describe_generic
from ..reader import Reader
from ..registry import describer


@describer("apiextensions.k8s.io", "CustomResourceDefinition")
def describe_custom_resource_definition(reader: Reader, namespace: str, name: str,
                                        settings: Settings) -> str:
    return describe_generic(
        reader, f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}",
        "customresourcedefinitions.apiextensions.k8s.io", name, settings)
