from __future__ import annotations

import pytest

from sphinx_podlab.model.errors import PodlabSyntaxError
from sphinx_podlab.parse.args import parse_duration
from sphinx_podlab.verbs.apply import Apply
from sphinx_podlab.verbs.delete import Delete
from sphinx_podlab.verbs.exec import Exec
from sphinx_podlab.verbs.get import Get
from sphinx_podlab.verbs.logs import Logs
from sphinx_podlab.verbs.registry import parse_kubectl
from sphinx_podlab.verbs.rollout import RolloutStatus
from sphinx_podlab.verbs.wait import Wait


def parse(line: str) -> object:
    return parse_kubectl(tuple(line.split()))


def test_apply() -> None:
    assert parse("kubectl apply -f ss-mysql.yml") == Apply(("ss-mysql.yml",))
    assert parse("kubectl apply --filename=a.yml -n ns") == Apply(("a.yml",), "ns")


def test_get_variants() -> None:
    get = parse("kubectl get po -owide -l app=mysql")
    assert isinstance(get, Get)
    assert (get.resource.plural, get.output, get.selector) == ("pods", "wide", "app=mysql")
    named = parse("kubectl get statefulset.apps/mysql -o yaml")
    assert isinstance(named, Get)
    assert (named.resource.kind, named.names, named.output) == ("StatefulSet", ("mysql",), "yaml")
    everywhere = parse("kubectl get pods -A")
    assert isinstance(everywhere, Get) and everywhere.all_namespaces


def test_namespace_before_the_verb() -> None:
    delete = parse("kubectl -n lab delete pod mysql-0")
    assert isinstance(delete, Delete)
    assert delete.namespace == "lab"
    assert [(ref.resource.plural, ref.name) for ref in delete.objects] == [("pods", "mysql-0")]


def test_exec_with_combined_short_flags() -> None:
    command = parse("kubectl exec -it statefulset/mysql -c mysql -- cat /etc/hosts")
    assert isinstance(command, Exec)
    assert (command.stdin, command.tty, command.container) == (True, True, "mysql")
    assert command.target.resource.kind == "StatefulSet"
    assert command.command == ("cat", "/etc/hosts")
    plain = parse("kubectl exec mysql-0 -- sh -c true")
    assert isinstance(plain, Exec) and plain.target.resource.kind == "Pod"


def test_logs_wait_rollout() -> None:
    logs = parse("kubectl logs deploy/pma --tail 5")
    assert isinstance(logs, Logs) and logs.tail == 5
    wait = parse("kubectl wait --for=condition=Ready pod/mysql-0 --timeout=2m")
    assert isinstance(wait, Wait) and (wait.condition, wait.timeout) == ("Ready", 120.0)
    rollout = parse("kubectl rollout status sts/mysql")
    assert isinstance(rollout, RolloutStatus) and rollout.target.name == "mysql"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("kubectl describe pods,deploy x", "names in several types"),
        ("kubectl get pods --raw /api", "flag --raw of 'kubectl get' is not supported"),
        ("kubectl get pods -o yml", "'-o yml' is not supported"),
        ("kubectl get wid_gets", "unknown resource type 'wid_gets'"),
        ("kubectl exec mysql-0 cat /etc/hosts", "needs '-- COMMAND'"),
        ("kubectl apply ss-mysql.yml", "needs -f FILE"),
        ("helm install x", "only kubectl commands"),
        ("kubectl get pods pod/x", "not both"),
    ],
)
def test_unsupported_lines_name_the_supported_commands(line: str, message: str) -> None:
    with pytest.raises(PodlabSyntaxError) as caught:
        parse(line)
    assert message in str(caught.value)
    assert str(caught.value).endswith("(the supported commands: python -m sphinx_podlab "
                                      "commands)")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30.0), ("2m", 120.0), ("1m30s", 90.0), ("45", 45.0), ("500ms", 0.5)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_bad_duration() -> None:
    with pytest.raises(PodlabSyntaxError):
        parse_duration("soon")


@pytest.mark.parametrize(
    "line",
    ["kubectl get pods -o jsonpath={.kind}", "kubectl get pods -o=jsonpath={.kind}",
     "kubectl get pods -ojsonpath={.kind}", "kubectl get pods --output=jsonpath={.kind}"],
)
def test_output_spellings_keep_the_template(line: str) -> None:
    command = parse(line)
    assert isinstance(command, Get) and command.output == "jsonpath={.kind}"


def test_attach_takes_its_typed_lines() -> None:
    from sphinx_podlab.parse.specs import command_block
    from sphinx_podlab.verbs.attach import Attach

    spec, problems = command_block(["$ kubectl attach -it box", "/ # ls", "/ # exit"], {}, 1,
                                   lambda index: index + 2)
    assert problems == []
    command = spec.commands[0].command
    assert isinstance(command, Attach) and command.typed == ("ls", "exit")
    assert spec.commands[0].typed_lines == (3, 4)
