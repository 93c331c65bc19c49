"""``kubectl describe serviceaccount`` (kubectl's ServiceAccountDescriber): its image pull
and mountable secrets (``(not found)`` when the namespace lacks one) and its tokens (the
service account token Secrets annotated with its name and UID).

kubectl 1.37 prints only the image pull secrets, and reads no secrets for it (kubernetes PR
117160; gated at 37: whether 1.35 or 1.36 already did is not known here)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, search_events, write_annotations, write_events, write_labels
from ..reader import Reader, list_all
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]

SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token"
ACCOUNT_NAME = "kubernetes.io/service-account.name"
ACCOUNT_UID = "kubernetes.io/service-account.uid"
# kubectl pads the three headers to one width and prints them in sorted order
HEADERS = ("Image pull secrets:", "Mountable secrets: ", "Tokens:            ")
EMPTY_HEADER = " " * len(HEADERS[0])


def _names(references: list[Obj] | None) -> list[str]:
    return [str(reference.get("name") or "") for reference in references or []]


def _tokens(secrets: list[Obj], account: Obj) -> list[str]:
    metadata = account.get("metadata") or {}
    names = []
    for secret in secrets:
        annotations = (secret.get("metadata") or {}).get("annotations") or {}
        if (secret.get("type") == SERVICE_ACCOUNT_TOKEN
                and annotations.get(ACCOUNT_NAME) == metadata.get("name")
                and annotations.get(ACCOUNT_UID) == metadata.get("uid")):
            names.append(str(secret["metadata"].get("name") or ""))
    return names


@describer("", "ServiceAccount")
def describe_service_account(reader: Reader, namespace: str, name: str,
                             settings: Settings) -> str:
    account = reader.get_or_none(f"/api/v1/namespaces/{namespace}/serviceaccounts/{name}")
    if account is None:
        raise NotFound("serviceaccounts", name)
    pulls = _names(account.get("imagePullSecrets"))
    sections: list[tuple[str, list[str]]] = [(HEADERS[0], pulls)]
    existing: set[str] | None = None  # None: every secret counts as found
    if not settings.since(37):
        secrets = list_all(reader, f"/api/v1/namespaces/{namespace}/secrets", {},
                           settings.chunk_size)
        existing = {str((secret.get("metadata") or {}).get("name")) for secret in secrets}
        sections += [(HEADERS[1], _names(account.get("secrets"))),
                     (HEADERS[2], _tokens(secrets, account))]
    metadata = account.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    for header, names in sections:
        if not names:
            w.write(0, f"{header}\t<none>\n")
            continue
        prefix = header
        for secret in names:
            missing = "" if existing is None or secret in existing else " (not found)"
            w.write(0, f"{prefix}\t{secret}{missing}\n")
            prefix = EMPTY_HEADER
    if settings.show_events:
        write_events(w, search_events(reader, account, "ServiceAccount", settings), settings)
    return w.text()
