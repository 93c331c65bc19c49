"""Host filters after a ``|``: the real programs of the build machine, over the stage's stdout.

A filter only reads its stdin and writes its stdout and stderr. That decides what is
allowed:

- The programs: ``grep egrep fgrep head tail wc sort uniq cut awk sed tr jq base64 column
  cat``. ``cat`` only as a filter (no file arguments). ``xargs``, ``tee``, ``sh`` and other
  programs are refused: they run commands or write files.
- Their options: each program lists the options podlab lets through (GNU spellings, long
  options in full); any other option is refused, so nothing that reads or writes a file or
  runs a command slips in. Options that do so are refused with their reason: ``sed -i``,
  ``sort -o``, ``sort --compress-program``, ``grep -f``/``-r``, ``jq --rawfile``, ``tail -f``...
- Operands: the ones a program takes as text (grep's pattern, sed's script, awk's program,
  jq's filter, tr's sets) are allowed; one more operand would be a file: refused.
- ``sed`` runs with ``--sandbox`` (its ``e``, ``r`` and ``w`` commands are refused by sed) and
  ``awk`` is GNU awk with ``--sandbox`` (no ``system()``, no ``getline < file``, no ``print >
  file`` or ``| cmd``): their scripts cannot run commands or touch files either.

Each run has a fixed environment (``LC_ALL=C.UTF-8``, a fixed ``PATH``, ``HOME`` the empty
temporary directory it runs in), no shell, and a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..model.messages import Message, msg

FILTER_PATH = "/usr/bin:/bin"
DEFAULT_TIMEOUT = 10.0


class FilterError(ValueError):
    """A filter that cannot run as written. ``argument`` indexes the argv word to blame."""

    def __init__(self, message: Message, argument: int = 0) -> None:
        super().__init__(str(message))
        self.message = message
        self.argument = argument


@dataclass(frozen=True)
class FilterSpec:
    program: str  # the executable that runs (awk runs gawk)
    package: str  # the Debian package that has it
    flags: frozenset[str] = frozenset()  # options without a value
    valued: frozenset[str] = frozenset()  # options with one value (-n 5, -n5, --lines=5)
    refused: Mapping[str, Message] = field(default_factory=dict)  # option -> why not
    text_operands: tuple[int, int] = (0, 0)  # (fewest, most) operands that are not files
    operand_options: frozenset[str] = frozenset()  # options that give the text instead (-e)
    number_option: bool = False  # head -5, tail -3
    permute: bool = True  # options may follow operands (GNU); awk stops at its program
    fixed_args: tuple[str, ...] = ()  # put before the reader's arguments


def _options(text: str) -> frozenset[str]:
    return frozenset(text.split())


_READS_FILES = msg("reads files")
_WRITES_A_FILE = msg("writes a file")
_WRITES_FILES = msg("writes files")
_RUNS_A_COMMAND = msg("runs a command")
_WAITS_FOREVER = msg("waits for more input forever")
_EDITS_IN_PLACE = msg("edits files in place")
_LOADS_CODE = msg("loads an extension")
_UNCHECKED_ARGUMENTS = msg("takes arguments podlab does not check")
_NOT_YET = msg("is not supported yet")
_GREP = FilterSpec(
    "grep", "grep",
    flags=_options(
        "-i -y -v -w -x -c -n -o -q -s -h -H -E -F -G -P -b -a -z -l -L -T -U -Z "
        "--ignore-case --no-ignore-case --invert-match --word-regexp --line-regexp --count "
        "--line-number --only-matching --quiet --silent --no-messages --no-filename "
        "--with-filename --extended-regexp --fixed-strings --basic-regexp --perl-regexp "
        "--byte-offset --text --null-data --line-buffered --initial-tab --color --colour"),
    valued=_options("-e -m -A -B -C --regexp --max-count --after-context --before-context "
                    "--context --label --binary-files"),
    refused={"-f": _READS_FILES, "--file": _READS_FILES, "-r": _READS_FILES,
             "-R": _READS_FILES, "--recursive": _READS_FILES,
             "--dereference-recursive": _READS_FILES, "--include": _READS_FILES,
             "--exclude-from": _READS_FILES, "-d": _READS_FILES, "--directories": _READS_FILES},
    text_operands=(1, 1),
    operand_options=_options("-e --regexp"),
)
FILTERS: dict[str, FilterSpec] = {
    "grep": _GREP,
    "egrep": replace(_GREP, program="egrep"),
    "fgrep": replace(_GREP, program="fgrep"),
    "head": FilterSpec(
        "head", "coreutils",
        flags=_options("-q -v -z --quiet --silent --verbose --zero-terminated"),
        valued=_options("-n -c --lines --bytes"), number_option=True),
    "tail": FilterSpec(
        "tail", "coreutils",
        flags=_options("-q -v -z --quiet --silent --verbose --zero-terminated"),
        valued=_options("-n -c --lines --bytes"),
        refused={"-f": _WAITS_FOREVER, "-F": _WAITS_FOREVER,
                 "--follow": _WAITS_FOREVER},
        number_option=True),
    "wc": FilterSpec(
        "wc", "coreutils",
        flags=_options("-l -w -c -m -L --lines --words --bytes --chars --max-line-length"),
        refused={"--files0-from": _READS_FILES}),
    "sort": FilterSpec(
        "sort", "coreutils",
        flags=_options("-b -d -f -g -i -M -h -n -R -r -V -c -C -m -s -u -z "
                       "--ignore-leading-blanks --dictionary-order --ignore-case "
                       "--general-numeric-sort --ignore-nonprinting --month-sort "
                       "--human-numeric-sort --numeric-sort --random-sort --reverse "
                       "--version-sort --check --merge --stable --unique --zero-terminated"),
        valued=_options("-k -t -S --key --field-separator --buffer-size --sort"),
        refused={"-o": _WRITES_A_FILE, "--output": _WRITES_A_FILE,
                 "--compress-program": _RUNS_A_COMMAND, "--files0-from": _READS_FILES,
                 "-T": _WRITES_FILES, "--temporary-directory": _WRITES_FILES}),
    "uniq": FilterSpec(
        "uniq", "coreutils",
        flags=_options("-c -d -D -i -u -z --count --repeated --ignore-case --unique "
                       "--zero-terminated --all-repeated"),
        valued=_options("-f -s -w --skip-fields --skip-chars --check-chars --group")),
    "cut": FilterSpec(
        "cut", "coreutils",
        flags=_options("-n -s -z --complement --only-delimited --zero-terminated"),
        valued=_options("-b -c -d -f --bytes --characters --delimiter --fields "
                        "--output-delimiter")),
    "awk": FilterSpec(
        "gawk", "gawk",
        valued=_options("-F -v --field-separator --assign"),
        refused={"-f": _READS_FILES, "--file": _READS_FILES, "-E": _READS_FILES,
                 "--exec": _READS_FILES, "-i": _READS_FILES, "--include": _READS_FILES,
                 "-l": _LOADS_CODE, "--load": _LOADS_CODE,
                 "-o": _WRITES_A_FILE, "--pretty-print": _WRITES_A_FILE,
                 "-d": _WRITES_A_FILE, "--dump-variables": _WRITES_A_FILE,
                 "-p": _WRITES_A_FILE, "--profile": _WRITES_A_FILE},
        text_operands=(1, 1), permute=False, fixed_args=("--sandbox",)),
    "sed": FilterSpec(
        "sed", "sed",
        flags=_options("-n -E -r -s -u -z --quiet --silent --regexp-extended --separate "
                       "--unbuffered --null-data --posix --debug"),
        valued=_options("-e -l --expression --line-length"),
        refused={"-i": _EDITS_IN_PLACE, "--in-place": _EDITS_IN_PLACE,
                 "-f": _READS_FILES, "--file": _READS_FILES},
        text_operands=(1, 1), operand_options=_options("-e --expression"),
        fixed_args=("--sandbox",)),
    "tr": FilterSpec(
        "tr", "coreutils",
        flags=_options("-c -C -d -s -t --complement --delete --squeeze-repeats "
                       "--truncate-set1"),
        text_operands=(1, 2)),
    "jq": FilterSpec(
        "jq", "jq",
        flags=_options("-r -j -a -c -C -M -S -e -n -s -R --raw-output --join-output "
                       "--ascii-output --compact-output --color-output --monochrome-output "
                       "--sort-keys --exit-status --null-input --slurp --raw-input --tab "
                       "--seq --stream --raw-output0"),
        valued=_options("--indent"),
        refused={"-f": _READS_FILES, "--from-file": _READS_FILES, "--rawfile": _READS_FILES,
                 "--slurpfile": _READS_FILES, "-L": _READS_FILES, "--args": _UNCHECKED_ARGUMENTS,
                 "--jsonargs": _UNCHECKED_ARGUMENTS, "--arg": _NOT_YET, "--argjson": _NOT_YET},
        text_operands=(0, 1)),
    "base64": FilterSpec(
        "base64", "coreutils",
        flags=_options("-d -i --decode --ignore-garbage"), valued=_options("-w --wrap")),
    "column": FilterSpec(
        "column", "bsdextrautils",
        flags=_options("-t -x -n -e -J -L -R -H --table --fillrows --keep-empty-lines "
                       "--json --table-noheadings"),
        valued=_options("-s -o -c -N -l --separator --output-separator --output-width "
                        "--table-columns --table-columns-limit --table-right --table-hide")),
    "cat": FilterSpec(
        "cat", "coreutils",
        flags=_options("-A -b -e -E -n -s -t -T -u -v --show-all --number-nonblank "
                       "--show-ends --number --squeeze-blank --show-tabs --show-nonprinting")),
}
# Options whose value says how the output looks: only values that keep the page plain text.
_PLAIN_VALUES = {"--color": ("never", "auto"), "--colour": ("never", "auto")}
_COLOR_FLAGS = {("jq", "-C"), ("jq", "--color-output")}


@dataclass(frozen=True)
class FilterResult:
    argv: tuple[str, ...]
    stdout: str
    stderr: str
    exit_code: int


def is_filter(name: str) -> bool:
    return name in FILTERS


def check_filter(argv: Sequence[str]) -> None:
    """Raise FilterError unless ``argv`` only reads its stdin (see the module's rules)."""
    name = argv[0]
    spec = FILTERS[name]
    operands: list[int] = []  # indices of the operands that are not "-" (stdin)
    text_from_option = False
    only_operands = False
    index = 1
    while index < len(argv):
        argument = argv[index]
        if only_operands or argument == "-" or not argument.startswith("-"):
            if argument != "-":
                operands.append(index)
            only_operands = only_operands or not spec.permute
        elif argument == "--":
            only_operands = True
        elif argument.startswith("--"):
            option, has_value, value = argument.partition("=")
            _refuse(spec, name, option, index)
            if option in spec.valued:
                if not has_value:
                    index += 1
                    _need_value(argv, index, name, option)
            elif option in _PLAIN_VALUES:
                if has_value and value not in _PLAIN_VALUES[option]:
                    raise FilterError(msg("'%(name)s %(argument)s': the page shows plain "
                                          "text; write %(option)s=never", name=name,
                                          argument=argument, option=option), index)
            elif option not in spec.flags or has_value:
                raise _unknown(name, option, index)
            text_from_option = text_from_option or option in spec.operand_options
        elif spec.number_option and argument[1:].isdigit():
            pass  # head -5
        else:
            for position, letter in enumerate(argument[1:], start=1):
                option = "-" + letter
                _refuse(spec, name, option, index)
                if option in spec.valued:
                    text_from_option = text_from_option or option in spec.operand_options
                    if position == len(argument) - 1:
                        index += 1
                        _need_value(argv, index, name, option)
                    break
                if option not in spec.flags:
                    raise _unknown(name, option, index)
        index += 1
    fewest, most = spec.text_operands
    if text_from_option:  # grep -e PATTERN, sed -e SCRIPT: every operand is a file
        fewest, most = 0, most - 1
    if len(operands) > most:
        file = operands[most]
        raise FilterError(msg("'%(name)s' would read the file %(file)r: a host filter only "
                              "reads the output before it ('... | %(name)s ...')", name=name,
                              file=argv[file]), file)
    if len(operands) < fewest:
        raise FilterError(msg("'%(name)s' needs its %(what)s as an argument", name=name,
                              what=_TEXT_NAMES.get(name, _PATTERN)), 0)


_PATTERN = msg("pattern")
_TEXT_NAMES = {"awk": msg("program"), "sed": msg("script"), "tr": msg("set of characters")}


def _refuse(spec: FilterSpec, name: str, option: str, index: int) -> None:
    reason = spec.refused.get(option)
    if reason is not None:
        raise FilterError(msg("'%(name)s %(option)s' %(reason)s: a host filter only reads the "
                              "output before it and prints", name=name, option=option,
                              reason=reason), index)
    if (name, option) in _COLOR_FLAGS:
        raise FilterError(msg("'%(name)s %(option)s': the page shows plain text, without "
                              "colors", name=name, option=option), index)


def _need_value(argv: Sequence[str], index: int, name: str, option: str) -> None:
    if index >= len(argv):
        raise FilterError(msg("'%(name)s %(option)s' needs a value", name=name, option=option),
                          index - 1)


def _unknown(name: str, option: str, index: int) -> FilterError:
    return FilterError(msg("option '%(option)s' of %(name)s is not supported by podlab "
                           "(long options must be written in full)", option=option, name=name),
                       index)


def run_filter(argv: Sequence[str], stdin: str, timeout: float = DEFAULT_TIMEOUT) -> FilterResult:
    """Run one filter over ``stdin``; FilterError when it may not or cannot run."""
    check_filter(argv)
    spec = FILTERS[argv[0]]
    executable = shutil.which(spec.program, path=FILTER_PATH)
    if executable is None:
        raise FilterError(msg("'%(name)s' needs the program %(program)s, which the build "
                              "machine lacks: apt-get install %(package)s", name=argv[0],
                              program=spec.program, package=spec.package))
    with tempfile.TemporaryDirectory(prefix="podlab-filter-") as empty:
        environment = {"LC_ALL": "C.UTF-8", "PATH": FILTER_PATH, "HOME": empty}
        try:
            done = subprocess.run(
                # argv[0] as typed: messages say "awk: ..." as on the reader's terminal
                [argv[0], *spec.fixed_args, *argv[1:]], executable=executable,
                input=stdin.encode(),
                capture_output=True, cwd=empty, env=environment, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise FilterError(msg("'%(name)s' did not finish within %(seconds)s s",
                                  name=argv[0], seconds=f"{timeout:g}")) from None
        except OSError as error:  # e.g. not executable
            raise FilterError(msg("'%(name)s' could not start: %(why)s", name=argv[0],
                                  why=error.strerror)) from None
    status = done.returncode if done.returncode >= 0 else 128 - done.returncode  # as sh says
    return FilterResult(tuple(argv), done.stdout.decode(errors="replace"),
                        done.stderr.decode(errors="replace"), status)
