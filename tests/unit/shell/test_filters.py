"""Host filters run as the real programs of the build machine."""

from __future__ import annotations

import base64
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from sphinx_podlab.shell import filters
from sphinx_podlab.shell.filters import FilterError, check_filter, run_filter

from .bash import bash

PODS = ("NAME                    READY   STATUS    RESTARTS   AGE\n"
        "mysql-0                 1/1     Running   0          5m\n"
        "pma-85cccb9fcf-z8jnm    1/1     Running   0          5m\n"
        "web-5d8f9c7b6-abcde     0/1     Pending   0          1m\n")


def reference(argv: list[str], stdin: str) -> tuple[str, int]:
    """The same filter as a reader's bash runs it over the same input."""
    quoted = " ".join("'" + word.replace("'", "'\\''") + "'" for word in argv)
    data = base64.b64encode(stdin.encode()).decode()
    return bash(f"echo {data} | base64 -d | {quoted}")


@pytest.mark.parametrize("argv", [
    ["grep", "mysql"],
    ["grep", "-v", "Running"],
    ["grep", "-c", "Running"],
    ["grep", "-E", "mysql|pma"],
    ["egrep", "mysql|pma"],
    ["head", "-2"],
    ["head", "-n", "1"],
    ["tail", "-n", "+2"],
    ["wc", "-l"],
    ["sort", "-k2"],
    ["sort", "-r"],
    ["uniq", "-c"],
    ["cut", "-d", " ", "-f1"],
    ["awk", "{print $1}"],
    ["awk", "-F", "/", "NR > 1 {print $2}"],
    ["sed", "-n", "2p"],
    ["sed", "s/Running/OK/"],
    ["tr", "a-z", "A-Z"],
    ["tr", "-s", " "],
    ["column", "-t"],
    ["cat", "-n"],
    ["grep", "nothing-matches"],
])
def test_a_filter_prints_what_the_readers_shell_prints(argv: list[str]) -> None:
    result = run_filter(argv, PODS)
    assert (result.stdout, result.exit_code) == reference(argv, PODS)


def test_grep_without_a_match_exits_1() -> None:
    assert run_filter(["grep", "nothing"], PODS).exit_code == 1


def test_jq_and_base64_over_json() -> None:
    document = json.dumps({"items": [{"metadata": {"name": "mysql-0"}},
                                     {"metadata": {"name": "pma"}}]})
    names = run_filter(["jq", "-r", ".items[].metadata.name"], document)
    assert names.stdout == "mysql-0\npma\n"
    assert run_filter(["jq", ".items | length"], document).stdout == "2\n"
    secret = base64.b64encode(b"s3cr3t").decode()
    assert run_filter(["base64", "-d"], secret).stdout == "s3cr3t"
    assert run_filter(["base64"], "s3cr3t").stdout == secret + "\n"


def test_a_filters_stderr_is_kept() -> None:
    result = run_filter(["jq", "."], "{not json")
    assert result.exit_code != 0
    assert "parse error" in result.stderr
    assert result.stdout == ""


def test_messages_name_the_program_as_typed() -> None:
    result = run_filter(["sed", "s/a"], "a\n")
    assert result.stderr.startswith("sed: ")
    assert run_filter(["awk", "{"], "a\n").stderr.startswith("awk: ")


def test_awk_and_sed_cannot_run_commands_or_write_files(tmp_path: object) -> None:
    system = run_filter(["awk", 'BEGIN { system("echo ran") }'], "")
    assert "ran" not in system.stdout
    assert "sandbox" in system.stderr
    written = run_filter(["awk", '{ print > "out" }'], "a\n")
    assert written.exit_code != 0 and "sandbox" in written.stderr
    for script in ("e echo ran", "w out", "r /etc/passwd"):
        result = run_filter(["sed", script], "a\n")
        assert result.exit_code != 0, script
        assert "sandbox" in result.stderr


def test_the_environment_is_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREP_COLORS", "mt=01;31")
    monkeypatch.setenv("SECRET", "x")
    result = run_filter(["awk", 'BEGIN { for (k in ENVIRON) print k "=" ENVIRON[k] }'], "")
    lines = set(result.stdout.split())
    assert "LC_ALL=C.UTF-8" in lines
    assert not any(line.startswith(("SECRET=", "GREP_COLORS=")) for line in lines)


def test_a_filter_that_does_not_finish_is_stopped() -> None:
    with pytest.raises(FilterError, match=re.escape("did not finish within 0.5 s")):
        run_filter(["awk", "BEGIN { while (1) {} }"], "", timeout=0.5)


def test_a_missing_program_names_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(filters.FILTERS, "jq",
                        replace(filters.FILTERS["jq"], program="jq-not-installed-here"))
    with pytest.raises(FilterError, match="apt-get install jq"):
        run_filter(["jq", "."], "{}")


@pytest.mark.parametrize(("argv", "message", "argument"), [
    (["grep", "x", "pods.txt"], "would read the file 'pods.txt'", 2),
    (["grep", "-e", "x", "pods.txt"], "would read the file 'pods.txt'", 3),
    (["grep", "-f", "patterns"], "'grep -f' reads files", 1),
    (["grep", "-rn", "x"], "'grep -r' reads files", 1),
    (["sed", "-i", "s/a/b/"], "'sed -i' edits files in place", 1),
    (["sed", "-ni", "p"], "'sed -i' edits files in place", 1),
    (["sed", "--in-place=.bak", "s/a/b/"], "'sed --in-place' edits files in place", 1),
    (["sort", "-o", "out"], "'sort -o' writes a file", 1),
    (["sort", "--compress-program=gzip"], "'sort --compress-program' runs a command", 1),
    (["awk", "-f", "prog.awk"], "'awk -f' reads files", 1),
    (["awk", "{print}", "pods.txt"], "would read the file 'pods.txt'", 2),
    (["jq", ".", "pods.json"], "would read the file 'pods.json'", 2),
    (["jq", "--rawfile", "a", "f", "."], "'jq --rawfile' reads files", 1),
    (["jq", "-C", "."], "without colors", 1),
    (["grep", "--color=always", "x"], "write --color=never", 1),
    (["tail", "-f"], "waits for more input forever", 1),
    (["cat", "pods.txt"], "would read the file 'pods.txt'", 1),
    (["uniq", "in", "out"], "would read the file 'in'", 1),
    (["tr", "a", "b", "file"], "would read the file 'file'", 3),
    (["grep"], "needs its pattern", 0),
    (["awk"], "needs its program", 0),
    (["grep", "--only", "x"], "option '--only' of grep is not supported", 1),
    (["head", "-n"], "'head -n' needs a value", 1),
])
def test_what_a_filter_may_not_do(argv: list[str], message: str, argument: int) -> None:
    with pytest.raises(FilterError, match=re.escape(message)) as caught:
        check_filter(argv)
    assert caught.value.argument == argument


@pytest.mark.parametrize("argv", [
    ["grep", "-i", "-e", "a", "-e", "b"], ["grep", "x", "-"], ["cat"], ["cat", "-"],
    ["head", "-5"], ["sort", "-t:", "-k2,2n"], ["cut", "-c1-3"], ["sed", "-ne", "s/a/b/p"],
    ["grep", "--color=never", "x"], ["jq"], ["tr", "-d", "\n"], ["wc"],
])
def test_what_a_filter_may_do(argv: list[str]) -> None:
    check_filter(argv)


def test_every_filter_program_is_installed() -> None:
    missing = [spec.package for spec in filters.FILTERS.values()
               if shutil.which(spec.program, path=filters.FILTER_PATH) is None]
    assert missing == []


def test_a_program_that_cannot_start_is_a_filter_error(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "jq"
    broken.write_text("not a program")
    broken.chmod(0o755)
    monkeypatch.setattr(filters, "FILTER_PATH", str(tmp_path))
    with pytest.raises(FilterError, match="'jq' could not start: Exec format error"):
        run_filter(["jq", "."], "{}")
