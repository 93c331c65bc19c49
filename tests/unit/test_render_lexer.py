"""The console lexer: prompts only on the lines podlab wrote as commands."""

from __future__ import annotations

from pygments.token import Generic

from sphinx_podlab.render.lexer import PodlabComment, PodlabConsoleLexer

TEXT = ("$ kubectl get pods # 名前\n# Kubernetes-managed hosts file.\n"
        "$ kubectl run x \\\n  --image=y\n$ not a command\n")
KINDS = ["command", "output", "command", "continuation", "output"]


def tokens() -> list[tuple[int, object, str]]:
    return list(PodlabConsoleLexer(kinds=KINDS).get_tokens_unprocessed(TEXT))


def test_tokens_cover_the_text_at_their_offsets() -> None:
    found = tokens()
    assert "".join(value for _start, _kind, value in found) == TEXT
    assert all(TEXT[start:start + len(value)] == value for start, _kind, value in found)


def test_only_command_lines_have_prompts() -> None:
    found = tokens()
    prompts = [start for start, kind, _value in found if kind is Generic.Prompt]
    assert prompts == [0, TEXT.index("$ kubectl run")]
    outputs = [value for _start, kind, value in found if kind is Generic.Output]
    assert outputs == ["# Kubernetes-managed hosts file.\n", "$ not a command\n"]


def test_a_comment_takes_its_blanks_and_not_the_newline() -> None:
    comments = [value for _start, kind, value in tokens() if kind is PodlabComment]
    assert comments == [" # 名前"]


def test_leading_empty_output_lines_keep_their_place() -> None:
    lexer = PodlabConsoleLexer(kinds=["output", "output", "command"])
    found = list(lexer.get_tokens("\nout\n$ ls\n"))
    assert found[0] == (Generic.Output, "\n")
