"""``kubectl config ...`` on a kubeconfig with fake secrets of every kind (tokens, passwords,
client keys and certificates, exec plugins, several contexts), against the lab's kubectl.

podlab's session runs on the lab, but its ``config`` commands read the fake file. Real
kubectl reads the reader's copy of it: podlab's context current, the page's namespace set.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from e2e.compare import KUBECTL
from kubeconfig_secrets import secrets

from sphinx_podlab.execute.cluster import Cluster
from sphinx_podlab.execute.kubeconfig import KubeconfigSource
from sphinx_podlab.execute.session import KubectlSession
from sphinx_podlab.verbs.registry import parse_kubectl

from .conftest import STEP_TIMEOUT

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[2]
FAKE = REPO / "tests/unit/fixtures/kubeconfig/secrets.yml"
LINES = ("kubectl config view", "kubectl config view -o json", "kubectl config view --minify",
         "kubectl config current-context", "kubectl config get-contexts",
         "kubectl config get-contexts dev prod", "kubectl config get-contexts nosuch dev",
         "kubectl config get-contexts -o name", "kubectl config get-users")


def _readers_copy(context: str, namespace: str) -> str:
    config = yaml.safe_load(FAKE.read_text(encoding="utf-8"))
    config["current-context"] = context
    for entry in config["contexts"]:
        if entry["name"] == context:
            entry["context"]["namespace"] = namespace
    return str(yaml.safe_dump(config))


@pytest.fixture(scope="module")
def cluster(lab_kubeconfig: str) -> Iterator[Cluster]:
    connected = Cluster.connect(None, lab_kubeconfig)
    try:
        yield connected
    finally:
        connected.close()


@pytest.mark.parametrize("context", [None, "prod", "carol"])
@pytest.mark.parametrize("line", LINES)
def test_fake_kubeconfig_as_kubectl_prints_it(cluster: Cluster, line: str,
                                              context: str | None, tmp_path: Path) -> None:
    if not KUBECTL.is_file():
        pytest.fail(f"no lab kubectl at {KUBECTL}")
    cluster.kubeconfig = KubeconfigSource((FAKE,), context)
    session = KubectlSession(cluster, "page-ns", Path, lambda _text: None, 34)
    argv = tuple(line.split())
    ours = session.run(parse_kubectl(argv), argv, STEP_TIMEOUT)
    readers = tmp_path / "kubeconfig"
    readers.write_text(_readers_copy(context or "dev", "page-ns"))
    real = subprocess.run([str(KUBECTL), "--kubeconfig", str(readers), *argv[1:]],
                          capture_output=True, text=True, timeout=30, check=False)
    assert (ours.stdout, ours.stderr, ours.exit_code) == (real.stdout, real.stderr,
                                                          real.returncode)
    for secret in secrets(FAKE):
        assert secret not in ours.stdout + ours.stderr
