"""What every command needs while it runs: REST access, namespace, deadline, its output."""

from __future__ import annotations

import pathlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from ..model.objects import ResourceType
from ..parse.resources import find_resource_type, resource_type_for_kind
from .deadline import Deadline
from .failures import CliError, KubectlFailure, error_text
from .forwards import ForwardedPorts
from .interrupt import check as check_interrupt
from .patchmeta import PatchMeta, root_meta
from .rest import ApiError, Rest, api_prefix
from .watch import Until

if TYPE_CHECKING:  # the client is loaded only when a cluster is used
    from kubernetes.client import ApiClient

    from .kubeconfig import KubeconfigSource

T = TypeVar("T")
UNREACHABLE = "cluster unreachable"  # how Rest words a refused or dropped connection
RETRIED_CODES = {429, 502, 503, 504}  # busy or restarting: ask again
READ_RETRY_PAUSE = 0.5  # seconds between two tries of a read


def known_type(name: str) -> ResourceType:
    """A resource type podlab always knows (``pods``, ``persistentvolumeclaims``...)."""
    found = find_resource_type(name)
    if found is None:
        raise LookupError(name)
    return found


@dataclass
class Output:
    """stdout and stderr of one kubectl command, and its exit status."""

    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    exit_code: int = 0
    warnings: set[str] = field(default_factory=set)  # server warnings already printed
    # a session's terminal (run -it) shows stderr's notices before the output: in order
    in_order: list[str] | None = None

    def out(self, text: str) -> None:
        self.stdout.append(text)
        if self.in_order is not None:
            self.in_order.append(text)

    def err(self, text: str) -> None:
        self.stderr.append(text)
        if self.in_order is not None:
            self.in_order.append(text)

    def fail(self, errors: list[KubectlFailure], code: int = 1) -> None:
        """Print errors as kubectl's CheckErr does and set the exit status."""
        if errors:
            self.err(error_text(errors))
            self.exit_code = code


@dataclass(frozen=True)
class Created:
    """An object this session created, to delete at cleanup."""

    resource: ResourceType
    namespace: str | None
    name: str
    uid: str
    volume_claim_templates: tuple[str, ...] = ()


class NoKindMatch(CliError):
    """The server knows no such kind (discovery): kubectl's RESTMapper error."""

    def __init__(self, api_version: str, kind: str) -> None:
        self.api_version, self.kind = api_version, kind
        super().__init__(f'resource mapping not found for kind "{kind}" in version '
                         f'"{api_version}"\nensure CRDs are installed first')

    def for_object(self, name: str, namespace: str, source: str) -> CliError:
        """As the resource builder words it for an object read from a file."""
        return CliError(f'resource mapping not found for name: "{name}" namespace: '
                        f'"{namespace}" from "{source}": no matches for kind "{self.kind}" in '
                        f'version "{self.api_version}"\nensure CRDs are installed first')


@dataclass(frozen=True)
class Task:
    """Something a command started that keeps running after the command returns."""

    name: str  # how messages name it, e.g. "port-forward pod/x 8080:80"
    stop: Callable[[], None]


class Background:
    """What a page's commands left running (another terminal's ``get -w``, a port-forward),
    stopped newest first when the page's scenario ends, also after a failure."""

    def __init__(self) -> None:
        self._tasks: list[Task] = []

    def keep(self, name: str, stop: Callable[[], None]) -> None:
        self._tasks.append(Task(name, stop))

    def __len__(self) -> int:
        return len(self._tasks)

    def stop_all(self) -> list[str]:
        """Stop every task; the problems met (a stop that raised), never raises."""
        problems = []
        while self._tasks:
            task = self._tasks.pop()
            try:
                task.stop()
            except Exception as exc:  # one failing stop must not keep the others running
                problems.append(f"cannot stop {task.name}: {exc}")
        return problems


class Cache:
    """Per-cluster lookups that do not change during a session."""

    def __init__(self) -> None:
        self.kinds: dict[tuple[str, str], ResourceType] = {}
        self.discovered: dict[str, ResourceType] = {}  # type names resolved by discovery
        self.openapi_paths: dict[str, str] | None = None
        self.openapi: dict[str, Obj] = {}


class Context:
    def __init__(
        self,
        rest: Rest,
        namespace: str,
        deadline: Deadline,
        kubectl_minor: int,
        resolve_manifest: Callable[[str], pathlib.Path],
        output: Output,
        cache: Cache,
        new_api_client: Callable[[], ApiClient],
        before_create: Callable[[Context, ResourceType, str | None, Obj], None] | None = None,
        background: Background | None = None,
        owned: Callable[[ResourceType, str | None, str], bool] | None = None,
        until: Until | None = None,
        forwards: ForwardedPorts | None = None,
        kubeconfig: KubeconfigSource | None = None,
    ) -> None:
        self.rest = rest
        self.default_namespace = namespace
        self.deadline = deadline
        self.minor = kubectl_minor
        self.resolve_manifest = resolve_manifest
        self.output = output
        self.cache = cache
        self.created: list[Created] = []
        self.new_api_client = new_api_client
        self._before_create = before_create
        self._owned = owned
        # a long-running verb registers what it started here: background.keep(name, stop)
        self.background = background if background is not None else Background()
        # where the connection's settings came from (``kubectl config ...`` reads them)
        self.kubeconfig = kubeconfig
        # when a command that keeps running (get -w, logs -f, port-forward) ends
        self.until = until if until is not None else Until()
        # the page's forwarded localhost ports (port-forward adds, curl and browsers use)
        self.forwards = forwards if forwards is not None else ForwardedPorts()
        # wait as a careful author after a change (workloads ready, replacements running);
        # off for a block with ``:wait: none`` (a page that shows a pod failing)
        self.waits = True

    def before_create(self, resource: ResourceType, namespace: str | None, obj: Obj) -> None:
        """Called just before this step creates ``obj`` (the session notes what existed, and
        journals the object so that an interrupted run's leftovers can be found)."""
        if self._before_create is not None:
            self._before_create(self, resource, namespace, obj)

    def check_owned(self, resource: ResourceType, namespace: str | None, name: str) -> None:
        """Before changing an existing object: refuse one this run did not create (in a live
        scenario, whose outputs must be a fresh namespace's)."""
        if self._owned is None or not resource.namespaced:
            return
        mine = any(c.resource.qualified_plural == resource.qualified_plural and
                   c.namespace == namespace and c.name == name for c in self.created)
        if not mine and not self._owned(resource, namespace, name):
            shown = f"{resource.qualified_kind}/{name}"
            raise PodlabExecutionError(
                f"{shown} already exists in namespace {namespace} and this run did not create "
                "it: the page's outputs would not be a fresh namespace's (kubectl would print "
                "'configured'); delete it, or run the page in another namespace")

    def namespace(self, explicit: str | None) -> str:
        return explicit or self.default_namespace

    def timeout(self, seconds: float | None = None) -> float:
        """A request timeout within the step's deadline."""
        return self.deadline.bound(seconds if seconds is not None else self.rest.request_timeout)

    def get(self, path: str, query: dict[str, str | int] | None = None) -> Obj:
        return self.read(lambda: self.rest.get(path, query=query, timeout=self.timeout()))

    def get_or_none(self, path: str) -> Obj | None:
        return self.read(lambda: self.rest.get_or_none(path, timeout=self.timeout()))

    def read(self, call: Callable[[], T]) -> T:
        """A read, repeated while the API server is away (a restart: refused or dropped
        connections, 503) or overloaded (429, 504), within the step's deadline. Reads are
        safe to repeat; writes and streams are not, and are never repeated."""
        internal_errors = 0
        while True:
            try:
                return call()
            except PodlabExecutionError as exc:
                if not str(exc).startswith(UNREACHABLE):
                    raise
                problem: Exception = exc
            except ApiError as exc:
                if exc.code == 500:  # a real answer, usually: at most a few tries
                    internal_errors += 1
                    if internal_errors > 2:
                        raise
                elif exc.code not in RETRIED_CODES:
                    raise
                problem = exc
            if self.deadline.remaining() < READ_RETRY_PAUSE:
                raise problem
            self.deadline.report("the API server to answer again", str(problem))
            check_interrupt()
            time.sleep(READ_RETRY_PAUSE)

    # -- kinds ----------------------------------------------------------------------------

    def resource_for_kind(self, api_version: str, kind: str) -> ResourceType:
        """The resource type of a manifest's ``apiVersion``/``kind`` (known, else discovered)."""
        known = resource_type_for_kind(api_version, kind)
        if known is not None:
            return known
        cached = self.cache.kinds.get((api_version, kind))
        if cached is not None:
            return cached
        group, _, version = api_version.rpartition("/")
        path = f"/apis/{group}/{version}" if group else f"/api/{version}"
        try:
            listing = self.get(path)
        except ApiError as exc:
            if exc.not_found:
                raise NoKindMatch(api_version, kind) from exc
            raise
        for resource in listing.get("resources") or []:
            if resource.get("kind") == kind and "/" not in str(resource.get("name")):
                found = ResourceType(
                    str(resource["name"]), kind, group, version,
                    bool(resource.get("namespaced")), tuple(resource.get("shortNames") or ()),
                )
                self.cache.kinds[(api_version, kind)] = found
                return found
        raise NoKindMatch(api_version, kind)

    # -- OpenAPI --------------------------------------------------------------------------

    def patch_meta(self, resource: ResourceType) -> PatchMeta:
        """Strategic-merge metadata for ``resource`` from the server's OpenAPI v3 document."""
        document = self.openapi_document(api_prefix(resource).lstrip("/"))
        return root_meta(document, resource.group, resource.version, resource.kind)

    def openapi_document(self, key: str) -> Obj:
        """The server's OpenAPI v3 document of one group version (``apis/apps/v1``), cached."""
        document = self.cache.openapi.get(key)
        if document is None:
            url = self.openapi_paths().get(key)
            if not url:
                raise PodlabExecutionError(f"the server publishes no OpenAPI v3 schema for {key}")
            path, _, query_text = url.partition("?")
            query = dict(part.split("=", 1) for part in query_text.split("&") if "=" in part)
            document = self.rest.get(path, query=query or None, timeout=self.timeout(60))
            self.cache.openapi[key] = document
        return document

    def openapi_paths(self) -> dict[str, str]:
        """The group versions the server has OpenAPI v3 documents for, and their URLs."""
        if self.cache.openapi_paths is None:
            listing = self.rest.get("/openapi/v3", timeout=self.timeout(30))
            self.cache.openapi_paths = {
                name: str(entry.get("serverRelativeURL") or "")
                for name, entry in (listing.get("paths") or {}).items()
            }
        return self.cache.openapi_paths
