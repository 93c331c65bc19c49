"""Names a controller generates at run time, which a page cannot write by hand.

Kubernetes makes them from a prefix and random characters of the alphabet
``bcdfghjklmnpqrstvwxz2456789`` (no vowels, no 0, 1, 3: apimachinery's ``util/rand``):

- ``generateName`` (a Job's, a DaemonSet's, a ReplicaSet's pods): PREFIX + 5 random characters;
- a Deployment's ReplicaSet: DEPLOYMENT-HASH, the pod template's 32-bit hash written in that
  alphabet (one character per decimal digit: 6 to 10 of them), so its pods are
  DEPLOYMENT-HASH-XXXXX.

A StatefulSet's pods (``mysql-0``) are named by ordinal: not generated. A 5-character suffix
of digits only (``web-24567``) is taken as written by hand (random ones are all digits once in
800).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
_RANDOM = rf"[{_ALPHABET}]{{5}}"
_HASH = rf"[{_ALPHABET}]{{6,10}}"
_REPLICA_SET_POD = re.compile(rf"(?P<owner>[a-z0-9][a-z0-9.-]*?)-{_HASH}-{_RANDOM}")
_GENERATED = re.compile(rf"(?P<owner>[a-z0-9][a-z0-9.-]*?)-{_RANDOM}")


@dataclass(frozen=True)
class GeneratedName:
    name: str
    prefix: str  # what the controller's name is: "pma" for pma-85cccb9fcf-z8jnm
    controller: str | None  # "deploy/pma" when the shape says which controller it is


def generated_name(name: str) -> GeneratedName | None:
    """What ``name`` looks generated from, or None when it looks written by hand."""
    if not name[-5:].isdigit():
        match = _REPLICA_SET_POD.fullmatch(name)
        if match:
            return GeneratedName(name, match["owner"], f"deploy/{match['owner']}")
        match = _GENERATED.fullmatch(name)
        if match:
            return GeneratedName(name, match["owner"], None)
    return None


def generated_name_hint(kind: str, name: str) -> str | None:
    """A sentence for a not-found error about ``kind`` ``name``, when the name looks generated.

    ``kind`` is the resource as kubectl names it in the error (``pod``, ``deployment``...).
    """
    generated = generated_name(name)
    if generated is None:
        return None
    by = generated.controller or f"TYPE/{generated.prefix}, e.g. job/{generated.prefix}"
    variable = kind.upper().replace("-", "_") if kind.isidentifier() else "NAME"
    plural = "pods" if kind == "pod" else kind + "s"
    return (f"{kind} \"{name}\" looks like a name generated at run time; name it by its "
            f"controller ({by}) or a variable: {variable}=$(kubectl get {plural} "
            f"-l app={generated.prefix} -o jsonpath='{{.items[0].metadata.name}}')")


# kubectl's "Error from server (NotFound): pods "x" not found", and logs' "error: error from
# server (NotFound): pods "x" not found in namespace "ns""
_NOT_FOUND = re.compile(r'error from server \(NotFound\): (?P<plural>[a-z]+)(?:\.[a-z0-9.]+)? '
                        r'"(?P<name>[^"]+)" not found', re.IGNORECASE)


def not_found_hint(stderr: str) -> str | None:
    """The hint for the first object kubectl's ``stderr`` says is not found, if generated."""
    for match in _NOT_FOUND.finditer(stderr):
        plural = match["plural"]
        kind = plural[:-1] if plural.endswith("s") else plural
        hint = generated_name_hint(kind, match["name"])
        if hint is not None:
            return hint
    return None
