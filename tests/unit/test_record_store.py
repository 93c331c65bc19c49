from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sphinx_podlab.model.records import BlockRecord, CorruptRecordError, Record
from sphinx_podlab.model.results import ClusterInfo, CommandResult, PodState
from sphinx_podlab.model.snapshot import from_pod_state
from sphinx_podlab.record.store import RecordStore


def make_record(ip: str = "10.1.0.10") -> Record:
    hosts = (
        "# Kubernetes-managed hosts file.\n"
        f"{ip}\tmysql-0.mysql.default.svc.cluster.local\tmysql-0\n"
    )
    return Record(
        docname="pod-ip/index",
        key="sha256:" + "0" * 64,
        recorded_at="2026-11-27T08:00:00+00:00",
        cluster=ClusterInfo("v1.34.9", "linux/amd64"),
        namespace="default",
        seconds=12.5,
        blocks=(
            BlockRecord(
                "hosts-before",
                (
                    CommandResult(
                        ("kubectl", "exec", "statefulset/mysql", "--", "cat", "/etc/hosts"),
                        hosts,
                        "",
                        0,
                        0.4,
                    ),
                ),
                "before",
            ),
        ),
        snapshots={"before": (
            from_pod_state(PodState("mysql-0", ip, "uid-1", "Running", True, 0)),)},
        podlab_version="0.1.0",
    )


def test_round_trip_and_format(tmp_path: Path) -> None:
    store = RecordStore(tmp_path)
    record = make_record()
    assert store.write(record)
    path = tmp_path / "pod-ip" / "index.json"
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "Kubernetes-managed" in text and "\\u" not in text  # UTF-8, not escaped
    data = json.loads(text)
    assert list(data) == sorted(data)  # sorted keys for diffs
    assert text.startswith('{\n  "blocks"')  # indented
    assert store.read("pod-ip/index") == record


def test_unchanged_record_is_not_rewritten(tmp_path: Path) -> None:
    store = RecordStore(tmp_path)
    assert store.write(make_record())
    path = store.path("pod-ip/index")
    before = path.stat().st_mtime_ns
    assert not store.write(make_record())
    assert path.stat().st_mtime_ns == before
    assert store.write(make_record(ip="10.1.0.16"))
    assert store.read("pod-ip/index") == make_record(ip="10.1.0.16")
    assert [p.name for p in path.parent.iterdir()] == ["index.json"]  # no temporary left


def test_missing_record_is_none(tmp_path: Path) -> None:
    assert RecordStore(tmp_path).read("nowhere") is None


@pytest.mark.parametrize(
    "content", ["{not json", "[]", '{"format": 1}', '{"format": 99, "docname": "x"}']
)
def test_corrupt_records_raise_and_stay_untouched(tmp_path: Path, content: str) -> None:
    path = tmp_path / "page.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorruptRecordError):
        RecordStore(tmp_path).read("page")
    assert path.read_text(encoding="utf-8") == content


def test_the_record_never_holds_cluster_addresses_or_secrets(tmp_path: Path) -> None:
    store = RecordStore(tmp_path)
    store.write(make_record())
    data = json.loads(store.path("pod-ip/index").read_text(encoding="utf-8"))
    assert data["cluster"] == {"platform": "linux/amd64", "version": "v1.34.9"}


def test_provenance_of_the_nodes_round_trips_and_older_records_still_read(tmp_path: Path) -> None:
    store = RecordStore(tmp_path)
    cluster = ClusterInfo("v1.34.9", "linux/amd64", "Debian GNU/Linux 12 (bookworm)",
                          "containerd://1.6.20")
    store.write(dataclasses.replace(make_record(), cluster=cluster))
    data = json.loads(store.path("pod-ip/index").read_text(encoding="utf-8"))
    assert data["cluster"] == {"platform": "linux/amd64", "version": "v1.34.9",
                               "node_os": "Debian GNU/Linux 12 (bookworm)",
                               "container_runtime": "containerd://1.6.20"}
    record = store.read("pod-ip/index")
    assert record is not None and record.cluster == cluster
    for key in ("node_os", "container_runtime"):  # a record made before they were kept
        del data["cluster"][key]
    older = Record.from_data(data)
    assert (older.cluster.node_os, older.cluster.container_runtime) == ("", "")


def test_block_and_command_lines_round_trip(tmp_path: Path) -> None:
    store = RecordStore(tmp_path)
    record = make_record()
    block = dataclasses.replace(record.blocks[0], line=14, command_lines=(19,))
    store.write(dataclasses.replace(record, blocks=(block,)))
    data = json.loads(store.path("pod-ip/index").read_text(encoding="utf-8"))
    assert data["blocks"][0]["line"] == 14 and data["blocks"][0]["commands"][0]["line"] == 19
    read = store.read("pod-ip/index")
    assert read is not None and read.blocks[0] == block
