"""What running commands produced: a command's output, a pod's state, the cluster."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandResult:
    argv: tuple[str, ...]
    stdout: str
    stderr: str
    exit_code: int
    seconds: float
    # A shell line (pipeline, list, $(...)): what the terminal showed, in order, when that is
    # not stdout then stderr; and the page variables it set (NAME, value), for the record.
    terminal: str | None = None
    assigned: tuple[tuple[str, str], ...] = ()

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0


@dataclass(frozen=True)
class PodState:
    """One pod in a snapshot."""

    name: str
    ip: str | None
    uid: str
    phase: str
    ready: bool
    restarts: int


@dataclass(frozen=True)
class ClusterInfo:
    """What a record says about the cluster: never its address or credentials."""

    version: str  # gitVersion, e.g. "v1.34.9"
    platform: str  # e.g. "linux/amd64"
    # the nodes' status.nodeInfo, distinct values joined by ", "; "" when not known
    node_os: str = ""  # osImage, e.g. "Debian GNU/Linux 12 (bookworm)"
    container_runtime: str = ""  # containerRuntimeVersion, e.g. "containerd://1.6.20"

    @property
    def minor(self) -> int:
        """The minor version number (34 for v1.34.9), which decides kubectl's wording."""
        parts = self.version.lstrip("v").split(".")
        return int("".join(ch for ch in parts[1] if ch.isdigit())) if len(parts) > 1 else 0
