"""Client-side apply: the annotation kubectl writes and its created/configured/unchanged
decision, checked against what real kubectl sent (fixtures: captured with -v=10)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.execute.patchmeta import PatchMeta, root_meta
from sphinx_podlab.execute.strategic import three_way_merge_patch
from sphinx_podlab.model.kinds import Obj
from sphinx_podlab.parse.manifests import load_manifest
from sphinx_podlab.verbs.apply import LAST_APPLIED, apply_decision, with_last_applied

FIXTURES = Path(__file__).parent / "fixtures" / "execute"
MANIFESTS = Path(__file__).parents[2] / "manifests"
NAMESPACE = "fixtures"  # where capture.py applied them


def _meta(kind: str) -> PatchMeta:
    document = json.loads((FIXTURES / "openapi-apps-v1.json").read_text())
    return root_meta(document, "apps", "v1", kind)


def _manifest(path: Path) -> dict[str, Any]:
    [obj] = load_manifest(path, path.name)
    obj["metadata"]["namespace"] = NAMESPACE  # as kubectl sets it before encoding
    return obj


def _decide(name: str, manifest: Path, kind: str) -> tuple[str, dict[str, Any]]:
    current = json.loads((FIXTURES / f"{name}.current.json").read_text())
    original = json.loads(current["metadata"]["annotations"][LAST_APPLIED])
    patch = three_way_merge_patch(original, with_last_applied(_manifest(manifest)), current,
                                  _meta(kind))
    return apply_decision(patch), patch


def test_annotation_is_what_kubectl_wrote() -> None:
    current = json.loads((FIXTURES / "apply-unchanged.current.json").read_text())
    expected = current["metadata"]["annotations"][LAST_APPLIED]
    modified = with_last_applied(_manifest(MANIFESTS / "deploy-pma.yml"))
    assert modified["metadata"]["annotations"][LAST_APPLIED] == expected
    assert expected.endswith("}\n") and '"annotations":{}' in expected


def test_unchanged() -> None:
    decision, patch = _decide("apply-unchanged", MANIFESTS / "deploy-pma.yml", "Deployment")
    assert (FIXTURES / "apply-unchanged.kubectl.txt").read_text() == \
        "deployment.apps/pma unchanged\n"
    assert decision == "unchanged"
    assert patch == {}


@pytest.mark.parametrize(
    ("name", "manifest"),
    [("apply-again", MANIFESTS / "ss-mysql.yml"),  # the server fills volumeClaimTemplates
     ("apply-configured", FIXTURES / "ss-mysql-v2.yml")],
)
def test_configured_with_kubectls_patch(name: str, manifest: Path) -> None:
    decision, patch = _decide(name, manifest, "StatefulSet")
    assert (FIXTURES / f"{name}.kubectl.txt").read_text() == "statefulset.apps/mysql configured\n"
    assert decision == "configured"
    assert patch == json.loads((FIXTURES / f"{name}.patch.json").read_text())


def test_removed_field_and_list_item_become_deletions() -> None:
    meta = _meta("Deployment")
    original: Obj = {"metadata": {"labels": {"a": "1", "b": "2"}},
                "spec": {"template": {"spec": {"containers": [
                    {"name": "c", "image": "x", "env": [{"name": "A", "value": "1"},
                                                        {"name": "B", "value": "2"}]}]}}}}
    modified = copy.deepcopy(original)
    del modified["metadata"]["labels"]["b"]
    del modified["spec"]["template"]["spec"]["containers"][0]["env"][1]
    patch = three_way_merge_patch(original, modified, copy.deepcopy(original), meta)
    assert patch == {
        "metadata": {"labels": {"b": None}},
        "spec": {"template": {"spec": {
            "$setElementOrder/containers": [{"name": "c"}],
            "containers": [{
                "name": "c",
                "$setElementOrder/env": [{"name": "A"}],
                "env": [{"$patch": "delete", "name": "B"}],
            }],
        }}},
    }


def test_live_only_fields_are_left_alone() -> None:
    meta = _meta("Deployment")
    applied = {"spec": {"replicas": 1}}
    live = {"spec": {"replicas": 1, "revisionHistoryLimit": 10}, "status": {"replicas": 1}}
    assert three_way_merge_patch(applied, applied, live, meta) == {}
