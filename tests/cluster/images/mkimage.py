#!/usr/bin/env python3
"""Write container images into an OCI image layout, from directories. Standard library only.

The layout (``oci-layout``, ``index.json``, ``blobs/sha256/``) holds every image of the lab;
images share their blobs (the Debian base layer, the busybox layer). ``push.py`` copies it to
the lab's registry. Subcommands::

    mkimage.py layer DIR LAYOUT [--overlay-upper] [--mtime EPOCH]
        pack DIR as one uncompressed layer blob; print its digest (which is also its diff_id)
    mkimage.py image LAYOUT --layer DIGEST [--layer ...] --tag REF [--tag REF ...]
               [--entrypoint ARG ...] [--cmd ARG ...] [--env K=V ...] [--workdir DIR]
               [--expose PORT/tcp ...] [--user USER] [--stop-signal SIG] [--volume DIR ...]
        write the image config and manifest; index.json names the manifest by each REF
    mkimage.py gc LAYOUT
        delete the blobs no image of index.json uses

A layer keeps file modes, numeric ownership, symlinks, hardlinks and the
``security.capability`` extended attribute; device nodes, sockets and FIFOs are skipped.
With ``--overlay-upper`` DIR is the upper directory of an overlayfs mount over the layers
below, and its whiteouts (0:0 character devices, ``trusted.overlay.opaque`` directories)
become the OCI ``.wh.`` entries. Entries are sorted and owner names dropped, so the same tree
gives the same layer (with ``--mtime`` also independent of file times).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import stat
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
CREATED = "1970-01-01T00:00:00Z"
#: Extended attributes copied into a layer (PAX ``SCHILY.xattr.*`` records).
KEPT_XATTRS = ("security.capability",)
OPAQUE_XATTR = "trusted.overlay.opaque"
WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"

MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json"
MEDIA_LAYER = "application/vnd.oci.image.layer.v1.tar"
REF_ANNOTATION = "org.opencontainers.image.ref.name"


class HashingWriter(io.RawIOBase):
    """A write-only file object that hashes and counts what passes through it."""

    def __init__(self, target: BinaryIO) -> None:
        super().__init__()
        self._target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data)
        self._target.write(view)
        self.sha256.update(view)
        self.size += len(view)
        return len(view)


# --- the layout -------------------------------------------------------------------------------


class Layout:
    """An OCI image layout directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs = root / "blobs" / "sha256"
        self.blobs.mkdir(parents=True, exist_ok=True)
        marker = root / "oci-layout"
        if not marker.exists():
            marker.write_text(json.dumps({"imageLayoutVersion": "1.0.0"}))

    def blob_path(self, digest: str) -> Path:
        algorithm, _, hex_digest = digest.partition(":")
        if algorithm != "sha256" or len(hex_digest) != 64:
            raise SystemExit(f"mkimage: not a sha256 digest: {digest}")
        return self.blobs / hex_digest

    def put_bytes(self, data: bytes) -> str:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        path = self.blob_path(digest)
        if not path.exists():
            tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return digest

    def index(self) -> dict[str, object]:
        path = self.root / "index.json"
        if path.exists():
            loaded: dict[str, object] = json.loads(path.read_text())
            return loaded
        return {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [],
        }

    def manifests(self) -> list[dict[str, object]]:
        entries = self.index()["manifests"]
        assert isinstance(entries, list)
        return entries

    def write_index(self, manifests: list[dict[str, object]]) -> None:
        index = self.index()
        index["manifests"] = sorted(manifests, key=ref_of)
        tmp = self.root / f".index.json.{os.getpid()}"
        tmp.write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
        os.replace(tmp, self.root / "index.json")


def ref_of(entry: dict[str, object]) -> str:
    annotations = entry.get("annotations") or {}
    assert isinstance(annotations, dict)
    return str(annotations.get(REF_ANNOTATION, ""))


# --- layers -----------------------------------------------------------------------------------


def walk_sorted(root: Path) -> Iterator[Path]:
    """Every path below ``root``, parents first, sorted by name; other file systems not entered."""
    root_dev = root.lstat().st_dev
    stack: list[Path] = [root]
    while stack:
        directory = stack.pop()
        try:
            names = sorted(os.listdir(directory))
        except OSError as exc:
            raise SystemExit(f"mkimage: cannot list {directory}: {exc}") from exc
        subdirs: list[Path] = []
        for name in names:
            path = directory / name
            yield path
            st = path.lstat()
            if stat.S_ISDIR(st.st_mode):
                if st.st_dev == root_dev:
                    subdirs.append(path)
                else:
                    print(f"mkimage: not entering mount point {path}", file=sys.stderr)
        # Depth-first, in name order: push in reverse so the smallest name pops first.
        stack.extend(reversed(subdirs))


def read_xattrs(path: Path) -> dict[str, str]:
    """The kept extended attributes of ``path`` as PAX records (latin-1 carries raw bytes)."""
    records: dict[str, str] = {}
    for name in KEPT_XATTRS:
        try:
            value = os.getxattr(path, name, follow_symlinks=False)
        except OSError:
            continue
        records[f"SCHILY.xattr.{name}"] = value.decode("latin-1")
    return records


def is_opaque(path: Path) -> bool:
    try:
        return os.getxattr(path, OPAQUE_XATTR, follow_symlinks=False) == b"y"
    except OSError:
        return False


def empty_file(arcname: str, mtime: int | None) -> tarfile.TarInfo:
    info = tarfile.TarInfo(arcname)
    info.mode = 0o644
    info.mtime = mtime or 0
    return info


def write_layer(root: Path, out: BinaryIO, mtime: int | None, overlay: bool) -> tuple[int, int]:
    """Write the layer tar of ``root`` to ``out``; return (entries written, entries skipped)."""
    written = skipped = 0
    # PAX with utf-8 and surrogateescape round-trips file names that are not UTF-8.
    with tarfile.open(
        fileobj=out,
        mode="w|",
        format=tarfile.PAX_FORMAT,
        encoding="utf-8",
        errors="surrogateescape",
    ) as tar:
        for path in walk_sorted(root):
            arcname = path.relative_to(root).as_posix()
            st = path.lstat()
            mode = st.st_mode
            if overlay and stat.S_ISCHR(mode) and st.st_rdev == 0:
                parent, _, name = arcname.rpartition("/")
                whiteout = f"{parent}/{WHITEOUT_PREFIX}{name}" if parent else WHITEOUT_PREFIX + name
                tar.addfile(empty_file(whiteout, mtime))
                written += 1
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
                skipped += 1  # device nodes, sockets, FIFOs
                continue
            # gettarinfo tracks inodes of this TarFile: a second link to a regular file
            # becomes a hardlink entry pointing at the first name written.
            info = tar.gettarinfo(str(path), arcname=arcname)
            info.uname = ""
            info.gname = ""
            if mtime is not None:
                info.mtime = mtime
            xattrs = read_xattrs(path)
            if xattrs:
                info.pax_headers = {**info.pax_headers, **xattrs}
            if info.isreg():
                with open(path, "rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)
            written += 1
            if overlay and info.isdir() and is_opaque(path):
                # The directory hides everything below it in the lower layers.
                tar.addfile(empty_file(f"{arcname}/{OPAQUE_MARKER}", mtime))
                written += 1
    return written, skipped


def make_layer(root: Path, layout: Layout, mtime: int | None, overlay: bool) -> str:
    if not root.is_dir():
        raise SystemExit(f"mkimage: {root} is not a directory")
    fd, tmp_name = tempfile.mkstemp(dir=layout.blobs, prefix=".layer-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            hasher = HashingWriter(raw)
            written, skipped = write_layer(root, hasher, mtime, overlay)  # type: ignore[arg-type]
        digest = "sha256:" + hasher.sha256.hexdigest()
        os.replace(tmp, layout.blob_path(digest))
    finally:
        tmp.unlink(missing_ok=True)
    print(
        f"mkimage: layer {root} -> {digest[:19]} ({written} entries, {skipped} skipped, "
        f"{hasher.size / 1e6:.1f} MB)",
        file=sys.stderr,
    )
    return digest


# --- images -----------------------------------------------------------------------------------


@dataclass
class ImageSpec:
    """What goes into the image config besides the layers."""

    tags: list[str]
    layers: list[str]
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    env: list[str] = field(default_factory=list)
    workdir: str = ""
    expose: list[str] = field(default_factory=list)
    user: str = ""
    stop_signal: str = ""
    volumes: list[str] = field(default_factory=list)


def image_config(spec: ImageSpec) -> dict[str, object]:
    """The image configuration (what ``crictl inspecti`` shows)."""
    env = list(spec.env)
    if not any(item.startswith("PATH=") for item in env):
        env.insert(0, DEFAULT_PATH)
    config: dict[str, object] = {"Env": env}
    if spec.entrypoint:
        config["Entrypoint"] = list(spec.entrypoint)
    if spec.cmd:
        config["Cmd"] = list(spec.cmd)
    if spec.workdir:
        config["WorkingDir"] = spec.workdir
    if spec.expose:
        config["ExposedPorts"] = {port: {} for port in sorted(spec.expose)}
    if spec.user:
        config["User"] = spec.user
    if spec.stop_signal:
        config["StopSignal"] = spec.stop_signal
    if spec.volumes:
        config["Volumes"] = {volume: {} for volume in sorted(spec.volumes)}
    return {
        "architecture": "amd64",
        "os": "linux",
        "created": CREATED,
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": list(spec.layers)},
        "history": [
            {"created": CREATED, "created_by": f"mkimage.py layer {i}"}
            for i in range(len(spec.layers))
        ],
    }


def make_image(layout: Layout, spec: ImageSpec) -> str:
    """Write config and manifest blobs, name the manifest by each tag; return its digest."""
    layers = []
    for digest in spec.layers:
        path = layout.blob_path(digest)
        if not path.is_file():
            raise SystemExit(f"mkimage: layer {digest} is not in {layout.root}")
        layers.append({"mediaType": MEDIA_LAYER, "digest": digest, "size": path.stat().st_size})
    config = json.dumps(image_config(spec), sort_keys=True).encode()
    config_digest = layout.put_bytes(config)
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": MEDIA_MANIFEST,
            "config": {"mediaType": MEDIA_CONFIG, "digest": config_digest, "size": len(config)},
            "layers": layers,
        },
        sort_keys=True,
    ).encode()
    manifest_digest = layout.put_bytes(manifest)
    kept = [entry for entry in layout.manifests() if ref_of(entry) not in spec.tags]
    for tag in spec.tags:
        kept.append(
            {
                "mediaType": MEDIA_MANIFEST,
                "digest": manifest_digest,
                "size": len(manifest),
                "annotations": {REF_ANNOTATION: tag},
                "platform": {"architecture": "amd64", "os": "linux"},
            }
        )
    layout.write_index(kept)
    print(f"mkimage: {manifest_digest[:19]} tagged {' '.join(spec.tags)}", file=sys.stderr)
    return manifest_digest


def collect_garbage(layout: Layout) -> int:
    """Delete blobs that no manifest of the index uses; return how many."""
    used: set[str] = set()
    for entry in layout.manifests():
        digest = str(entry["digest"])
        used.add(digest)
        manifest = json.loads(layout.blob_path(digest).read_bytes())
        used.add(manifest["config"]["digest"])
        used.update(layer["digest"] for layer in manifest["layers"])
    removed = 0
    for path in layout.blobs.iterdir():
        if "sha256:" + path.name not in used:
            path.unlink()
            removed += 1
    return removed


# --- command line -----------------------------------------------------------------------------


def normalise_ref(ref: str) -> str:
    """``nginx:1.25`` -> ``docker.io/library/nginx:1.25`` (as containerd names images)."""
    name, _, tag = ref.rpartition(":")
    if not name or "/" in tag:
        name, tag = ref, "latest"
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = f"docker.io/library/{name}"
    elif "." not in first and ":" not in first and first != "localhost":
        name = f"docker.io/{name}"
    return f"{name}:{tag}"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    layer = sub.add_parser("layer", help="pack a directory as a layer blob")
    layer.add_argument("dir", type=Path)
    layer.add_argument("layout", type=Path)
    layer.add_argument("--overlay-upper", action="store_true")
    layer.add_argument("--mtime", type=int, default=None, metavar="EPOCH")
    image = sub.add_parser("image", help="write an image of layers already in the layout")
    image.add_argument("layout", type=Path)
    image.add_argument("--layer", action="append", required=True, dest="layers")
    image.add_argument("--tag", action="append", required=True, dest="tags")
    image.add_argument("--entrypoint", action="append", default=[])
    image.add_argument("--cmd", action="append", default=[])
    image.add_argument("--env", action="append", default=[])
    image.add_argument("--workdir", default="")
    image.add_argument("--expose", action="append", default=[])
    image.add_argument("--user", default="")
    image.add_argument("--stop-signal", default="")
    image.add_argument("--volume", action="append", default=[], dest="volumes")
    gc = sub.add_parser("gc", help="delete unused blobs")
    gc.add_argument("layout", type=Path)
    args = parser.parse_args(argv)
    if args.command == "image":
        for item in args.env:
            if "=" not in item:
                parser.error(f"--env {item!r}: expected K=V")
        for port in args.expose:
            number, _, proto = port.partition("/")
            if not number.isdigit() or proto not in ("", "tcp", "udp"):
                parser.error(f"--expose {port!r}: expected PORT/tcp")
        args.expose = [p if "/" in p else f"{p}/tcp" for p in args.expose]
        args.tags = [normalise_ref(tag) for tag in args.tags]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    layout = Layout(args.layout)
    if args.command == "layer":
        print(make_layer(args.dir, layout, args.mtime, args.overlay_upper))
    elif args.command == "image":
        spec = ImageSpec(
            tags=args.tags,
            layers=args.layers,
            entrypoint=args.entrypoint,
            cmd=args.cmd,
            env=args.env,
            workdir=args.workdir,
            expose=args.expose,
            user=args.user,
            stop_signal=args.stop_signal,
            volumes=args.volumes,
        )
        print(make_image(layout, spec))
    else:
        print(f"mkimage: removed {collect_garbage(layout)} unused blobs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
