from __future__ import annotations

import pytest

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.parse.shell import split_shell_words


@pytest.mark.parametrize(
    ("text", "argv", "comment"),
    [
        ("kubectl get pods", ("kubectl", "get", "pods"), None),
        (
            "kubectl get pods # mysqlのPodの名前を確認",
            ("kubectl", "get", "pods"),
            "mysqlのPodの名前を確認",
        ),
        ("echo a#b", ("echo", "a#b"), None),
        ("echo 'a # b' \"c # d\"", ("echo", "a # b", "c # d"), None),
        ('echo "say \\"hi\\"" \\$x', ("echo", 'say "hi"', "$x"), None),
        ("sh -c 'exit 3'", ("sh", "-c", "exit 3"), None),
        ("echo ''", ("echo", ""), None),
        ("#only a comment", (), "only a comment"),
    ],
)
def test_split_shell_words(text: str, argv: tuple[str, ...], comment: str | None) -> None:
    words = split_shell_words(text)
    assert words.argv == argv
    assert words.comment == comment


@pytest.mark.parametrize("text", ["echo 'open", 'echo "open'])
def test_unterminated_quotes_are_errors(text: str) -> None:
    with pytest.raises(PodlabSyntaxError, match="unterminated"):
        split_shell_words(text)
