"""``kubectl describe secret`` (kubectl's ``describeSecret``): the sizes of the values,
never the values. kubectl prints one value, the token of a service account token Secret;
podlab refuses to describe such a Secret rather than put a credential in a page."""

from __future__ import annotations

from typing import Any

from ...model.errors import PodlabExecutionError
from ..common import Settings, write_annotations, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter
from .configmap import decoded_size

Obj = dict[str, Any]

SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token"


class TokenRefused(PodlabExecutionError):
    """kubectl would print a service account token, which podlab never shows (a step
    error, as any command podlab cannot run)."""


@describer("", "Secret")
def describe_secret(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    secret = reader.get_or_none(f"/api/v1/namespaces/{namespace}/secrets/{name}")
    if secret is None:
        raise NotFound("secrets", name)
    data = secret.get("data") or {}
    if secret.get("type") == SERVICE_ACCOUNT_TOKEN and "token" in data:
        raise TokenRefused(f'secret "{name}" holds a service account token, which kubectl '
                           "describe prints and podlab never shows")
    metadata = secret.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"\nType:\t{secret.get('type') or ''}\n")
    w.write(0, "\nData\n====\n")
    for key in sorted(data):
        w.write(0, f"{key}:\t{decoded_size(data[key])} bytes\n")
    return w.text()
