"""Shell lines on the lab: podlab's shell over its kubectl, against bash over real kubectl.

Each line runs twice: as a page's live run runs it (``scenario/shell_line.py``) in one
namespace, and through bash with the lab's kubectl binary (namespace set by a wrapper on
PATH) in another. The terminal text (masked: namespaces, IPs, generated names) and the exit
status must be the same.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinx_podlab.model.results import CommandResult
from sphinx_podlab.render.console import output_text
from sphinx_podlab.scenario.shell_line import run_shell_line
from sphinx_podlab.shell.commands import check_script, record_argv
from sphinx_podlab.shell.syntax import parse_script
from sphinx_podlab.shell.variables import Variables, check_variables_set

from .compare import KUBECTL, mask
from .test_execute_live import STEP_TIMEOUT, Pair
from .test_execute_live import pair as pair  # the fixture

pytestmark = pytest.mark.live
_MARK = "--podlab-values--"


class Shells:
    """The same page of lines in podlab's shell and in bash, variables kept across lines."""

    def __init__(self, pair: Pair, bin_dir: Path) -> None:
        self.pair = pair
        self.bin_dir = bin_dir
        self.variables = Variables()
        self.known: set[str] = set()
        self.bash_values: dict[str, str] = {}  # bash's own: its pods' names differ

    def ours(self, text: str) -> CommandResult:
        """The line as a page's live run runs it (scenario/shell_line.py)."""
        script = parse_script(text, column_base=3)
        check_script(script)
        check_variables_set(script, self.known)
        return run_shell_line(self.pair.session, script, record_argv(script), self.variables,
                              STEP_TIMEOUT)

    def real(self, text: str, names: list[str]) -> tuple[str, int]:
        """bash sets its own earlier values again, runs the line, then prints ``names``."""
        setup = "".join(f"{name}={_quote(value)}\n" for name, value in self.bash_values.items())
        show = "".join(f' "${name}"' for name in names)
        script = (f"{setup}{text}\nstatus=$?\nprintf '%s\\0' {_MARK}{show}\nexit $status\n")
        done = subprocess.run(
            ["bash", "--norc", "--noprofile", "-c", script], capture_output=True,
            text=True, timeout=STEP_TIMEOUT, check=False, cwd=self.bin_dir,
            env={"PATH": f"{self.bin_dir}:/usr/bin:/bin", "LC_ALL": "C.UTF-8",
                 "HOME": str(self.bin_dir)})
        stdout, _, values = done.stdout.partition(_MARK + "\0")
        self.bash_values.update(zip(names, values.split("\0"), strict=False))
        return stdout + done.stderr, done.returncode

    def same(self, text: str) -> CommandResult:
        ours = self.ours(text)
        real_output, real_status = self.real(text, [name for name, _ in ours.assigned])
        assert mask(ours.stdout + ours.stderr, self.pair.ours_ns) == \
            mask(real_output, self.pair.real_ns), text
        assert ours.exit_code == real_status, text
        return ours


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


@pytest.fixture
def shells(pair: Pair, tmp_path: Path) -> Iterator[Shells]:
    wrapper = tmp_path / "kubectl"
    wrapper.write_text(f'#!/bin/sh\nexec {KUBECTL} --kubeconfig {pair.kubeconfig} '
                       f'-n {pair.real_ns} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    for manifest in ("ss-mysql.yml", "deploy-pma.yml"):
        assert pair.ours(f"kubectl apply -f {manifest}").exit_code == 0
        assert pair.real(f"kubectl apply -f {manifest}").exit_code == 0
    for target in ("statefulset/mysql", "deployment/pma"):
        done = pair.real(f"kubectl rollout status {target} --timeout=150s")
        assert done.exit_code == 0, done.stderr
    yield Shells(pair, tmp_path)


def test_pipelines_lists_and_variables_as_bash_runs_them(shells: Shells) -> None:
    assert os.access(shells.bin_dir / "kubectl", os.X_OK)
    grep = shells.same("kubectl get pods -o name | grep mysql")
    assert output_text(grep) == "pod/mysql-0"
    shells.same("kubectl get pods -o name | sort | wc -l")
    shells.same("kubectl get pods -o name | grep nothing")  # exit 1: grep's
    shells.same("kubectl get pods -o name | grep nothing || echo no such pod")
    shells.same("kubectl get pod nope | wc -l")  # kubectl's stderr, wc's 0, status 0
    shells.same("kubectl get pod nope && echo found; echo after")
    shells.same("kubectl get pods -o json | jq -r '.items[].metadata.name' | sort")
    shells.same("kubectl exec mysql-0 -- printenv | grep -c '^MYSQL_'")
    shells.same("kubectl exec mysql-0 -- sh -c 'printenv | grep -c ^MYSQL_'")
    shells.same("kubectl get statefulset mysql -o json | jq .spec.replicas | tr -d '\\n' | "
                "wc -c")
    line = shells.same("POD=$(kubectl get pods -l app=pma -o name)")
    assert line.assigned[0][1].startswith("pod/pma-")
    shells.same('echo "$POD" | cut -d- -f1')
    shells.same("kubectl get $POD -o name")
    shells.same('kubectl get "$POD" -o json | jq -r .metadata.labels.app')
    shells.same('echo "pods: $(kubectl get pods -o name | wc -l)"')
    shells.same("PMA=$(kubectl get pods -l app=pma -o jsonpath='{.items[0].metadata.name}')")
    shells.same('kubectl get pod "$PMA" -o jsonpath=\'{.metadata.labels.app}\' | wc -c')
    shells.same("kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'"
                " | sort | head -1")
    shells.same("kubectl get pod $PMA -o name && kubectl get pod nope || echo gone")
