"""``kubectl describe ingressclass`` (kubectl's ``describeIngressClassV1``)."""

from __future__ import annotations

from typing import Any

from ..common import Settings, search_events, write_annotations, write_events, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


@describer("networking.k8s.io", "IngressClass")
def describe_ingress_class(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    ingress_class = reader.get_or_none(f"/apis/networking.k8s.io/v1/ingressclasses/{name}")
    if ingress_class is None:
        raise NotFound("ingressclasses.networking.k8s.io", name)
    metadata = ingress_class.get("metadata") or {}
    spec = ingress_class.get("spec") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"Controller:\t{spec.get('controller') or ''}\n")
    parameters = spec.get("parameters")
    if parameters is not None:
        w.write(0, "Parameters:\n")
        if parameters.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{parameters['apiGroup']}\n")
        w.write(1, f"Kind:\t{parameters.get('kind') or ''}\n")
        w.write(1, f"Name:\t{parameters.get('name') or ''}\n")
    if settings.show_events:
        write_events(w, search_events(reader, ingress_class, "IngressClass", settings), settings)
    return w.text()
