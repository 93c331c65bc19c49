"""Drift review on real records: the committed pod-IP record and two live runs of the same page
(``fixtures/drift/capture.py``); meaningful changes are edits of copies of those records."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sphinx_podlab.drift.compare import compare_records
from sphinx_podlab.drift.model import BadRecordError
from sphinx_podlab.drift.text import compare_text
from sphinx_podlab.drift.tokens import Kind, scan, skeleton
from sphinx_podlab.status import main

ROOT = Path(__file__).parents[2]
# the chapter's record as session 1's live run wrote it (docs/_podlab changes with every
# regeneration; the tests need one fixed real record)
COMMITTED = ROOT / "tests" / "unit" / "fixtures" / "drift" / "pod-ip.committed.json"
FIXTURES = Path(__file__).parent / "fixtures" / "drift"
RUN1, RUN2 = FIXTURES / "pod-ip.run1.json", FIXTURES / "pod-ip.run2.json"
SCALE1, SCALE2 = FIXTURES / "scale.run1.json", FIXTURES / "scale.run2.json"

Data = dict[str, Any]


def load(path: Path) -> Data:
    data: Data = json.loads(path.read_text(encoding="utf-8"))
    return data


def command(data: Data, argv: str, occurrence: int = 0) -> Data:
    """The command of the record whose argv is ``argv`` (the n-th such command)."""
    found: list[Data] = [item for block in data["blocks"] for item in block["commands"]
             if " ".join(item["argv"]) == argv]
    return found[occurrence]


def realign(rows: list[list[str]]) -> str:
    """A table as kubectl's tabwriter prints it (width = longest cell + 3, last column bare),
    so an edited cell realigns its table as it would on a real cluster."""
    widths = [max(len(row[column]) for row in rows) + 3 for column in range(len(rows[0]))]
    return "".join("".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False))
                   + row[-1] + "\n" for row in rows)


def table(text: str) -> list[list[str]]:
    return [re.split(r" {2,}", line) for line in text.splitlines()]


# --- the same story told twice -----------------------------------------------------------


def test_a_record_against_itself_has_no_differences() -> None:
    review = compare_records(load(COMMITTED), load(COMMITTED))
    assert review.differences == ()


def test_two_live_runs_differ_only_cosmetically() -> None:
    old, new = load(RUN1), load(RUN2)
    assert old["snapshots"]["before"][0]["ip"] != new["snapshots"]["before"][0]["ip"]
    review = compare_records(old, new)
    assert review.meaningful == ()
    parts = {item.part for item in review.cosmetic}
    assert "recording time" in parts and "duration" in parts
    reasons = " ".join(item.reason for item in review.cosmetic)
    for kind in ("IP", "UID", "generated name", "age"):
        assert kind in reasons, kind
    # the first /etc/hosts: only its pod's line changed, by its IP
    hosts = [item for item in review.cosmetic
             if item.place.startswith("block 1 (hosts-before), command 2")
             and item.part.startswith("stdout")]
    assert [item.part for item in hosts] == ["stdout line 8"]


def test_the_committed_record_and_a_live_run_in_another_namespace_tell_the_same_story() -> None:
    review = compare_records(load(COMMITTED), load(RUN1))
    assert review.meaningful == ()
    namespace = [item for item in review.cosmetic if item.part == "namespace"]
    assert [(item.old, item.new) for item in namespace] == [("default", "h-drift-capture")]
    assert any("namespace default → h-drift-capture" in item.reason for item in review.cosmetic)


def test_a_table_that_realigns_around_a_shorter_generated_name_is_cosmetic() -> None:
    old = load(RUN1)
    new = copy.deepcopy(old)
    pod = old["snapshots"]["after"][1]["name"]  # pma-<10-char hash>-<suffix>
    shorter = "pma-7d9f8c6b5-x2k9p"  # pod-template hashes are 8 to 10 characters long
    for item in [*(c for b in new["blocks"] for c in b["commands"])]:
        rows = table(item["stdout"]) if item["argv"][1:] == ["get", "pods"] else None
        if rows:
            item["stdout"] = realign([[cell.replace(pod, shorter) for cell in row]
                                      for row in rows])
    text = json.dumps(new).replace(pod, shorter)
    new = json.loads(text)
    assert command(new, "kubectl get pods")["stdout"] != command(old, "kubectl get pods")[
        "stdout"].replace(pod, shorter)  # the spacing did change
    review = compare_records(old, new)
    assert review.meaningful == ()
    assert any("generated name" in item.reason for item in review.cosmetic)


def swap_look_alike_rows(text: str, stem: str) -> str:
    """The output with its rows of ``stem``'s pods in the other order: what sorting by
    random suffixes gives in another run."""
    lines = text.split("\n")
    rows = [index for index, line in enumerate(lines) if stem in line]
    assert len(rows) == 2, text
    first, second = rows
    lines[first], lines[second] = lines[second], lines[first]
    return "\n".join(lines)


def test_everyday_outputs_of_two_live_runs_are_cosmetic() -> None:
    """Wide tables, describe with events ("7s (x2 over 7s)" once, "6s" the next time), YAML
    with UIDs, resourceVersions and container IDs, a node port, a scaled Deployment."""
    review = compare_records(load(SCALE1), load(SCALE2))
    assert review.meaningful == ()
    reasons = " ".join(item.reason for item in review.cosmetic)
    for kind in ("node port", "resourceVersion", "hash", "timestamp", "UID", "IP"):
        assert kind in reasons, kind


@pytest.mark.parametrize("argv", ["kubectl get pods", "kubectl get pods -l app=pma -o name"])
def test_look_alike_rows_are_paired_by_their_names_not_their_order(argv: str) -> None:
    """After the scale-up, two pma pods: which row comes first depends on random suffixes.
    The pod that was alone before is known by its name, in either order."""
    old, new = load(SCALE1), load(SCALE2)
    swapped = copy.deepcopy(new)
    listing = command(swapped, argv)
    listing["stdout"] = swap_look_alike_rows(listing["stdout"], "pma-")
    for other in (new, swapped):
        review = compare_records(old, other)
        assert review.meaningful == (), [item.reason for item in review.meaningful]


def test_the_same_page_on_the_next_releases_shows_their_new_wording() -> None:
    """The page recorded on v1.34.9 and on v1.37.2 (the lab on another release): the kubelet
    words its events anew, pods report their resources; the new pod-template hash (another
    template with the new defaults) is only a consistent rename."""
    old, new = load(SCALE1), load(FIXTURES / "scale.v1.37.2.json")
    assert (old["cluster"]["version"], new["cluster"]["version"]) == ("v1.34.9", "v1.37.2")
    review = compare_records(old, new)
    reasons = [item.reason for item in review.meaningful]
    assert "row Normal: Message 'Created container: mysql' → 'Container created'" in reasons
    assert "row Normal: Message 'Started container mysql' → 'Container started'" in reasons
    assert any(item.new and "resources:" in item.new for item in review.meaningful)
    old_hash = command(old, "kubectl get rs")["stdout"].split()[5]
    new_hash = command(new, "kubectl get rs")["stdout"].split()[5]
    assert old_hash != new_hash  # pma-<hash>: the ReplicaSet of another template
    assert not [item for item in review.meaningful if "generateName" in (item.old or "")]
    assert any(f"generated name {old_hash} → {new_hash}" in item.reason
               for item in review.cosmetic)


def test_a_pod_placed_on_another_node_is_meaningful() -> None:
    """On a two-node lab the scheduler may place a pod elsewhere in the next run: the node
    (named by its address here) then stops being one node for the whole page."""
    old = load(SCALE1)
    new = copy.deepcopy(load(SCALE2))
    listing = command(new, "kubectl get pods -o wide")
    rows = table(listing["stdout"])
    node = rows[0].index("NODE")
    rows[2][node] = "10.1.254.2"  # the pma pod; mysql-0 stays on the first node
    listing["stdout"] = realign(rows)
    review = compare_records(old, new)
    first_node = table(command(old, "kubectl get pods -o wide")["stdout"])[1][node]
    whole = [item for item in review.meaningful if item.place == "whole page"]
    assert [item.part for item in whole] == [f"IP {first_node}"]
    assert "not renamed consistently" in whole[0].reason


def test_a_pod_lost_after_a_scale_up_is_meaningful() -> None:
    old = load(SCALE1)
    new = copy.deepcopy(load(SCALE2))
    listing = command(new, "kubectl get pods -l app=pma -o name")
    listing["stdout"] = listing["stdout"].split("\n", 1)[1]
    [change] = compare_records(old, new).meaningful
    assert (change.part, change.reason) == ("stdout line 2", "1 line lost")


@pytest.mark.parametrize("what", ["pod", "node"])
def test_resource_usage_of_kubectl_top_is_cosmetic_its_rows_are_not(what: str) -> None:
    """Real kubectl's `top` twice, 20 s apart: the measurements moved, nothing else."""
    old = (FIXTURES / f"top-{what}.run1.txt").read_text(encoding="utf-8")
    new = (FIXTURES / f"top-{what}.run2.txt").read_text(encoding="utf-8")
    assert old != new
    result = compare_text(old, new, "block 1, command 1", "stdout")
    assert result.differences and not [item for item in result.differences if item.meaningful]
    assert all(item.kinds == ("resource usage",) for item in result.differences)
    lost = compare_text(old, new.rsplit("\n", 2)[0] + "\n", "block 1, command 1", "stdout")
    assert [item.reason for item in lost.differences if item.meaningful] == ["1 line lost"]


# --- stories that changed ------------------------------------------------------------------


def test_a_pods_status_changed_is_meaningful_and_named_by_column() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    listing = command(new, "kubectl get pods", 1)
    rows = table(listing["stdout"])
    rows[1] = ["mysql-0", "0/1", "CrashLoopBackOff", "3 (5s ago)", "1m"]
    listing["stdout"] = realign(rows)
    review = compare_records(old, new)
    [change] = review.meaningful
    assert change.place == "block 7, command 3: kubectl get pods"
    assert change.part == "stdout line 2"
    assert change.reason == ("row mysql-0: READY '1/1' → '0/1'; STATUS 'Running' → "
                             "'CrashLoopBackOff'; RESTARTS '0' → '3 (5s ago)'")
    # the other rows and the header only realigned: cosmetic
    assert {item.part for item in review.cosmetic if item.place == change.place} >= {
        "stdout line 1", "stdout line 3"}


def test_a_message_in_older_wording_is_meaningful() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    command(new, "kubectl delete pod mysql-0")["stdout"] = 'pod "mysql-0" deleted\n'
    [change] = compare_records(old, new).meaningful
    assert change.part == "stdout line 1"
    assert change.reason == "lost 'from default namespace'"


def test_a_line_lost_or_added_is_meaningful() -> None:
    old = load(COMMITTED)
    lost, added = copy.deepcopy(old), copy.deepcopy(old)
    hosts = "kubectl exec statefulset/mysql -- cat /etc/hosts"
    command(lost, hosts)["stdout"] = command(old, hosts)["stdout"].replace(
        "fe00::2\tip6-allrouters\n", "")
    command(added, hosts)["stdout"] += "10.1.0.99\textra\n"
    [change] = compare_records(old, lost).meaningful
    assert (change.part, change.reason, change.old) == (
        "stdout line 7", "1 line lost", "fe00::2\tip6-allrouters")
    [change] = compare_records(old, added).meaningful
    assert (change.part, change.reason, change.new) == (
        "stdout new line 9", "1 line added", "10.1.0.99\textra")


NODEPORT = FIXTURES / "nodeport.recorded.json"  # the nodeport page, recorded live at 17:03
FORWARD = "kubectl port-forward service/pma 8080:http"
WATCH = """NAME      READY   STATUS    RESTARTS   AGE
mysql-0   1/1     Running   0          2m1s
mysql-0   1/1     Terminating   0          2m5s
mysql-0   0/1     Terminating   0          2m6s
mysql-0   0/1     Terminating   0          2m6s
mysql-0   0/1     Pending       0          0s
mysql-0   0/1     ContainerCreating   0          0s
mysql-0   1/1     Running             0          2s
"""


def test_a_forward_that_handled_more_connections_is_cosmetic() -> None:
    old = load(NODEPORT)
    new = copy.deepcopy(old)
    command(new, FORWARD)["stdout"] += "Handling connection for 8080\n" * 3
    review = compare_records(old, new)
    assert not review.meaningful
    [repeat] = [item for item in review.cosmetic if "repeated line" in item.kinds]
    assert repeat.reason.startswith("3 lines added (each repeats the line next to it")


def test_a_node_port_allocated_anew_is_cosmetic_in_outputs_and_snapshots_alike() -> None:
    old, new = load(NODEPORT), load(FIXTURES / "nodeport.run2.json")
    review = compare_records(old, new)
    assert not review.meaningful
    assert any(item.part.endswith("nodePort") for item in review.cosmetic)
    # a snapshot whose node port disagrees with what the outputs showed is meaningful
    wrong = copy.deepcopy(new)
    for state in wrong["snapshots"]["np"]:
        if state["name"] == "pma":
            state["nodePort"] = 31999
    assert any(item.part.endswith("nodePort") for item in compare_records(old, wrong).meaningful)


def test_a_watch_row_repeated_differently_is_cosmetic_a_state_missed_is_not() -> None:
    once = WATCH.replace("mysql-0   0/1     Terminating   0          2m6s\n", "", 1)
    assert not compare_text(WATCH, once, "watch", "stdout", repeats=True).differences[0].meaningful
    no_pending = WATCH.replace("mysql-0   0/1     Pending       0          0s\n", "")
    [missed] = compare_text(WATCH, no_pending, "watch", "stdout", repeats=True).differences
    assert missed.meaningful and missed.reason == "1 line lost"
    # outside a watch, a row more is a row more
    assert compare_text(WATCH, once, "get", "stdout").differences[0].meaningful


def test_an_exit_status_or_a_new_error_is_meaningful() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    failed = command(new, "kubectl delete pod mysql-0")
    failed.update(exit_code=1, stdout="",
                  stderr='Error from server (NotFound): pods "mysql-0" not found\n')
    review = compare_records(old, new)
    assert {(item.part, item.reason) for item in review.meaningful} == {
        ("exit status", "exit status changed"),
        ("stdout line 1", "1 line lost"),
        ("stderr new line 1", "1 line added"),
    }


def test_an_ip_that_changed_in_one_place_only_is_meaningful() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    hosts = command(new, "kubectl exec statefulset/mysql -- cat /etc/hosts")
    hosts["stdout"] = hosts["stdout"].replace("10.1.0.85", "10.1.0.90")  # snapshot keeps .85
    review = compare_records(old, new)
    whole = [item for item in review.meaningful if item.place == "whole page"]
    assert [item.part for item in whole] == ["IP 10.1.0.85"]
    assert "became 10.1.0.90 at block 1" in whole[0].reason
    assert "stayed 10.1.0.85 at" in whole[0].reason
    line = [item for item in review.meaningful if item.part == "stdout line 8"]
    assert line and "not renamed consistently" in line[0].reason


def test_two_ips_that_became_one_are_meaningful() -> None:
    """The page's story is that the IP changed: a run where it did not is not cosmetic."""
    old = load(RUN1)
    new = json.loads(json.dumps(load(RUN2)))
    before = new["snapshots"]["before"][0]["ip"]
    after = new["snapshots"]["after"][0]["ip"]
    new = json.loads(json.dumps(new).replace(after, before))
    review = compare_records(old, new)
    assert any(item.part == f"IP {before}" and item.reason.startswith("different values")
               for item in review.meaningful)


def test_a_pod_not_replaced_is_meaningful() -> None:
    """A UID may change, but the deleted pod's replacement must keep a UID of its own."""
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    new["snapshots"]["after"][0]["uid"] = new["snapshots"]["before"][0]["uid"]
    review = compare_records(old, new)
    assert [item.part for item in review.meaningful if item.place == "whole page"] == [
        f"UID {old['snapshots']['before'][0]['uid']}"]


def test_snapshot_readiness_and_restarts_are_meaningful() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    new["snapshots"]["after"][0].update(ready=False, restarts=2)
    review = compare_records(old, new)
    assert {(item.place, item.part, item.old, item.new) for item in review.meaningful} == {
        ("snapshot after", "mysql-0 ready", "true", "false"),
        ("snapshot after", "mysql-0 restarts", "0", "2"),
    }


def test_a_screenshots_checked_text_changed_is_meaningful_and_so_is_its_image() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    shot = new["blocks"][3]["screenshot"]
    shot["checks"][0] = shot["checks"][0].replace("Name or service not known",
                                                  "Temporary failure in name resolution")
    shot["sha256"], shot["size"] = "0" * 64, 50000
    review = compare_records(old, new)
    assert {item.part for item in review.meaningful} == {
        "checked text line 1", "screenshot sha256", "screenshot size"}
    # the same new image with its checked text unchanged: cosmetic
    same = copy.deepcopy(old)
    same["blocks"][3]["screenshot"].update(sha256="0" * 64, size=50000)
    assert compare_records(old, same).meaningful == ()


def test_a_new_column_is_meaningful() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    listing = command(new, "kubectl get pods")
    rows = table(listing["stdout"])
    rows = [[*row[:-1], "IP" if index == 0 else "10.1.0.9", row[-1]]
            for index, row in enumerate(rows)]
    listing["stdout"] = realign(rows)
    review = compare_records(old, new)
    reasons = [item.reason for item in review.meaningful]
    assert len(reasons) == 3 and "the table's columns changed" in reasons


def test_a_changed_scenario_is_meaningful() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    new["key"] = "sha256:other"
    new["inputs"]["manifests"]["ss-mysql.yml"] = "0" * 64
    [change] = compare_records(old, new).meaningful
    assert change.reason == "the page's scenario changed: manifest ss-mysql.yml changed"


def test_a_command_or_block_added_is_meaningful() -> None:
    old = load(COMMITTED)
    new = copy.deepcopy(old)
    listing = copy.deepcopy(command(new, "kubectl get pods"))
    new["blocks"][6]["commands"].append(listing)
    new["blocks"].append({"name": None, "snapshot": None, "commands": [listing]})
    review = compare_records(old, new)
    assert {(item.place, item.reason) for item in review.meaningful} == {
        ("block 7, new command 5: kubectl get pods", "command added"),
        ("new block 8", "block added"),
    }


def test_records_of_different_pages_are_bad_input() -> None:
    other = load(COMMITTED) | {"docname": "other/page"}
    with pytest.raises(BadRecordError, match="different pages"):
        compare_records(load(COMMITTED), other)


# --- tokens ------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "expected"), [
    ("mysql-0   1/1   Running   1 (8m31s ago)   2m3s",
     "mysql-0 1/1 Running 1 (\0age:\0 ago) \0age:\0"),
    ("  Normal  Pulled  5m (x3 over 10m)  kubelet  Container image already present",
     "  Normal Pulled \0age:\0 kubelet Container image already present"),
    ("  Normal  Pulled  5m                kubelet  Container image already present",
     "  Normal Pulled \0age:\0 kubelet Container image already present"),
    ("Start Time:       Thu, 27 Nov 2026 09:07:20 +0000", "Start Time: \0timestamp:\0"),
    ('  resourceVersion: "1234"', '  resourceVersion: "\0resourceVersion:\0"'),
    ("Controlled By:  ReplicaSet/pma-85cccb9fcf",
     "Controlled By: ReplicaSet/\0generated name:pma\0"),
    ("mysql   NodePort   10.96.0.12   <none>   80:31234/TCP   5d",
     "mysql NodePort \0IP:\0 <none> 80:\0node port:\0/TCP \0age:\0"),
    ("Forwarding from 127.0.0.1:43215 -> 80", "Forwarding from \0IP:\0:\0local port:\0 -> 80"),
    ("statefulset.apps/mysql created v1.34.9", "statefulset.apps/mysql created v1.34.9"),
    ("data-mysql-0   Bound   pvc-6ce97524-8b3e-46c0-89ef-eb42c2a1f6bc   1Gi   RWO",
     "data-mysql-0 Bound pvc-\0UID:\0 1Gi RWO"),
    ("hello-29412345-x2k9p   0/1   Completed   0   5s",
     "\0generated name:hello\0 0/1 Completed 0 \0age:\0"),
    ("job.batch/pi-x2k9p created", "job.batch/\0generated name:pi\0 created"),
])
def test_volatile_tokens(line: str, expected: str) -> None:
    assert skeleton(scan(line)) == expected


def test_ordinary_names_are_not_generated_ones() -> None:
    assert [piece.kind for piece in scan("mysql-0 mysql-client kube-proxy deploy-pma")
            if not isinstance(piece, str)] == []
    assert [piece.kind for piece in scan("pma-85cccb9fcf-z8jnm job-x2k9p")
            if not isinstance(piece, str)] == [Kind.NAME, Kind.NAME]


# --- the command line ----------------------------------------------------------------------


def test_exit_status_0_when_cosmetic_1_when_meaningful(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(RUN1), str(RUN2)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("pod-ip/index: cosmetic drift only: 0 meaningful,")
    # commands are named with the page line they stand at (docs/pod-ip/index.md)
    assert "\nblock 7, command 2: kubectl delete pod mysql-0 (page line 117)\n" in out
    changed = load(RUN2)
    command(changed, "kubectl apply -f ss-mysql.yml")["exit_code"] = 1
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    assert main(["diff", str(RUN1), str(path), "--meaningful-only"]) == 1
    out = capsys.readouterr().out
    assert "MEANINGFUL DRIFT: 1 meaningful" in out
    assert "  meaningful  exit status: 0 → 1 (exit status changed)" in out
    assert "cosmetic    " not in out
    assert main(["diff", str(RUN1), str(path), "--brief"]) == 1
    out = capsys.readouterr().out
    assert "  meaningful  exit status: 0 → 1 (exit status changed)" in out
    assert re.search(r"\n  cosmetic: \d+ duration, .*\d+ IP", out)
    assert "cosmetic    " not in out
    assert main(["diff", str(RUN1), str(path), "--json"]) == 1
    [data] = json.loads(capsys.readouterr().out)
    assert data["meaningful"] == 1 and data["cosmetic"] > 10


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    ("{", "not JSON"),
    ('{"docname": "x"}', 'not a podlab record (no "docname" and "blocks")'),
    ('{"docname": "x", "blocks": [{"commands": [{"stdout": ""}]}]}',
     "block 1, command 1 has no argv list"),
])
def test_bad_input_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["diff", str(path), str(RUN1)]) == 2
    assert message in capsys.readouterr().err


def test_a_page_name_compares_the_committed_record_with_the_working_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "_podlab" / "pod-ip").mkdir(parents=True)
    (docs / "conf.py").write_text('podlab_namespace = "default"\n', encoding="utf-8")
    record = docs / "_podlab" / "pod-ip" / "index.json"
    record.write_bytes(COMMITTED.read_bytes())
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "record"], check=True)
    assert main(["diff", "pod-ip", "--docs", str(docs)]) == 0
    assert "pod-ip/index: no differences" in capsys.readouterr().out
    live = load(COMMITTED)
    command(live, "kubectl delete pod mysql-0")["stdout"] = 'pod "mysql-0" deleted\n'
    record.write_text(json.dumps(live), encoding="utf-8")
    assert main(["diff", "pod-ip", "--docs", str(docs)]) == 1
    out = capsys.readouterr().out
    assert "old: HEAD:docs/_podlab/pod-ip/index.json" in out
    assert main(["diff", "no-such-page", "--docs", str(docs)]) == 2
    assert "no record of page 'no-such-page'" in capsys.readouterr().err


def test_two_directories_review_the_records_that_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    for directory in (before, after):
        (directory / "pod-ip").mkdir(parents=True)
        (directory / "same.json").write_bytes(RUN1.read_bytes())
    (before / "pod-ip" / "index.json").write_bytes(RUN1.read_bytes())
    (after / "pod-ip" / "index.json").write_bytes(RUN2.read_bytes())
    (after / "fresh.json").write_bytes(RUN2.read_bytes())
    for directory in (before, after):  # neither failure notes nor fetched manifests are records
        (directory / "pod-ip" / "index.failed.json").write_text("{}", encoding="utf-8")
        (directory / "_remote" / "example.org").mkdir(parents=True)
        (directory / "_remote" / "example.org" / "pod.json").write_text(
            '{"kind": "Pod"}' if directory == before else '{"kind": "Service"}',
            encoding="utf-8")
    assert main(["diff", str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert "fresh.json: new record" in out
    assert out.count("pod-ip/index: cosmetic drift only") == 1  # same.json is unchanged
    assert str(after / "pod-ip" / "index.json") in out
