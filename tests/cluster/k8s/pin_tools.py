"""Keep Kubernetes' own dependency versions in the module that also builds the lab's tools.

    python3 tests/cluster/k8s/pin_tools.py [RELEASE]          (default: the lab's default release)
    python3 tests/cluster/k8s/pin_tools.py --check [RELEASE]  (change nothing; lib/build.sh runs
                                                               it before it builds a release)

The default release's module (k8s/<release>/go.mod) also requires CoreDNS, crictl and
metrics-server, so that one Go build cache compiles client-go, apiserver and the rest once for
all of them (they share 2 500 of their packages with Kubernetes). Their requirements raise some
modules Kubernetes uses (golang.org/x/net, grpc, prometheus ...): each of those gets a
`replace` back to the version k8s.io/kubernetes' own go.mod names, so the Kubernetes binaries
are built from exactly the sources upstream builds them from; the tools are built against them.

Repeats until Kubernetes' packages use only its own versions (a pin can change what else is
selected), runs `go mod tidy`, and exits 1 if any module still differs. Needs Go and network
access to the module proxy (or the lab's module cache); run it after changing a tool's version
or the default release. With --check it only reports, exit 1 if a pin is missing: the lab's
build then stops rather than build Kubernetes from other sources than upstream's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAB = HERE.parent
EFFECTIVE = ("{{if .Module}}{{.Module.Path}} "
             "{{with .Module.Replace}}{{.Version}}{{else}}{{.Module.Version}}{{end}}{{end}}")


def default_release() -> str:
    text = (LAB / "lab.sh").read_text(encoding="utf-8")
    found = re.search(r"^DEFAULT_VERSION=(\S+)$", text, re.MULTILINE)
    assert found, "DEFAULT_VERSION not found in lab.sh"
    return found.group(1)


def kube_packages() -> list[str]:
    """The Kubernetes main packages the lab builds: lib/build.sh's KUBE_PACKAGES."""
    text = (LAB / "lib" / "build.sh").read_text(encoding="utf-8")
    found = re.search(r"^KUBE_PACKAGES=\(([^)]*)\)$", text, re.MULTILINE)
    assert found, "KUBE_PACKAGES not found in lib/build.sh"
    return [f"k8s.io/kubernetes/{package}" for package in found.group(1).split()]


def go(module: Path, *args: str, edit: bool = True) -> str:
    env = {**os.environ, "GOFLAGS": "-mod=mod" if edit else "-mod=readonly",
           "GOTOOLCHAIN": "local"}
    done = subprocess.run(["go", *args], cwd=module, env=env, text=True,
                          capture_output=True, check=False)
    if done.returncode != 0:
        sys.exit(f"go {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def upstream_versions(module: Path, release: str) -> dict[str, str]:
    """The versions k8s.io/kubernetes' go.mod requires (its k8s.io/* staging ones excepted:
    v0.0.0 there, replaced by their published release in our go.mod)."""
    with tempfile.TemporaryDirectory() as outside:  # not in a module: go.sum stays as it is
        path = go(Path(outside), "mod", "download", "-json", f"k8s.io/kubernetes@{release}")
    gomod = Path(re.search(r'"GoMod":\s*"([^"]+)"', path).group(1))  # type: ignore[union-attr]
    versions = {}
    for line in gomod.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^\s*(?:require\s+)?([\w./-]+)\s+(v\S+)", line)
        if found and found.group(2) != "v0.0.0":
            versions[found.group(1)] = found.group(2)
    return versions


def differing(module: Path, upstream: dict[str, str], edit: bool = True) -> dict[str, str]:
    used = dict(line.split() for line in go(module, "list", "-deps", "-f", EFFECTIVE,
                                           *kube_packages(), edit=edit).split("\n") if line.strip())
    return {path: upstream[path] for path, version in used.items()
            if path in upstream and version != upstream[path]}


def main() -> None:
    args = sys.argv[1:]
    check = args[:1] == ["--check"]
    args = args[1:] if check else args
    release = "v" + (args[0] if args else default_release()).removeprefix("v")
    module = HERE / release
    upstream = upstream_versions(module, release)
    if check:
        wrong = differing(module, upstream, edit=False)
        if wrong:
            sys.exit(f"k8s/{release}/go.mod would build Kubernetes with other versions than "
                     f"k8s.io/kubernetes@{release}'s go.mod names ("
                     + ", ".join(f"{p} should be {v}" for p, v in sorted(wrong.items()))
                     + "): run python3 tests/cluster/k8s/pin_tools.py " + release)
        return
    for _ in range(5):
        wrong = differing(module, upstream)
        if not wrong:
            break
        for path, version in sorted(wrong.items()):
            print(f"pin {path} {version}")
        go(module, "mod", "edit", *[f"-replace={p}={p}@{v}" for p, v in sorted(wrong.items())])
        go(module, "mod", "tidy")
    wrong = differing(module, upstream)
    if wrong:
        sys.exit(f"still different from k8s.io/kubernetes@{release}'s go.mod: {wrong}")
    print(f"k8s/{release}: Kubernetes' packages use the versions of its own go.mod")


if __name__ == "__main__":
    main()
