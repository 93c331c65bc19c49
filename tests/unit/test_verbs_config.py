"""``kubectl config ...``: parsing, and no secret of a kubeconfig in what podlab prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kubeconfig_secrets import secrets

from sphinx_podlab.execute.kubeconfig import KubeconfigSource, as_reader, load
from sphinx_podlab.model.errors import CliError, PodlabSyntaxError
from sphinx_podlab.verbs import config
from sphinx_podlab.verbs.registry import parse_kubectl

FAKE = Path(__file__).parent / "fixtures" / "kubeconfig" / "secrets.yml"


def parse(line: str) -> object:
    return parse_kubectl(tuple(line.split()))


def test_the_fixture_has_every_kind_of_secret() -> None:
    # the tests below would pass vacuously without them
    assert {"fake-token-4444", "fake-password-5555", "FAKE-KEY-DATA-3333", "FAKE-CERT-DATA-2222",
            "FAKE-CA-DATA-1111", "RkFLRS1LRVktREFUQS0zMzMz"} <= set(secrets(FAKE))


@pytest.mark.parametrize("line", ["kubectl config view", "kubectl config view -o json",
                                  "kubectl config view --minify",
                                  "kubectl config view --minify -o json"])
@pytest.mark.parametrize("context", [None, "dev", "prod", "carol", "dave"])
def test_no_secret_in_config_view(line: str, context: str | None) -> None:
    command = parse(line)
    assert isinstance(command, config.ConfigView)
    loaded = load(KubeconfigSource((FAKE,), context))
    as_reader(loaded, context, "lab")
    text = config.view_text(loaded, command)
    for secret in secrets(FAKE):
        assert secret not in text
    if context != "dave" or not command.minify:  # dave's user has no secret to hide
        assert "REDACTED" in text or "DATA+OMITTED" in text


def test_redacted_as_kubectl_redacts() -> None:
    shown = json.loads(config.view_text(load(KubeconfigSource((FAKE,))),
                                        config.ConfigView(output="json")))
    users = {user["name"]: user["user"] for user in shown["users"]}
    assert users["alice"] == {"client-certificate-data": "DATA+OMITTED",
                              "client-key-data": "DATA+OMITTED"}
    assert users["bob"] == {"token": "REDACTED"}
    assert users["carol"] == {"username": "carol", "password": "REDACTED"}
    clusters = {cluster["name"]: cluster["cluster"] for cluster in shown["clusters"]}
    assert clusters["prod"]["certificate-authority-data"] == "DATA+OMITTED"
    assert clusters["dev"]["certificate-authority"] == "ca/dev.crt"  # paths as written
    assert list(shown) == ["kind", "apiVersion", "clusters", "users", "contexts",
                           "current-context"]


def test_minify_keeps_the_current_context_only() -> None:
    loaded = load(KubeconfigSource((FAKE,)))
    as_reader(loaded, "prod", "page-ns")
    shown = json.loads(config.view_text(loaded, config.ConfigView(True, "json")))
    assert [c["name"] for c in shown["contexts"]] == ["prod"]
    assert shown["contexts"][0]["context"] == {"cluster": "prod", "user": "bob",
                                               "namespace": "page-ns"}
    assert [u["name"] for u in shown["users"]] == ["bob"]
    assert shown["current-context"] == "prod"
    missing = load(KubeconfigSource((FAKE,)))
    as_reader(missing, "nosuch", "page-ns")
    with pytest.raises(CliError, match="cannot locate context nosuch"):
        config.view_text(missing, config.ConfigView(True))


def test_merged_files_first_wins(tmp_path: Path) -> None:
    other = tmp_path / "other.yml"
    other.write_text("current-context: other\ncontexts:\n- name: dev\n  context:\n"
                     "    cluster: elsewhere\n- name: other\n  context:\n    cluster: x\n")
    merged = load(KubeconfigSource((FAKE, other)))
    assert merged.current_context == "dev"
    assert merged.contexts["dev"]["cluster"] == "dev"
    assert sorted(merged.contexts) == ["carol", "dave", "dev", "other", "prod"]


@pytest.mark.parametrize("line", ["kubectl config view --raw", "kubectl config view --flatten",
                                  "kubectl config view -o wide",
                                  "kubectl config get-contexts -o yaml",
                                  "kubectl config current-context x"])
def test_refused(line: str) -> None:
    with pytest.raises(PodlabSyntaxError):
        parse(line)


def test_parse_forms() -> None:
    assert parse("kubectl config view --minify") == config.ConfigView(True, "yaml")
    assert parse("kubectl config view --raw=false") == config.ConfigView()
    assert parse("kubectl config get-contexts a b -o name") == config.ConfigGetContexts(
        ("a", "b"), True, False)
    assert parse("kubectl config get-users") == config.ConfigGetNames("users")
