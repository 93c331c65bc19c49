"""The secrets of a kubeconfig, to check that none reaches an output, a page or a record."""

from __future__ import annotations

import base64
from pathlib import Path

import yaml

SECRET_FIELDS = ("certificate-authority-data", "client-certificate-data", "client-key-data",
                 "token", "password")


def secrets(path: Path) -> list[str]:
    """Every secret value of the kubeconfig: as written, base64-decoded, and each long line of
    a decoded PEM block (a page could show a key's lines without the whole of it)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for section, inner in (("clusters", "cluster"), ("users", "user")):
        for entry in data.get(section) or []:
            for field in SECRET_FIELDS:
                value = (entry.get(inner) or {}).get(field)
                if not value:
                    continue
                found.append(str(value))
                if field.endswith("-data"):
                    decoded = base64.b64decode(str(value)).decode()
                    found.append(decoded)
                    found += [line for line in decoded.splitlines()
                              if len(line) >= 16 and "-----" not in line]
    return found
