"""podlab against real kubectl: run the lab's kubectl, mask what differs between runs, read tables.

Shared by the live execute tests (tests/e2e/test_execute_live.py) and the conformance suite
(tests/conformance/). Masks replace a value by its shape (``10.1.0.7`` → ``IP``) only where
the value matches that shape, so a wrong value of the right shape is the only thing they hide.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import tempfile
import termios
import threading
from collections.abc import Sequence
from pathlib import Path

import yaml

from sphinx_podlab.execute.tables import tabwrite
from sphinx_podlab.model.results import CommandResult


def _lab_kubectl() -> Path:
    """The real kubectl of the release the lab runs (lab.sh keeps it in its state dir)."""
    state = Path(os.environ.get("PODLAB_LAB_STATE", "/var/lib/podlab-lab"))
    release = state / "release"
    version = release.read_text(encoding="utf-8").strip() if release.is_file() else "v1.34.9"
    cache = Path(os.environ.get("PODLAB_LAB_CACHE", Path.home() / ".cache/podlab-lab"))
    return cache / version / "bin/kubectl"


KUBECTL = Path(os.environ.get("PODLAB_LAB_KUBECTL") or _lab_kubectl())
TERMINAL_ROWS, TERMINAL_COLUMNS = 24, 80  # what podlab tells the API server it has

# pod-template-hash and generated pod names use rand.SafeEncodeString's alphabet
_SAFE = "[bcdfghjklmnpqrstvwxz2456789]"
_GENERATED = re.compile(rf"\b(pma|pick|web)-({_SAFE}{{8,10}})(-{_SAFE}{{5}})?\b")

MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b10\.1\.\d+\.\d+\b"), "IP"),  # pod IPs (the lab's pod CIDR)
    (re.compile(r"\b10\.0\.\d+\.\d+\b"), "CLUSTER-IP"),  # service IPs
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "UID"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"), "TIME"),
    # Go's time.Time.String() ("Created on:" of describe netpol)
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} [A-Z]+"), "TIME"),
    (re.compile(r'(resourceVersion"?:\s*)"\d+"'), r'\1"RV"'),
    (re.compile(r"kube-api-access-[0-9a-z]{5}"), "kube-api-access-X"),
    (re.compile(r"containerd://[0-9a-f]{64}"), "containerd://ID"),
    (re.compile(r'exec (\\?")[0-9a-f]{64}\\?"'), r"exec \1ID\1"),
)


def mask(text: str, *namespaces: str) -> str:
    """``text`` with the values that differ between two runs replaced by their shape."""
    for namespace in namespaces:
        text = text.replace(namespace, "NAMESPACE")
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return _GENERATED.sub(
        lambda m: m.group(1) + "-HASH" + ("-POD" if m.group(3) else ""), text)


AGE = re.compile(r"^(\d+[smhdy])+$|^<unknown>$|^<invalid>$")
RESTARTS_AGO = re.compile(r"^(\d+) \((\d+[smhdy])+ ago\)$")


def mask_age(cell: str) -> str:
    """A table cell with a duration (AGE, ``1 (5s ago)``) reduced to its shape."""
    if AGE.match(cell):
        return "AGE"
    match = RESTARTS_AGO.match(cell)
    return f"{match.group(1)} (AGE ago)" if match else cell


def cells(text: str) -> list[list[str]]:
    """A kubectl table as rows of cells, split at the header's column offsets."""
    lines = text.splitlines()
    if not lines:
        return []
    header = lines[0]
    starts = [0] + [m.end() for m in re.finditer(r" {2,}", header)]
    rows = []
    for line in lines:
        row = []
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(line)
            assert line[start - 1:start] in ("", " "), f"misaligned line: {line!r}"
            row.append(line[start:end].strip())
        rows.append(row)
    return rows


def aligned(text: str) -> bool:
    """Whether ``text`` is exactly kubectl's tabwriter layout of its own cells."""
    rows = cells(text)
    return tabwrite("".join("\t".join(row) + "\n" for row in rows)) == text


def kubeconfig_in(kubeconfig: str, namespace: str) -> str:
    """A copy of ``kubeconfig`` whose current context's namespace is ``namespace``."""
    path = Path(tempfile.gettempdir()) / f"podlab-kubeconfig-{os.getpid()}-{namespace}"
    if not path.exists():
        config = yaml.safe_load(Path(kubeconfig).read_text())
        current = config.get("current-context")
        for entry in config.get("contexts") or []:
            if entry.get("name") == current:
                entry["context"]["namespace"] = namespace
        path.write_text(yaml.safe_dump(config))
        path.chmod(0o600)
    return str(path)


def run_kubectl(kubeconfig: str, argv: Sequence[str], namespace: str | None, cwd: Path,
                timeout: float, terminal: bool = False) -> CommandResult:
    """Real kubectl: ``argv`` without the leading ``kubectl``, in ``namespace`` as a reader's
    context sets it (not ``-n``, which kubectl treats as enforced: ``create --dry-run``
    then writes it into the object).

    ``terminal``: stdin and stdout are a pseudo-terminal (as in a reader's shell, so ``-it``
    gets a TTY); the output is what the terminal shows (CR LF → LF), stderr stays apart.
    """
    if namespace is not None:
        kubeconfig = kubeconfig_in(kubeconfig, namespace)
    command = [str(KUBECTL), "--kubeconfig", kubeconfig, *argv]
    shown = ("kubectl", *argv)
    if not terminal:
        proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        return CommandResult(shown, proc.stdout, proc.stderr, proc.returncode, 0.0)
    stdout, stderr, code = _run_in_terminal(command, cwd, timeout)
    return CommandResult(shown, stdout.replace("\r\n", "\n"), stderr, code, 0.0)


def _run_in_terminal(command: list[str], cwd: Path, timeout: float) -> tuple[str, str, int]:
    main, secondary = pty.openpty()
    termios.tcsetwinsize(secondary, (TERMINAL_ROWS, TERMINAL_COLUMNS))
    proc = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=subprocess.PIPE,
                            cwd=cwd, start_new_session=True)
    os.close(secondary)
    chunks: list[bytes] = []

    def pump() -> None:
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO once the last writer has gone
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        _, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(5)
        os.close(main)
    return b"".join(chunks).decode("utf-8", "replace"), err.decode("utf-8", "replace"), \
        proc.returncode
