#!/usr/bin/env python3
"""Push every image of an OCI image layout to a registry (the distribution HTTP API, v2).

    push.py LAYOUT http://127.0.0.1:5000
    push.py --list LAYOUT        (print "REF DIGEST" for every tag of the layout)

Each manifest in ``index.json`` is named by its ``org.opencontainers.image.ref.name``
annotation, a full reference such as ``docker.io/library/nginx:1.25``. It goes to the
repository ``docker.io/library/nginx`` of the registry: the lab's containerd reaches each
upstream registry's images under a path named after that registry (``override_path`` in its
``hosts.toml``). Blobs first (skipped when the repository has them, mounted from another
repository when this run pushed them there), then the manifest (skipped when the tag already
names the same digest). Standard library only.
"""

from __future__ import annotations

import http.client
import json
import sys
import urllib.parse
from pathlib import Path

MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
REF_ANNOTATION = "org.opencontainers.image.ref.name"
CHUNK = 1 << 20


class Registry:
    def __init__(self, url: str) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise SystemExit(f"push: expected http://HOST:PORT, got {url}")
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=120)
        self.uploaded_bytes = 0
        self.uploaded_blobs = 0

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> http.client.HTTPResponse:
        self.conn.request(method, path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        response.read()  # keep the connection usable
        return response

    def has_blob(self, repo: str, digest: str) -> bool:
        return self.request("HEAD", f"/v2/{repo}/blobs/{digest}").status == 200

    def mount(self, repo: str, digest: str, source: str) -> bool:
        query = urllib.parse.urlencode({"mount": digest, "from": source})
        return self.request("POST", f"/v2/{repo}/blobs/uploads/?{query}").status == 201

    def upload(self, repo: str, digest: str, path: Path) -> None:
        start = self.request("POST", f"/v2/{repo}/blobs/uploads/")
        if start.status != 202:
            raise SystemExit(f"push: starting an upload to {repo}: HTTP {start.status}")
        location = urllib.parse.urlsplit(start.headers["Location"])
        query = (
            location.query
            + ("&" if location.query else "")
            + urllib.parse.urlencode({"digest": digest})
        )
        size = path.stat().st_size
        self.conn.putrequest("PUT", f"{location.path}?{query}")
        self.conn.putheader("Content-Type", "application/octet-stream")
        self.conn.putheader("Content-Length", str(size))
        self.conn.endheaders()
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                self.conn.send(chunk)
        response = self.conn.getresponse()
        answer = response.read()
        if response.status != 201:
            raise SystemExit(f"push: {digest} to {repo}: HTTP {response.status} {answer[:300]!r}")
        self.uploaded_bytes += size
        self.uploaded_blobs += 1

    def manifest_digest(self, repo: str, tag: str) -> str:
        response = self.request(
            "HEAD", f"/v2/{repo}/manifests/{tag}", headers={"Accept": MEDIA_MANIFEST}
        )
        return response.headers.get("Docker-Content-Digest", "") if response.status == 200 else ""

    def put_manifest(self, repo: str, tag: str, data: bytes) -> None:
        response = self.request(
            "PUT",
            f"/v2/{repo}/manifests/{tag}",
            body=data,
            headers={"Content-Type": MEDIA_MANIFEST},
        )
        if response.status != 201:
            raise SystemExit(f"push: manifest {repo}:{tag}: HTTP {response.status}")


def split_ref(ref: str) -> tuple[str, str]:
    """``docker.io/library/nginx:1.25`` -> (``docker.io/library/nginx``, ``1.25``)."""
    repo, _, tag = ref.rpartition(":")
    if not repo or "/" in tag:
        raise SystemExit(f"push: {ref!r} is not a full reference with a tag")
    return repo, tag


def push(layout: Path, registry: Registry) -> tuple[int, int]:
    """Push every tag; return (tags, tags that changed)."""
    blobs = layout / "blobs" / "sha256"
    index = json.loads((layout / "index.json").read_text())
    where: dict[str, str] = {}  # blob digest -> a repository that has it
    tags = changed = 0
    for entry in index["manifests"]:
        repo, tag = split_ref(entry["annotations"][REF_ANNOTATION])
        digest = entry["digest"]
        tags += 1
        if registry.manifest_digest(repo, tag) == digest:
            continue
        data = (blobs / digest.removeprefix("sha256:")).read_bytes()
        manifest = json.loads(data)
        for blob in [manifest["config"], *manifest["layers"]]:
            blob_digest = blob["digest"]
            present = registry.has_blob(repo, blob_digest) or (
                blob_digest in where and registry.mount(repo, blob_digest, where[blob_digest])
            )
            if not present:
                registry.upload(repo, blob_digest, blobs / blob_digest.removeprefix("sha256:"))
            where[blob_digest] = repo
        registry.put_manifest(repo, tag, data)
        changed += 1
    return tags, changed


def list_tags(layout: Path) -> None:
    index = json.loads((layout / "index.json").read_text())
    for entry in index["manifests"]:
        print(entry["annotations"][REF_ANNOTATION], entry["digest"])


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--list":
        list_tags(Path(argv[1]))
        return 0
    if len(argv) != 2:
        print("usage: push.py LAYOUT http://HOST:PORT | push.py --list LAYOUT", file=sys.stderr)
        return 2
    registry = Registry(argv[1])
    tags, changed = push(Path(argv[0]), registry)
    print(
        f"push: {tags} tags, {changed} pushed, {registry.uploaded_blobs} blobs uploaded "
        f"({registry.uploaded_bytes / 1e6:.0f} MB)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
