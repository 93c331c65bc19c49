"""``kubectl describe`` lines as podlab parses them (kubectl's argument forms)."""

from __future__ import annotations

import pytest

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.parse.shell import split_shell_words
from sphinx_podlab.verbs.describe import Describe, Target
from sphinx_podlab.verbs.registry import parse_kubectl


def parse(line: str) -> Describe:
    command = parse_kubectl(split_shell_words(line).argv)
    assert isinstance(command, Describe)
    return command


def named(command: Describe) -> list[tuple[str, str | None]]:
    return [(target.resource.kind, target.name) for target in command.targets]


def test_type_and_names() -> None:
    command = parse("kubectl describe pods mysql-0 two -n books")
    assert named(command) == [("Pod", "mysql-0"), ("Pod", "two")]
    assert command.namespace == "books"
    assert not command.prefix_fallback  # three arguments: kubectl does not match prefixes


def test_type_and_one_name_may_match_a_prefix() -> None:
    assert parse("kubectl describe pod mysql").prefix_fallback
    assert not parse("kubectl describe pod/mysql").prefix_fallback


def test_type_slash_names_of_several_types() -> None:
    command = parse("kubectl describe sts/mysql deploy/pma")
    assert named(command) == [("StatefulSet", "mysql"), ("Deployment", "pma")]


def test_a_type_alone_or_several_types_describe_every_object() -> None:
    assert named(parse("kubectl describe deploy")) == [("Deployment", None)]
    assert named(parse("kubectl describe pods,rs")) == [("Pod", None), ("ReplicaSet", None)]


def test_selector_all_namespaces_and_events() -> None:
    command = parse("kubectl describe pods -l app=pick -A --show-events=false")
    assert (command.selector, command.all_namespaces, command.show_events) == (
        "app=pick", True, False)
    assert parse("kubectl describe pods --show-events").show_events


def test_files_name_the_objects() -> None:
    command = parse("kubectl describe -f ss-mysql.yml -f services.yml --show-events=false")
    assert command.files == ("ss-mysql.yml", "services.yml")
    assert command.targets == () and not command.show_events


@pytest.mark.parametrize(("line", "message"), [
    ("kubectl describe -f ss-mysql.yml pods", "takes no types, names or selector"),
    ("kubectl describe", "You must specify the type of resource to describe"),
    ("kubectl describe pod mysql-0 -l app=mysql", "name cannot be provided when a selector"),
    ("kubectl describe pod mysql-0 -A", "cannot be retrieved by name across all namespaces"),
    ("kubectl describe pod/mysql-0 two", "no need to specify a resource type as a separate"),
    ("kubectl describe pods --show-events=maybe", "--show-events takes true or false"),
    ("kubectl describe wid_gets", "unknown resource type 'wid_gets'"),
])
def test_forms_kubectl_refuses_are_build_errors(line: str, message: str) -> None:
    with pytest.raises(PodlabSyntaxError, match=message):
        parse_kubectl(split_shell_words(line).argv)


def test_a_kind_without_a_describer_is_refused_at_parse_time() -> None:
    from sphinx_podlab.describe import DESCRIBERS

    missing = [kind for kind in ("Event",) if ("", kind) not in DESCRIBERS]
    assert missing == ["Event"]
    with pytest.raises(PodlabSyntaxError, match="'kubectl describe events' is not supported"):
        parse_kubectl(split_shell_words("kubectl describe events").argv)


def test_targets_keep_their_resource_types() -> None:
    target = parse("kubectl describe node lab").targets[0]
    assert isinstance(target, Target)
    assert not target.resource.namespaced
