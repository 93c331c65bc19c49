"""The lease's pure parts: who holds it (from its identity and annotations), the time format,
and what the journal keeps of an object about to be created."""

from __future__ import annotations

import re

from sphinx_podlab.execute.session import journal_entry
from sphinx_podlab.model.objects import ResourceType
from sphinx_podlab.scenario.lock import Holder, micro_time, this_machine

STATEFULSETS = ResourceType("statefulsets", "StatefulSet", "apps", "v1", True, ("sts",))


def lease(identity: str, page: str | None = "ch1/index") -> dict[str, object]:
    annotations = {"podlab.dev/page": page} if page else {}
    return {"metadata": {"annotations": annotations},
            "spec": {"holderIdentity": identity, "acquireTime": "2026-12-01T14:52:03.123456Z"}}


def test_the_holder_is_named_by_host_pid_page_and_since() -> None:
    holder = Holder.of(lease("builder-7/4242/0123456789ab-4026531836-abcdef"))
    assert (holder.host, holder.pid, holder.page) == ("builder-7", 4242, "ch1/index")
    assert holder.machine.startswith("0123456789ab-4026531836")
    assert holder.describe() == ("page ch1/index on host builder-7 (pid 4242), since "
                                 "2026-12-01 14:52:03 UTC")


def test_a_lease_written_by_something_else_is_still_described() -> None:
    holder = Holder.of(lease("some-controller", page=None))
    assert (holder.host, holder.pid, holder.page) == ("some-controller", 0, "?")


def test_micro_time_and_machine() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", micro_time())
    assert re.fullmatch(r"[0-9a-f]{12}-\d+", this_machine())  # Linux: boot id, PID namespace


def test_the_journal_keeps_a_statefulset_s_claims_and_the_claims_there_before() -> None:
    obj = {"metadata": {"name": "mysql"},
           "spec": {"volumeClaimTemplates": [{"metadata": {"name": "data"}}]}}
    entry = journal_entry(STATEFULSETS, "book", obj, {"data-other-0"})
    assert entry == {"group": "apps", "version": "v1", "plural": "statefulsets",
                     "kind": "StatefulSet", "namespaced": True, "namespace": "book",
                     "name": "mysql", "claims": ["data"], "claims_before": ["data-other-0"]}
