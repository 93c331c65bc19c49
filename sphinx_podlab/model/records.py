"""The content of a record, and its conversion to and from JSON-compatible data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .results import ClusterInfo, CommandResult, PodState
from .snapshot import ObjectState, object_data, object_from

RECORD_FORMAT = 1


class CorruptRecordError(ValueError):
    """A record file that cannot be read back: bad JSON or missing fields."""


@dataclass(frozen=True)
class Screenshot:
    """A browser step's PNG, stored beside the record (``file`` is relative to the record dir)."""

    file: str
    sha256: str
    size: int
    url_path: str
    checks: tuple[str, ...]
    seconds: float
    pod: str
    scale: int = 1  # device pixels per CSS pixel: the figure is shown at width / scale
    width: int = 0  # PNG pixels (0: not recorded)


@dataclass(frozen=True)
class BlockRecord:
    name: str | None
    results: tuple[CommandResult, ...]
    snapshot: str | None = None
    screenshot: Screenshot | None = None
    # where the block and each command stood in the page when it was recorded (for the
    # drift review; not part of the key, so they may lag behind later prose edits)
    line: int | None = None
    command_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Record:
    docname: str
    key: str
    recorded_at: str  # ISO 8601, UTC
    cluster: ClusterInfo
    namespace: str
    seconds: float
    blocks: tuple[BlockRecord, ...]
    # every snapshotted object of the namespace (and the nodes), by snapshot name
    snapshots: dict[str, tuple[ObjectState, ...]] = field(default_factory=dict)
    podlab_version: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)  # what the key was computed from

    def pod(self, snapshot: str, pod: str) -> PodState | None:
        found = self.object(snapshot, "Pod", pod)
        return found.pod_state() if found is not None else None

    def object(self, snapshot: str, kind: str, name: str) -> ObjectState | None:
        for state in self.snapshots.get(snapshot, ()):
            if state.kind == kind and state.name == name:
                return state
        return None

    def step_count(self) -> int:
        """Commands plus browser steps, as the live run counted them."""
        return sum(1 if block.screenshot else len(block.results) for block in self.blocks)

    def to_data(self) -> dict[str, Any]:
        return {
            "format": RECORD_FORMAT,
            "docname": self.docname,
            "key": self.key,
            "recorded_at": self.recorded_at,
            "cluster": _cluster_data(self.cluster),
            "namespace": self.namespace,
            "seconds": round(self.seconds, 3),
            "podlab_version": self.podlab_version,
            "inputs": self.inputs,
            "blocks": [_block_data(block) for block in self.blocks],
            "snapshots": {
                name: [object_data(obj) for obj in objects]
                for name, objects in self.snapshots.items()
            },
        }

    @classmethod
    def from_data(cls, data: Any) -> Record:
        try:
            if data["format"] != RECORD_FORMAT:
                raise CorruptRecordError(f"unknown record format {data['format']!r}")
            return cls(
                docname=str(data["docname"]),
                key=str(data["key"]),
                recorded_at=str(data["recorded_at"]),
                cluster=ClusterInfo(str(data["cluster"]["version"]),
                                    str(data["cluster"]["platform"]),
                                    str(data["cluster"].get("node_os", "")),
                                    str(data["cluster"].get("container_runtime", ""))),
                namespace=str(data["namespace"]),
                seconds=float(data["seconds"]),
                podlab_version=str(data.get("podlab_version", "")),
                inputs=dict(data.get("inputs", {})),
                blocks=tuple(_block_from(item) for item in data["blocks"]),
                snapshots={
                    str(name): tuple(object_from(entry) for entry in entries)
                    for name, entries in data["snapshots"].items()
                },
            )
        except CorruptRecordError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CorruptRecordError(f"missing or malformed field: {error}") from None


def _cluster_data(cluster: ClusterInfo) -> dict[str, str]:
    """Provenance: versions of the server, its nodes' OS and container runtime (records made
    before these were kept have only the first two)."""
    data = {"version": cluster.version, "platform": cluster.platform}
    if cluster.node_os:
        data["node_os"] = cluster.node_os
    if cluster.container_runtime:
        data["container_runtime"] = cluster.container_runtime
    return data


def _block_data(block: BlockRecord) -> dict[str, Any]:
    data = _commands_data(block)
    if block.screenshot is not None:
        shot = block.screenshot
        data["screenshot"] = {
            "file": shot.file,
            "sha256": shot.sha256,
            "size": shot.size,
            "url_path": shot.url_path,
            "checks": list(shot.checks),
            "seconds": round(shot.seconds, 3),
            "pod": shot.pod,
            "scale": shot.scale,
            "width": shot.width,
        }
    return data


def _commands_data(block: BlockRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": block.name,
        "snapshot": block.snapshot,
        "commands": [_result_data(result) for result in block.results],
    }
    if block.line is not None:
        data["line"] = block.line
    if len(block.command_lines) == len(block.results):
        for command, line in zip(data["commands"], block.command_lines, strict=True):
            command["line"] = line
    return data


def _result_data(result: CommandResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "argv": list(result.argv),
        "stdout": result.stdout,
        "stderr": result.stderr,
        "exit_code": result.exit_code,
        "seconds": round(result.seconds, 3),
    }
    if result.terminal is not None:
        data["terminal"] = result.terminal
    if result.assigned:
        data["assigned"] = [[name, value] for name, value in result.assigned]
    return data


def _block_from(data: Any) -> BlockRecord:
    shot = data.get("screenshot")
    return BlockRecord(
        screenshot=None if shot is None else Screenshot(
            file=str(shot["file"]),
            sha256=str(shot["sha256"]),
            size=int(shot["size"]),
            url_path=str(shot["url_path"]),
            checks=tuple(str(check) for check in shot["checks"]),
            seconds=float(shot["seconds"]),
            pod=str(shot["pod"]),
            scale=int(shot.get("scale", 1)),
            width=int(shot.get("width", 0)),
        ),
        name=None if data["name"] is None else str(data["name"]),
        snapshot=None if data["snapshot"] is None else str(data["snapshot"]),
        line=None if data.get("line") is None else int(data["line"]),
        command_lines=tuple(int(item["line"]) for item in data["commands"])
        if all("line" in item for item in data["commands"]) else (),
        results=tuple(
            CommandResult(
                argv=tuple(str(arg) for arg in item["argv"]),
                stdout=str(item["stdout"]),
                stderr=str(item["stderr"]),
                exit_code=int(item["exit_code"]),
                seconds=float(item["seconds"]),
                terminal=None if item.get("terminal") is None else str(item["terminal"]),
                assigned=tuple((str(name), str(value))
                               for name, value in item.get("assigned") or ()),
            )
            for item in data["commands"]
        ),
    )
