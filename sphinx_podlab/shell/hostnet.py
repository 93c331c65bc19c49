"""Host ``curl`` and ``wget`` against the page's own port-forwards, run for real.

A textbook forwards a port and then asks it: ``kubectl port-forward svc/web 8080:80`` and
``curl -s localhost:8080``. Only such lines run: every URL must name ``localhost``,
``127.0.0.1`` or ``[::1]`` with a port that a ``port-forward`` of the page forwards when
the line runs, and only options whose output does not depend on the build machine are
accepted (no files written, no ``-v``). The program connects to the forward's real
ephemeral port (execute/forwards.py) while the URL, the Host header and everything it
prints keep the page's port: curl through ``--connect-to``, wget (``-q`` only: its progress
lines would name the real connection) through ``http_proxy``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model.messages import msg
from .filters import FILTER_PATH, FilterError

PROGRAMS = ("curl", "wget")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
URL = re.compile(r"^(?:http://)?(localhost|127\.0\.0\.1|\[::1\]):(\d{1,5})(/.*)?$")
# curl's flags that print nothing of the build machine: one-letter ones combine (-sSL)
CURL_LETTERS = set("sSiILfk")
CURL_BOOLEANS = {"--silent", "--show-error", "--include", "--head", "--location", "--fail",
                 "--compressed", "--no-progress-meter", "--insecure"}
CURL_VALUES = {"-H", "--header", "-X", "--request", "-d", "--data", "--data-raw", "-w",
               "--write-out", "-m", "--max-time", "-u", "--user", "-A", "--user-agent",
               "-o", "--output", "-b", "--cookie"}
WGET_BOOLEANS = {"-q", "--quiet", "-S", "--server-response"}
WGET_OUTPUT = {"-O", "--output-document"}

Forwarded = Callable[[int], int | None]  # the page's port → the real port, or None


@dataclass(frozen=True)
class HostRun:
    argv: tuple[str, ...]
    stdout: str
    stderr: str
    exit_code: int


def urls(argv: Sequence[str]) -> list[tuple[int, str]]:
    """(index, word) of every URL argument, after the flags are checked."""
    found: list[tuple[int, str]] = []
    index = 1
    values = CURL_VALUES if argv[0] == "curl" else WGET_OUTPUT | {"-T", "--timeout"}
    while index < len(argv):
        word = argv[index]
        if word in values:
            index += 2
            continue
        if not word.startswith("-") or word == "-":
            found.append((index, word))
        index += 1
    return found


def check_host_command(argv: Sequence[str]) -> None:
    """FilterError (with the word to blame) for what podlab does not run."""
    program = argv[0]
    index = 1
    quiet = False
    while index < len(argv):
        word = argv[index]
        if program == "curl":
            if word in CURL_VALUES:
                if index + 1 >= len(argv):
                    raise FilterError(msg("%(program)s %(flag)s needs a value", program="curl",
                                          flag=word), index)
                if word in ("-o", "--output") and argv[index + 1] != "/dev/null":
                    raise FilterError(msg("curl -o writes a file: the page shows the output "
                                          "(-o /dev/null is fine)"), index)
                index += 2
                continue
            if word.startswith("--") and word not in CURL_BOOLEANS:
                raise FilterError(msg("%(program)s %(flag)s is not supported here (podlab runs it "
                                      "with %(known)s)", program="curl", flag=word,
                                      known=", ".join(sorted(CURL_BOOLEANS | CURL_VALUES))),
                                  index)
            if word.startswith("-") and not word.startswith("--") and len(word) > 1 and \
                    not set(word[1:]) <= CURL_LETTERS:
                raise FilterError(msg("%(program)s %(flag)s is not supported here (podlab runs it "
                                      "with %(known)s)", program="curl", flag=word,
                                      known="-" + "".join(sorted(CURL_LETTERS))), index)
        else:
            if word in WGET_OUTPUT or word in ("-T", "--timeout"):
                if index + 1 >= len(argv):
                    raise FilterError(msg("%(program)s %(flag)s needs a value", program="wget",
                                          flag=word), index)
                if word in WGET_OUTPUT and argv[index + 1] != "-":
                    raise FilterError(msg("wget -O FILE writes a file: write -qO- URL"), index)
                index += 2
                continue
            if word in ("-qO-", "-qO", "-O-"):
                quiet = quiet or word.startswith("-q")
                if word == "-qO":
                    if index + 1 >= len(argv) or argv[index + 1] != "-":
                        raise FilterError(msg("wget -O FILE writes a file: write -qO- URL"), index)
                    index += 1
                index += 1
                continue
            if word.startswith("-") and word not in WGET_BOOLEANS:
                raise FilterError(msg("%(program)s %(flag)s is not supported here (podlab runs it "
                                      "with %(known)s)", program="wget", flag=word,
                                      known="-q, -O -, -S, -T"), index)
            quiet = quiet or word in ("-q", "--quiet")
        index += 1
    if program == "wget":
        if not quiet:
            raise FilterError(msg("podlab runs wget only with -q: its progress lines would name "
                                  "the build machine's connection"), 0)
        if not any(w in ("-qO-", "-O-") or w in WGET_OUTPUT or w == "-qO" for w in argv):
            raise FilterError(msg("wget without -O - writes a file: write -qO- URL"), 0)
    found = urls(argv)
    if not found:
        raise FilterError(msg("%(program)s needs a URL of the page's port-forward "
                              "(http://localhost:PORT/...)", program=program), 0)
    for position, word in found:
        if URL.match(word) is None:
            raise FilterError(msg("%(program)s may only ask the page's own port-forwards "
                                  "(http://localhost:PORT/...), not %(url)r", program=program,
                                  url=word), position)


def run_host_command(argv: Sequence[str], forwarded: Forwarded,
                     timeout: float) -> HostRun:
    """Run the checked command against the page's forwards; FilterError when it cannot."""
    check_host_command(argv)
    program = argv[0]
    executable = shutil.which(program, path=FILTER_PATH)
    if executable is None:
        raise FilterError(msg("'%(program)s' is not installed on the build machine: "
                              "apt-get install %(program)s", program=program), 0)
    real_ports: dict[int, int] = {}
    for position, word in urls(argv):
        match = URL.match(word)
        assert match is not None
        port = int(match.group(2))
        real = forwarded(port)
        if real is None:
            raise FilterError(msg("no port-forward of this page serves port %(port)s now (start "
                                  "one before: kubectl port-forward TYPE/NAME %(port)s:PORT)",
                                  port=port), position)
        real_ports[port] = real
    with tempfile.TemporaryDirectory(prefix="podlab-host-") as empty:
        environment = {"LC_ALL": "C.UTF-8", "PATH": FILTER_PATH, "HOME": empty}
        if program == "curl":
            extra = ["--no-progress-meter", "--max-time", f"{max(1, int(timeout))}"]
            for port, real in real_ports.items():
                for host in ("localhost", "127.0.0.1"):
                    extra += ["--connect-to", f"{host}:{port}:127.0.0.1:{real}"]
            command = [program, *extra, *argv[1:]]
        else:
            (port, real), *others = real_ports.items()
            if others:
                raise FilterError(msg("podlab runs wget with one forwarded port at a time"), 0)
            environment |= {"http_proxy": f"http://127.0.0.1:{real}", "no_proxy": ""}
            command = [program, "-T", f"{max(1, int(timeout))}", *argv[1:]]
        try:
            done = subprocess.run(command, executable=executable, capture_output=True,
                                  cwd=empty, env=environment, timeout=timeout + 5,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise FilterError(msg("'%(program)s' did not finish within %(seconds)s s",
                                  program=program, seconds=f"{timeout:g}"), 0) from None
        except OSError as error:
            raise FilterError(msg("'%(program)s' could not start: %(error)s", program=program,
                                  error=error.strerror), 0) from None
    status = done.returncode if done.returncode >= 0 else 128 - done.returncode
    return HostRun(tuple(argv), done.stdout.decode(errors="replace"),
                   done.stderr.decode(errors="replace"), status)

