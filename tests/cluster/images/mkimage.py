#!/usr/bin/env python3
"""Turn a root file system directory into a docker-archive image tar.

The result is what ``docker save`` writes for a one-layer image (``manifest.json``, the
image config JSON and one uncompressed layer tar) and is importable with
``ctr -n k8s.io images import OUT_TAR`` (containerd 1.6).  Pure standard library.

Usage::

    mkimage.py ROOTFS_DIR IMAGE_REF OUT_TAR --entrypoint ARG [--entrypoint ARG ...]
               [--cmd ARG ...] [--env K=V ...] [--workdir DIR] [--expose PORT/tcp]
               [--mtime EPOCH]

The layer keeps file modes, numeric ownership, symlinks, hardlinks and the
``security.capability`` extended attribute; device nodes, sockets and FIFOs are skipped.
Entries are sorted, names and owner names are normalised, so two runs over the same tree
give the same layer (with ``--mtime`` also independent of file times).
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
#: Time stamp of the entries of the outer archive and of the config's ``created``.
EPOCH_ZERO = 0
#: Extended attributes copied into the layer (PAX ``SCHILY.xattr.*`` records).
KEPT_XATTRS = ("security.capability",)


@dataclass
class ImageSpec:
    """What goes into the image config besides the layer."""

    ref: str
    entrypoint: list[str]
    cmd: list[str] = field(default_factory=list)
    env: list[str] = field(default_factory=list)
    workdir: str = ""
    expose: list[str] = field(default_factory=list)


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


def walk_sorted(root: Path) -> Iterator[Path]:
    """Yield every path below ``root`` (not ``root`` itself), parents first, sorted by name.

    Like ``tar --one-file-system``: a directory on another file system (a mount point such
    as a forgotten ``/proc`` bind) is yielded but not entered.
    """
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


def write_layer(rootfs: Path, out: BinaryIO, mtime: int | None) -> tuple[int, int]:
    """Write the layer tar of ``rootfs`` to ``out``; return (entries written, entries skipped)."""
    written = skipped = 0
    # encoding latin-1 + surrogateescape would mangle non-UTF-8 names; PAX with utf-8 and
    # surrogateescape round-trips arbitrary bytes.
    with tarfile.open(
        fileobj=out,
        mode="w|",
        format=tarfile.PAX_FORMAT,
        encoding="utf-8",
        errors="surrogateescape",
    ) as tar:
        for path in walk_sorted(rootfs):
            arcname = path.relative_to(rootfs).as_posix()
            st = path.lstat()
            mode = st.st_mode
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
    return written, skipped


def image_config(spec: ImageSpec, diff_id: str, created: str) -> dict[str, object]:
    """The image configuration (the JSON ``docker inspect`` shows) for one layer."""
    env = list(spec.env)
    if not any(item.startswith("PATH=") for item in env):
        env.insert(0, DEFAULT_PATH)
    container_config: dict[str, object] = {"Env": env, "Entrypoint": list(spec.entrypoint)}
    if spec.cmd:
        container_config["Cmd"] = list(spec.cmd)
    if spec.workdir:
        container_config["WorkingDir"] = spec.workdir
    if spec.expose:
        container_config["ExposedPorts"] = {port: {} for port in sorted(spec.expose)}
    return {
        "architecture": "amd64",
        "os": "linux",
        "created": created,
        "config": container_config,
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": created, "created_by": f"mkimage.py {spec.ref}"}],
    }


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    info.mtime = EPOCH_ZERO
    tar.addfile(info, io.BytesIO(data))


def add_dir(tar: tarfile.TarFile, name: str) -> None:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    info.mtime = EPOCH_ZERO
    tar.addfile(info)


def build(rootfs: Path, out_tar: Path, spec: ImageSpec, mtime: int | None) -> str:
    """Write the docker-archive of ``rootfs`` to ``out_tar``; return the config digest."""
    if not rootfs.is_dir():
        raise SystemExit(f"mkimage: {rootfs} is not a directory")
    out_tar.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_tar.parent, prefix=".mkimage-") as tmp:
        layer_path = Path(tmp) / "layer.tar"
        with open(layer_path, "wb") as raw:
            hasher = HashingWriter(raw)
            written, skipped = write_layer(rootfs, hasher, mtime)  # type: ignore[arg-type]
        layer_hex = hasher.sha256.hexdigest()
        diff_id = f"sha256:{layer_hex}"
        created = "1970-01-01T00:00:00Z" if mtime is None else _iso(mtime)
        config = json.dumps(image_config(spec, diff_id, created), sort_keys=True).encode()
        config_hex = hashlib.sha256(config).hexdigest()
        manifest = [
            {
                "Config": f"{config_hex}.json",
                "RepoTags": [spec.ref],
                "Layers": [f"{layer_hex}/layer.tar"],
            }
        ]
        partial = out_tar.with_name(out_tar.name + ".partial")
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            add_bytes(tar, f"{config_hex}.json", config)
            add_dir(tar, f"{layer_hex}/")
            add_bytes(tar, f"{layer_hex}/VERSION", b"1.0")
            layer_info = tarfile.TarInfo(f"{layer_hex}/layer.tar")
            layer_info.size = hasher.size
            layer_info.mode = 0o644
            layer_info.mtime = EPOCH_ZERO
            with open(layer_path, "rb") as handle:
                tar.addfile(layer_info, handle)
            add_bytes(tar, "manifest.json", json.dumps(manifest).encode())
        os.replace(partial, out_tar)
    print(
        f"mkimage: {spec.ref} -> {out_tar} ({written} entries, {skipped} skipped, "
        f"layer {hasher.size / 1e6:.1f} MB, {diff_id[:19]})",
        file=sys.stderr,
    )
    return f"sha256:{config_hex}"


def _iso(epoch: int) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rootfs", type=Path, metavar="ROOTFS_DIR")
    parser.add_argument("ref", metavar="IMAGE_REF", help="e.g. docker.io/library/mysql:8.0")
    parser.add_argument("out", type=Path, metavar="OUT_TAR")
    parser.add_argument("--entrypoint", action="append", required=True, metavar="ARG")
    parser.add_argument("--cmd", action="append", default=[], metavar="ARG")
    parser.add_argument("--env", action="append", default=[], metavar="K=V")
    parser.add_argument("--workdir", default="", metavar="DIR")
    parser.add_argument("--expose", action="append", default=[], metavar="PORT/tcp")
    parser.add_argument(
        "--mtime", type=int, default=None, metavar="EPOCH",
        help="set every layer entry's mtime (default: keep the files' times)",
    )
    args = parser.parse_args(argv)
    for item in args.env:
        if "=" not in item:
            parser.error(f"--env {item!r}: expected K=V")
    for port in args.expose:
        number, _, proto = port.partition("/")
        if not number.isdigit() or proto not in ("", "tcp", "udp"):
            parser.error(f"--expose {port!r}: expected PORT/tcp")
    args.expose = [p if "/" in p else f"{p}/tcp" for p in args.expose]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spec = ImageSpec(
        ref=args.ref,
        entrypoint=args.entrypoint,
        cmd=args.cmd,
        env=args.env,
        workdir=args.workdir,
        expose=args.expose,
    )
    build(args.rootfs, args.out, spec, args.mtime)
    return 0


if __name__ == "__main__":
    sys.exit(main())
