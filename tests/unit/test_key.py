from __future__ import annotations

from dataclasses import replace

from sphinx_podlab.model.specs import BlockSpec, CommandSpec, Scenario
from sphinx_podlab.parse.block import parse_block
from sphinx_podlab.scenario.key import scenario_key
from sphinx_podlab.verbs.registry import parse_kubectl


def scenario(*lines: str, namespace: str = "default", snapshot: str | None = "before") -> Scenario:
    commands = tuple(
        CommandSpec(c.display, c.argv, parse_kubectl(c.argv), 10 + c.line)
        for c in parse_block(list(lines))
    )
    return Scenario("chapter", namespace, (BlockSpec("b", 9, commands, snapshot),))


MANIFEST = {"ss-mysql.yml": b"kind: StatefulSet\n"}
BASE = scenario("$ kubectl apply -f ss-mysql.yml", "$ kubectl get pods")


def test_key_is_stable_and_machine_independent() -> None:
    key = scenario_key(BASE, MANIFEST)
    assert key == scenario_key(
        scenario("$ kubectl apply -f ss-mysql.yml", "$ kubectl get pods"), dict(MANIFEST)
    )
    assert key.startswith("sha256:") and len(key) == len("sha256:") + 64


def test_comments_and_lines_do_not_change_the_key() -> None:
    commented = scenario("$ kubectl apply -f ss-mysql.yml # 適用", "", "$ kubectl get pods")
    assert scenario_key(commented, MANIFEST) == scenario_key(BASE, MANIFEST)


def test_everything_that_changes_execution_changes_the_key() -> None:
    key = scenario_key(BASE, MANIFEST)
    variants = [
        scenario_key(
            scenario("$ kubectl apply -f ss-mysql.yml", "$ kubectl get pods -o wide"), MANIFEST
        ),
        scenario_key(BASE, {"ss-mysql.yml": b"kind: StatefulSet\n# edited\n"}),
        scenario_key(
            scenario("$ kubectl apply -f ss-mysql.yml", "$ kubectl get pods", namespace="lab"),
            MANIFEST,
        ),
        scenario_key(
            scenario("$ kubectl apply -f ss-mysql.yml", "$ kubectl get pods", snapshot="after"),
            MANIFEST,
        ),
        scenario_key(replace(BASE, blocks=(replace(BASE.blocks[0], expect_error=True),)), MANIFEST),
        scenario_key(replace(BASE, blocks=(replace(BASE.blocks[0], timeout=10.0),)), MANIFEST),
        scenario_key(replace(BASE, blocks=(replace(BASE.blocks[0], waits=False),)), MANIFEST),
    ]
    assert key not in variants
    assert len(set(variants)) == len(variants)


def test_manifest_names_are_listed_with_their_lines() -> None:
    assert BASE.manifest_names() == [("ss-mysql.yml", 10)]
