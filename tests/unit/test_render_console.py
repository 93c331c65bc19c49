from __future__ import annotations

from sphinx_podlab.model.results import CommandResult
from sphinx_podlab.model.specs import CommandSpec
from sphinx_podlab.render.console import console_text, output_text

SPECS = (
    CommandSpec("kubectl get pods # 確認", ("kubectl", "get", "pods"), None, 3),
    CommandSpec("kubectl exec x -- sh -c 'exit 3'", ("kubectl", "exec"), None, 4),
)
RESULTS = (
    CommandResult(("kubectl",), "", "No resources found in default namespace.\n", 0, 0.1),
    CommandResult(("kubectl",), "out\n", "command terminated with exit code 3\n", 3, 0.1),
)


def test_output_text_is_stdout_then_stderr_without_trailing_newline() -> None:
    assert output_text(RESULTS[1]) == "out\ncommand terminated with exit code 3"
    assert output_text(CommandResult((), "no newline", "err\n", 1, 0)) == "no newline\nerr"


def test_console_text_modes() -> None:
    assert console_text(SPECS, RESULTS, "both") == (
        "$ kubectl get pods # 確認\nNo resources found in default namespace.\n"
        "$ kubectl exec x -- sh -c 'exit 3'\nout\ncommand terminated with exit code 3"
    )
    assert console_text(SPECS, RESULTS, "commands") == (
        "$ kubectl get pods # 確認\n$ kubectl exec x -- sh -c 'exit 3'"
    )
    assert console_text(SPECS, RESULTS, "output").startswith("No resources found")
    assert console_text(SPECS, (), "both") == console_text(SPECS, RESULTS, "commands")
