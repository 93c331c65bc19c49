"""A scenario's live state: runs typed kubectl commands, takes snapshots, cleans up after."""

from __future__ import annotations

import pathlib
import re
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from ..model.objects import ResourceType
from ..model.results import CommandResult
from ..model.snapshot import ObjectState
from ..verbs.registry import Command, run_command
from .context import Background, Cache, Context, Created, Output, known_type
from .deadline import Deadline, poll
from .failures import CliError
from .forwards import ForwardedPorts
from .rest import ApiError, Rest, collection_path, deleted_uid, object_path
from .snapshot import take_snapshot
from .watch import Until

if TYPE_CHECKING:  # loads the kubernetes client
    from .cluster import Cluster

PVCS = known_type("persistentvolumeclaims")
SNAPSHOT_TIMEOUT = 30.0


class KubectlSession:
    """Runs one scenario's commands against a cluster, remembering what it created."""

    def __init__(
        self,
        cluster: Cluster,
        namespace: str,
        resolve_manifest: Callable[[str], pathlib.Path],
        progress: Callable[[str], None],
        kubectl_minor: int,
        journal: Callable[[Obj], None] | None = None,
    ) -> None:
        """``journal``: in a live scenario, told of every object before it is created (the
        namespace's lease keeps the list, so that a killed run's objects can be removed); it
        also makes ``apply`` refuse to change objects the run did not create."""
        self._journal = journal
        self._cluster = cluster
        self._namespace = namespace
        self._resolve_manifest = resolve_manifest
        self._progress = progress
        self._minor = kubectl_minor
        self._cache = Cache()
        self._lock = threading.Lock()  # another terminal's commands run on their own thread
        self._created: list[Created] = []
        self._cleaned: list[Created] = []  # what the last cleanup deleted
        self._background = Background()
        self.forwards = ForwardedPorts()  # the page's port-forwards, for curl and browsers
        self._pvcs_before: dict[str, set[str]] = {}  # namespace -> PVC names at first create
        self._output: Output | None = None
        self._rest = Rest(cluster.api_client, cluster.request_timeout, self._on_warning)

    def _on_warning(self, text: str) -> None:
        # kubectl prints the API server's warnings on stderr as they arrive, each once
        output = self._output
        if output is not None and text not in output.warnings:
            output.warnings.add(text)
            output.err(f"Warning: {text}\n")

    def _context(self, deadline: Deadline, output: Output, until: Until | None = None,
                 rest: Rest | None = None) -> Context:
        return Context(rest or self._rest, self._namespace, deadline, self._minor,
                       self._resolve_manifest, output, self._cache,
                       self._cluster.new_api_client, self._before_create, self._background,
                       self._owned if self._journal is not None else None, until,
                       self.forwards, self._cluster.kubeconfig)

    def _before_create(self, ctx: Context, resource: ResourceType, namespace: str | None,
                       obj: Obj) -> None:
        self._note_pvcs(ctx, resource, namespace)
        if self._journal is not None:
            self._journal(journal_entry(resource, namespace, obj,
                                        self._pvcs_before.get(namespace or "")))

    def _owned(self, resource: ResourceType, namespace: str | None, name: str) -> bool:
        return any(c.resource.qualified_plural == resource.qualified_plural and
                   c.namespace == namespace and c.name == name for c in self._created)

    def _note_pvcs(self, ctx: Context, resource: ResourceType, namespace: str | None) -> None:
        """Before the first StatefulSet of a namespace is created: which PVCs exist already."""
        if resource.kind != "StatefulSet" or namespace is None or namespace in self._pvcs_before:
            return
        listing = ctx.get(collection_path(PVCS, namespace))
        self._pvcs_before[namespace] = {
            str(item["metadata"]["name"]) for item in listing.get("items") or []
        }

    def unconfirmed(self, journal: list[Obj]) -> list[Obj]:
        """Journal entries of objects this session never saw created."""
        seen = {(c.resource.plural, c.resource.group, c.namespace, c.name)
                for c in self._cleaned}
        return [e for e in journal
                if (e["plural"], e["group"], e.get("namespace"), e["name"]) not in seen]

    def remove_leftovers(self, entries: list[Obj], timeout: float) -> list[str]:
        """Delete what an interrupted run journaled (and its StatefulSets' claims), and wait
        until it is gone; the problems met."""
        created = []
        for entry in entries:
            resource = ResourceType(str(entry["plural"]), str(entry["kind"]),
                                    str(entry["group"]), str(entry["version"]),
                                    bool(entry["namespaced"]))
            namespace = entry.get("namespace")
            created.append(Created(resource, namespace, str(entry["name"]), "",
                                   tuple(entry.get("claims") or ())))
            if entry.get("claims") and namespace:
                self._pvcs_before.setdefault(namespace, set()).update(
                    entry.get("claims_before") or ())
        self._created = created
        problems = self.cleanup(timeout)
        self._pvcs_before.clear()
        return problems

    def run(self, command: Command, argv: tuple[str, ...], timeout: float,
            until: Until | None = None, waits: bool = True) -> CommandResult:
        """Run one command within ``timeout`` seconds (waits included); kubectl's output.

        ``until``: when a command that keeps running ends (a foreground watch once quiet;
        one in another terminal once stopped). Raises PodlabExecutionError for what is not
        kubectl output: a wait that timed out, a missing or invalid manifest, an unreachable
        cluster. ``waits``: False leaves out the waits for readiness after a change.
        """
        start = time.monotonic()
        output = Output()
        background = until is not None and until.background
        rest = None
        if background:  # another terminal: its own client and warnings, beside the page's
            rest = Rest(self._cluster.new_api_client(), self._cluster.request_timeout,
                        lambda text: output.err(f"Warning: {text}\n"))
        ctx = self._context(Deadline(timeout, self._progress), output, until, rest)
        ctx.waits = waits
        if not background:
            self._output = output
        try:
            run_command(ctx, command)
        except (ApiError, CliError) as exc:
            output.fail([exc])
        finally:
            if not background:
                self._output = None
            else:
                assert rest is not None
                rest.api_client.close()  # type: ignore[no-untyped-call]
            with self._lock:
                self._created.extend(ctx.created)
        return CommandResult(
            argv=argv,
            stdout="".join(output.stdout),
            stderr="".join(output.stderr),
            exit_code=output.exit_code,
            seconds=round(time.monotonic() - start, 3),
            terminal=None if output.in_order is None else "".join(output.in_order),
        )

    def snapshot(self) -> tuple[ObjectState, ...]:
        """The namespace's pods, services, endpoints, claims and workloads, and the nodes."""
        ctx = self._context(Deadline(SNAPSHOT_TIMEOUT, self._progress), Output())
        return take_snapshot(ctx, self._namespace)

    def keep(self, name: str, stop: Callable[[], None]) -> None:
        """Stop ``stop`` with the page's other background tasks (another terminal)."""
        self._background.keep(name, stop)

    def stop_background(self) -> list[str]:
        """Stop what the page's commands left running; the problems met, never raises."""
        return self._background.stop_all()

    def cleanup(self, timeout: float) -> list[str]:
        """Delete what this session created, newest first, and the PVCs its StatefulSets'
        claim templates created; wait until they (and so their pods) are gone.

        Objects that existed before the session (``configured``/``unchanged``) are left
        alone. Returns the problems met, never raises.
        """
        problems: list[str] = []
        try:
            self._cleanup(Deadline(timeout, self._progress), problems)
        except Exception as exc:  # never raise: report what went wrong instead
            problems.append(f"cleanup failed: {exc}")
        self._cleaned = list(self._created)
        self._created.clear()
        return problems

    def _cleanup(self, deadline: Deadline, problems: list[str]) -> None:
        ctx = self._context(deadline, Output())
        latest: dict[tuple[str, str | None, str], Created] = {}
        for created in self._created:
            key = (created.resource.qualified_plural, created.namespace, created.name)
            latest.pop(key, None)
            latest[key] = created  # keep creation order, latest UID
        pending: list[tuple[ResourceType, str | None, str, str]] = []
        for created in reversed(list(latest.values())):
            uid = self._delete_quietly(ctx, created.resource, created.namespace, created.name,
                                       problems)
            if uid is not None:
                pending.append((created.resource, created.namespace, created.name, uid))
        # The claims go at once too: their protection finalizer holds them until the pods
        # that use them are gone, so nothing is waited for twice.
        for created in latest.values():
            for claim in self._claims_of(ctx, created, problems):
                uid = self._delete_quietly(ctx, PVCS, created.namespace, claim, problems)
                if uid is not None:
                    pending.append((PVCS, created.namespace, claim, uid))
        self._wait_all_gone(ctx, pending, problems)

    def _delete_quietly(self, ctx: Context, resource: ResourceType, namespace: str | None,
                        name: str, problems: list[str]) -> str | None:
        """DELETE with foreground propagation (gone only once its pods are); the UID."""
        body = {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Foreground"}
        try:
            # repeated while the API server is away: deleting twice is as good as once
            response = ctx.read(lambda: ctx.rest.send(
                "DELETE", object_path(resource, namespace, name), body, timeout=ctx.timeout()))
        except ApiError as exc:
            if not exc.not_found:
                problems.append(f"cannot delete {resource.singular}/{name}: {exc.message}")
            return None
        except PodlabExecutionError as exc:
            problems.append(f"cannot delete {resource.singular}/{name}: {exc}")
            return None
        return deleted_uid(response)

    def _wait_all_gone(self, ctx: Context,
                       pending: list[tuple[ResourceType, str | None, str, str]],
                       problems: list[str]) -> None:
        for resource, namespace, name, uid in pending:
            path = object_path(resource, namespace, name)

            def probe(path: str = path, uid: str = uid) -> tuple[bool | None, str]:
                obj = ctx.get_or_none(path)
                if obj is None or (uid and obj["metadata"].get("uid") != uid):
                    return True, ""
                return None, "still there"

            try:
                poll(ctx.deadline, f"{resource.singular}/{name} to be deleted", probe)
            except (PodlabExecutionError, ApiError) as exc:
                problems.append(str(exc))

    def _claims_of(self, ctx: Context, created: Created, problems: list[str]) -> list[str]:
        """PVCs named ``TEMPLATE-STATEFULSET-N`` that did not exist before the session."""
        if not created.volume_claim_templates or created.namespace is None:
            return []
        before = self._pvcs_before.get(created.namespace, set())
        patterns = [re.compile(rf"^{re.escape(t)}-{re.escape(created.name)}-\d+$")
                    for t in created.volume_claim_templates]
        try:
            listing = ctx.get(collection_path(PVCS, created.namespace))
        except (ApiError, PodlabExecutionError) as exc:
            problems.append(f"cannot list the PVCs of statefulset/{created.name}: {exc}")
            return []
        names = [str(item["metadata"]["name"]) for item in listing.get("items") or []]
        return [n for n in names if n not in before and any(p.match(n) for p in patterns)]



def journal_entry(resource: ResourceType, namespace: str | None, obj: Obj,
                  pvcs_before: set[str] | None) -> Obj:
    """What the lease's journal keeps of an object about to be created."""
    metadata = obj.get("metadata") or {}
    entry: Obj = {"group": resource.group, "version": resource.version,
                  "plural": resource.plural, "kind": resource.kind,
                  "namespaced": resource.namespaced, "namespace": namespace,
                  "name": str(metadata.get("name") or metadata.get("generateName") or "")}
    if resource.kind == "StatefulSet":
        entry["claims"] = [str((t.get("metadata") or {}).get("name"))
                           for t in (obj.get("spec") or {}).get("volumeClaimTemplates") or []]
        entry["claims_before"] = sorted(pvcs_before or ())
    return entry
