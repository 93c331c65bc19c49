from __future__ import annotations

import pytest

from sphinx_podlab.shell.generated import generated_name, generated_name_hint


@pytest.mark.parametrize(("name", "prefix", "controller"), [
    ("pma-85cccb9fcf-z8jnm", "pma", "deploy/pma"),
    ("nginx-deployment-66b6c48dd5-4jw2z", "nginx-deployment", "deploy/nginx-deployment"),
    ("web-7c5ddbdf54-2xv6h", "web", "deploy/web"),
    ("pi-kx7wq", "pi", None),  # a Job's pod
    ("fluentd-elasticsearch-q8d2l", "fluentd-elasticsearch", None),  # a DaemonSet's
    ("hello-29034567-5vbnm", "hello-29034567", None),  # a CronJob's Job's pod
])
def test_generated_names(name: str, prefix: str, controller: str | None) -> None:
    generated = generated_name(name)
    assert generated is not None
    assert (generated.prefix, generated.controller) == (prefix, controller)


@pytest.mark.parametrize("name", [
    "mysql-0", "web-12", "mysql", "phpmyadmin", "my-app", "nginx-stable", "web-server",
    "db-24567",  # five digits: an ordinal or a version, written by hand
    "busybox", "pma-deployment", "api-v2",
])
def test_names_written_by_hand(name: str) -> None:
    assert generated_name(name) is None


def test_the_hint_names_the_controller_and_a_variable() -> None:
    assert generated_name_hint("pod", "pma-85cccb9fcf-z8jnm") == (
        'pod "pma-85cccb9fcf-z8jnm" looks like a name generated at run time; name it by its '
        "controller (deploy/pma) or a variable: "
        "POD=$(kubectl get pods -l app=pma -o jsonpath='{.items[0].metadata.name}')")
    assert "job/pi" in (generated_name_hint("pod", "pi-kx7wq") or "")
    assert generated_name_hint("pod", "mysql-0") is None


def test_the_hint_from_kubectls_not_found_message() -> None:
    from sphinx_podlab.shell.generated import not_found_hint

    stderr = 'Error from server (NotFound): pods "pma-85cccb9fcf-z8jnm" not found\n'
    assert (not_found_hint(stderr) or "").startswith('pod "pma-85cccb9fcf-z8jnm" looks like')
    assert not_found_hint('Error from server (NotFound): pods "mysql-0" not found\n') is None
    logs = ('error: error from server (NotFound): pods "pma-85cccb9fcf-z8jnm" not found in '
            'namespace "default"\n')
    assert "deploy/pma" in (not_found_hint(logs) or "")
    other = 'Error from server (NotFound): deployments.apps "web-5d8f9c7b6-bcdfg" not found\n'
    assert (not_found_hint(other) or "").startswith('deployment "web-5d8f9c7b6-bcdfg"')
