"""``kubectl describe configmap`` (kubectl's ConfigMapDescriber): every text value in full,
the sizes of the binary ones."""

from __future__ import annotations

import base64
from typing import Any

from ..common import Settings, search_events, write_annotations, write_events, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]


def decoded_size(encoded: object) -> int:
    """The length in bytes of a base64 value of the API (``binaryData``, a Secret's data)."""
    return len(base64.b64decode(str(encoded or "")))


@describer("", "ConfigMap")
def describe_config_map(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    config_map = reader.get_or_none(f"/api/v1/namespaces/{namespace}/configmaps/{name}")
    if config_map is None:
        raise NotFound("configmaps", name)
    metadata = config_map.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, "\nData\n====\n")
    data = config_map.get("data") or {}
    for key in sorted(data):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{data[key]}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = config_map.get("binaryData") or {}
    for key in sorted(binary):
        w.write(0, f"{key}: {decoded_size(binary[key])} bytes\n")
    w.write(0, "\n")
    if settings.show_events:
        write_events(w, search_events(reader, config_map, "ConfigMap", settings), settings)
    return w.text()
