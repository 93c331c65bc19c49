"""``kubectl cp LOCAL [NAMESPACE/]POD:PATH [-c C]`` and ``kubectl cp [NAMESPACE/]POD:PATH
LOCAL``: a tar archive through the exec stream, as kubectl sends and reads it.

To the pod: kubectl asks ``test -d PATH`` (a directory gets the file inside), then runs
``tar -xmf - -C DIR`` with an archive whose member is named after the destination. The
local file is the book's own (looked up like a manifest, part of the page's key).
From the pod: ``tar cf - PATH``; tar's stderr is shown on kubectl's stdout (kubectl routes
it there); the files are unpacked into a scratch directory that is removed afterwards,
since a page cannot show a file on the build machine.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..execute.context import Context
from ..execute.exec_stream import exit_status, run_exec
from ..execute.failures import CliError
from ..execute.pods import default_container
from ..execute.rest import ApiError
from ..execute.targets import resolve_pod
from ..model.objects import ObjectRef
from ..parse.args import resource
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb
from .exec import exec_failure


@dataclass(frozen=True)
class Remote:
    pod: str
    path: str
    namespace: str | None = None


@dataclass(frozen=True)
class Copy:
    local: str
    remote: Remote
    to_pod: bool
    container: str | None = None
    namespace: str | None = None

    @property
    def data_files(self) -> tuple[str, ...]:
        return (self.local,) if self.to_pod else ()


FLAGS = FlagSpec(values={"-c": "container", "--container": "container"})


def _remote(spec: str) -> Remote | None:
    """``[namespace/]pod:path`` (kubectl's extractFileSpec), or None for a local path."""
    if ":" not in spec:
        return None
    target, path = spec.split(":", 1)
    if not path:
        raise unsupported("filespec must match the canonical format: [[namespace/]pod:]file/path")
    namespace, slash, pod = target.rpartition("/")
    return Remote(pod, path, namespace if slash else None)


def parse(args: ParsedArgs) -> Copy:
    if len(args.positionals) != 2:
        raise unsupported("source and destination are required")
    source, destination = args.positionals
    src, dest = _remote(source), _remote(destination)
    if src is None and dest is None:
        raise unsupported("one of src or dest must be a remote file specification")
    if src is not None and dest is not None:
        raise unsupported("one of src or dest must be a local file specification")
    if dest is not None:
        return Copy(source, dest, True, args.single("container"), args.namespace)
    assert src is not None
    return Copy(destination, src, False, args.single("container"), args.namespace)


def _archive(path: Path, name: str) -> bytes:
    """A tar archive of ``path`` (a file or a directory) under ``name``, padded to a whole
    record so that tar stops reading at its end."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        archive.add(path, arcname=name)
    return buffer.getvalue()


def run(ctx: Context, command: Copy) -> None:
    namespace = command.remote.namespace or ctx.namespace(command.namespace)
    try:
        pod, _ = resolve_pod(ctx, ObjectRef(resource("pods"), command.remote.pod), namespace,
                             "exec")
    except ApiError as exc:
        ctx.output.fail([exc])
        return
    container = command.container
    if not container:
        container, notice = default_container(pod)
        ctx.output.err(notice)
    if command.to_pod:
        local = ctx.resolve_manifest(command.local)
        if not local.exists():
            raise CliError(f"{command.local} doesn't exist in local filesystem")
        dest = PurePosixPath(command.remote.path)
        if _exec(ctx, namespace, pod["metadata"]["name"], container,
                 ("test", "-d", str(dest)), None)[2] == 0:
            dest = dest / local.name
        out, err, code = _exec(ctx, namespace, pod["metadata"]["name"], container,
                               ("tar", "-xmf", "-", "-C", str(dest.parent)),
                               _archive(local, dest.name))
        ctx.output.out(out)
        ctx.output.err(err)
    else:
        out, err, code = _exec(ctx, namespace, pod["metadata"]["name"], container,
                               ("tar", "cf", "-", command.remote.path), None, binary=True)
        ctx.output.out(err)  # kubectl shows tar's stderr on its stdout
        if code == 0:
            with tempfile.TemporaryDirectory(prefix="podlab-cp-") as scratch:
                try:
                    with tarfile.open(fileobj=io.BytesIO(out.encode("latin-1"))) as archive:
                        archive.extractall(scratch, filter="data")
                except tarfile.TarError as exc:
                    raise CliError("tar contents corrupted") from exc
    if code:
        ctx.output.err(f"command terminated with exit code {code}\n")
        ctx.output.exit_code = code


def _exec(ctx: Context, namespace: str, pod: str, container: str, command: tuple[str, ...],
          input: bytes | None, binary: bool = False) -> tuple[str, str, int]:
    """(stdout, stderr, exit status) of a command in the container (stdout as latin-1 text
    when ``binary``, to keep its bytes)."""
    api_client = ctx.new_api_client()
    try:
        outcome = run_exec(api_client, namespace, pod, container, command, False, False,
                           ctx.deadline.bound(3600), input=input)
    finally:
        api_client.close()  # type: ignore[no-untyped-call]
    failure = exec_failure(outcome, pod)
    if failure is not None:
        raise failure
    code, _text = exit_status(outcome.status)
    out = outcome.stdout.decode("latin-1") if binary else outcome.stdout.decode("utf-8",
                                                                                  "replace")
    return out, outcome.stderr.decode("utf-8", "replace"), code


VERB = Verb("cp", "kubectl cp LOCAL POD:PATH | POD:PATH LOCAL [-c CONTAINER]", FLAGS, parse)
