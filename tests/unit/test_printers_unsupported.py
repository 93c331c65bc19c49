"""What podlab does not reproduce is refused by name, never printed as a guess."""

from __future__ import annotations

import pytest

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.parse.shell import split_shell_words
from sphinx_podlab.printers import PrinterError, UnsupportedTemplate, template_printer
from sphinx_podlab.verbs.registry import parse_kubectl

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "labels": {"a": "b"}}}


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("""kubectl get pods -o go-template='{{template "t"}}'""", "{{template}}"),
        ("""kubectl get pods -o go-template='{{define "t"}}x{{end}}'""", "{{define}}"),
        ("kubectl get pods -o go-template='{{.kind | html}}'", ""),
        ("kubectl get pods -o jsonpath='{.kind}' --template='{.x}'", "--template"),
    ],
)
def test_refused_when_the_page_is_read(line: str, named: str) -> None:
    argv = split_shell_words(line).argv
    if "html" in line:  # a function Go knows: parsed, refused when it runs
        parse_kubectl(argv)
        with pytest.raises(UnsupportedTemplate, match="html"):
            template_printer("go-template={{.kind | html}}").print(POD)
        return
    with pytest.raises(PodlabSyntaxError) as caught:
        parse_kubectl(argv)
    assert named in str(caught.value)


@pytest.mark.parametrize(
    ("output", "named"),
    [
        ('go-template={{printf "%x" .kind}}', "printf %x"),
        ("go-template={{eq .metadata.labels .metadata.labels}}", "eq"),
        ("go-template={{slice .metadata.name 1}}", "slice"),
        ("go-template={{'x'}}", "character constants"),
    ],
)
def test_refused_when_printing(output: str, named: str) -> None:
    with pytest.raises((UnsupportedTemplate, PrinterError)) as caught:
        template_printer(output).print(POD)
    assert caught.type is UnsupportedTemplate, caught.value
    assert named in str(caught.value)


def test_a_kubectl_error_is_not_a_refusal() -> None:
    with pytest.raises(PrinterError) as caught:
        template_printer("go-template={{.kind").print(POD)
    assert caught.value.stderr == ("error: error parsing template {{.kind, template: output:1: "
                                   "unclosed action\n")


@pytest.mark.parametrize(
    ("line", "files"),
    [("kubectl get pods -o custom-columns-file=cols.txt", ("cols.txt",)),
     ("kubectl get pods -o go-template-file --template=t.tmpl", ("t.tmpl",)),
     ("kubectl get pods -o jsonpath={.kind}", ())],
)
def test_template_files_are_the_pages_data_files(line: str, files: tuple[str, ...]) -> None:
    """Read like --from-file's: in the page's key, looked up like manifests."""
    command = parse_kubectl(split_shell_words(line).argv)
    assert getattr(command, "data_files", None) == files
