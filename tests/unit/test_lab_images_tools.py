"""The lab's image tools (tests/cluster/images/mkimage.py and push.py), offline.

The push test runs the lab's own registry binary (built by lab.sh) on a free loopback port;
without that build it is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

IMAGES = Path(__file__).resolve().parents[2] / "tests" / "cluster" / "images"
sys.path.insert(0, str(IMAGES))
import mkimage  # type: ignore[import-not-found]  # noqa: E402
import push  # type: ignore[import-not-found]  # noqa: E402

REGISTRY = Path.home() / ".cache" / "podlab-lab" / "v1.34.9" / "bin" / "registry"


def members(layout: mkimage.Layout, digest: str) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(layout.blob_path(digest)) as tar:
        return {m.name: m for m in tar.getmembers()}


def test_layer_keeps_files_links_and_modes(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "tool").write_text("#!/bin/sh\n")
    (root / "bin" / "tool").chmod(0o755)
    os.link(root / "bin" / "tool", root / "bin" / "tool2")
    (root / "bin" / "sh").symlink_to("tool")
    layout = mkimage.Layout(tmp_path / "oci")
    digest = mkimage.make_layer(root, layout, mtime=0, overlay=False)
    # The digest is the sha256 of the blob (uncompressed: also its diff_id).
    blob = layout.blob_path(digest).read_bytes()
    assert digest == "sha256:" + hashlib.sha256(blob).hexdigest()
    entries = members(layout, digest)
    assert list(entries) == ["bin", "bin/sh", "bin/tool", "bin/tool2"]
    assert entries["bin/tool"].mode == 0o755
    assert entries["bin/sh"].issym() and entries["bin/sh"].linkname == "tool"
    assert entries["bin/tool2"].islnk() and entries["bin/tool2"].linkname == "bin/tool"
    # The same tree gives the same layer.
    assert mkimage.make_layer(root, layout, mtime=0, overlay=False) == digest


@pytest.mark.skipif(os.geteuid() != 0, reason="whiteouts are device nodes: root only")
def test_overlay_whiteouts_become_oci_whiteouts(tmp_path: Path) -> None:
    upper = tmp_path / "upper"
    (upper / "etc" / "opaque").mkdir(parents=True)
    os.mknod(upper / "etc" / "gone", 0o600 | 0o020000, os.makedev(0, 0))  # char 0:0
    os.setxattr(upper / "etc" / "opaque", "trusted.overlay.opaque", b"y")
    (upper / "etc" / "opaque" / "kept").write_text("x")
    layout = mkimage.Layout(tmp_path / "oci")
    entries = members(layout, mkimage.make_layer(upper, layout, mtime=0, overlay=True))
    assert set(entries) == {
        "etc", "etc/.wh.gone", "etc/opaque", "etc/opaque/.wh..wh..opq", "etc/opaque/kept",
    }  # fmt: skip
    assert entries["etc/.wh.gone"].isreg() and entries["etc/.wh.gone"].size == 0


def test_image_names_one_manifest_by_every_tag_and_gc(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "hello").write_text("hi")
    layout = mkimage.Layout(tmp_path / "oci")
    layer = mkimage.make_layer(root, layout, mtime=0, overlay=False)
    tags = [mkimage.normalise_ref(t) for t in ("nginx:1.25", "nginx", "registry.k8s.io/x/y:1")]
    assert tags == [
        "docker.io/library/nginx:1.25",
        "docker.io/library/nginx:latest",
        "registry.k8s.io/x/y:1",
    ]
    spec = mkimage.ImageSpec(tags=tags, layers=[layer], cmd=["/hello"], expose=["80/tcp"])
    digest = mkimage.make_image(layout, spec)
    index = json.loads((layout.root / "index.json").read_text())
    assert sorted(mkimage.ref_of(e) for e in index["manifests"]) == sorted(tags)
    assert {e["digest"] for e in index["manifests"]} == {digest}
    manifest = json.loads(layout.blob_path(digest).read_bytes())
    config = json.loads(layout.blob_path(manifest["config"]["digest"]).read_bytes())
    assert config["rootfs"]["diff_ids"] == [layer]
    assert config["config"]["Cmd"] == ["/hello"]
    assert config["config"]["ExposedPorts"] == {"80/tcp": {}}
    # A stray blob goes; the image's stay.
    stray = layout.put_bytes(b"unused")
    assert mkimage.collect_garbage(layout) == 1
    assert not layout.blob_path(stray).exists() and layout.blob_path(layer).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[str]:
    if not REGISTRY.exists():
        pytest.skip(f"{REGISTRY} is not built (lab.sh up builds it)")
    port = free_port()
    config = tmp_path / "registry.yml"
    config.write_text(
        "version: 0.1\nlog: {level: error}\n"
        f"storage: {{filesystem: {{rootdirectory: {tmp_path / 'data'}}}}}\n"
        f"http: {{addr: 127.0.0.1:{port}}}\n"
    )
    proc = subprocess.Popen(
        [str(REGISTRY), "serve", str(config)],
        env={**os.environ, "OTEL_TRACES_EXPORTER": "none"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/v2/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_push_blobs_then_manifests_and_skip_what_is_there(tmp_path: Path, registry: str) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "f").write_text("content")
    layout = mkimage.Layout(tmp_path / "oci")
    layer = mkimage.make_layer(root, layout, mtime=0, overlay=False)
    tags = ["docker.io/library/busybox:1.36", "registry.k8s.io/e2e-test-images/agnhost:2.56"]
    digest = mkimage.make_image(layout, mkimage.ImageSpec(tags=tags, layers=[layer]))
    first = push.Registry(registry)
    assert push.push(layout.root, first) == (2, 2)
    assert first.uploaded_blobs == 2  # layer and config once; the second repository mounts them
    request = urllib.request.Request(
        f"{registry}/v2/docker.io/library/busybox/manifests/1.36",
        headers={"Accept": push.MEDIA_MANIFEST},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Docker-Content-Digest"] == digest
    again = push.Registry(registry)
    assert push.push(layout.root, again) == (2, 0)
    assert again.uploaded_blobs == 0
