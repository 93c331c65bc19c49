"""Random words of quotes, backslashes, continuations and dollars: ours are bash's.

Seeded, so a failure names a fixed input. Lines with a comment are left out (a block never
joins the line after one), as are those we refuse (another test checks each refusal).
"""

from __future__ import annotations

import random
import subprocess

from sphinx_podlab.shell.source import ShellSyntaxError
from sphinx_podlab.shell.syntax import parse_script

from .bash import ENVIRONMENT

PIECES = [*"ab  '\"\\=-_./:,;|", "\\\n", " x", "é", "$", "{", "}"]


def sample(count: int) -> list[str]:
    rng = random.Random(7)
    bodies = ("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14)))
              for _ in range(count))
    return [body for body in bodies if not body.endswith("\\")]


def our_words(body: str) -> list[str] | None:
    """The words of ``echo x BODY`` after 'echo', or None when it is not one plain command."""
    try:
        script = parse_script("echo x " + body)
    except ShellSyntaxError:
        return None
    if len(script.items) != 1 or script.items[0].command.rest:
        return None
    commands = script.items[0].command.first.commands
    words = [word.literal() for word in commands[0].words]
    if len(commands) != 1 or commands[0].assignments or None in words:
        return None
    return [word for word in words[1:] if word is not None]


def test_random_words_are_what_bash_makes() -> None:
    cases = {body: words for body in sample(1200) if (words := our_words(body)) is not None}
    assert len(cases) > 250  # most inputs are plain words; the rest are refused or lists
    # one bash for all: each case's words, NUL-separated, one case per record
    script = "".join(f"printf '%s\\0' x {body}\nprintf '\\1'\n" for body in cases)
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=ENVIRONMENT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    theirs = [record.split("\0")[:-1] for record in done.stdout.split("\1")[:-1]]
    assert len(theirs) == len(cases)
    different = {body: (ours, bash) for (body, ours), bash in zip(cases.items(), theirs,
                                                                   strict=True) if ours != bash}
    assert different == {}


def test_random_lists_run_as_bash_runs_them() -> None:
    """';', '&&', '||' and pipelines of echo and filters: same output, same status."""
    from .bash import bash
    from .helpers import run, stdout

    parts = ["echo one", "echo a | grep a", "echo a | grep b", "echo b a | tr ' ' '\\n' | sort",
             "X=$(echo a | grep b)", 'echo "$X"', "echo c | wc -l", "echo -n d | grep -c d"]
    rng = random.Random(11)
    for _ in range(40):
        line = rng.choice(parts)
        for _ in range(rng.randint(1, 4)):
            line += rng.choice([" ; ", " && ", " || "]) + rng.choice(parts)
        line = "X=x; " + line
        ours = run(line)
        assert (stdout(ours), ours.exit_code) == bash(line), line
