"""The one manifest reading (parse/manifests.py) against what kubectl said for each file.

The ``*.kubectl.txt`` beside each manifest are real kubectl's stderr and exit status on the
lab (``tests/unit/fixtures/manifests/capture.sh``, a client-side dry run).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_podlab.execute.failures import error_text
from sphinx_podlab.parse.manifests import ManifestError, parse_manifest
from sphinx_podlab.scenario.manifests import check_manifest

FIXTURES = Path(__file__).parent / "fixtures" / "manifests"
CASES = sorted(path.stem for path in FIXTURES.glob("*.yml") if path.stem != "empty")


def kubectl_said(name: str) -> tuple[str, int]:
    *lines, status = (FIXTURES / f"{name}.kubectl.txt").read_text().splitlines(keepends=True)
    return "".join(lines), int(status.split()[1])


@pytest.mark.parametrize("name", CASES)
def test_kubectl_s_errors_for_bad_documents(name: str) -> None:
    text = (FIXTURES / f"{name}.yml").read_text()
    stderr, status = kubectl_said(name)
    if status == 0:
        assert parse_manifest(text, f"{name}.yml")
        assert check_manifest(text.encode(), f"{name}.yml") is None
        return
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, f"{name}.yml")
    assert error_text([caught.value]) == stderr
    # the check before a run gives the same words as the apply
    assert check_manifest(text.encode(), f"{name}.yml") == str(caught.value)


def test_list_is_expanded_and_kinds_are_left_to_the_server() -> None:
    objects = parse_manifest((FIXTURES / "list-ok.yml").read_text(), "list-ok.yml")
    assert [(obj["kind"], obj["metadata"]["name"]) for obj in objects] == [
        ("ConfigMap", "a"), ("ClusterRole", "h-arch-reader")]
    custom = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"
    assert check_manifest(custom.encode(), "widget.yml") is None  # a CRD's kind: not refused


def test_an_empty_file_has_no_objects() -> None:
    assert parse_manifest((FIXTURES / "empty.yml").read_text(), "empty.yml") == []
    assert kubectl_said("empty") == ("error: no objects passed to apply\n", 1)
