"""Live scenarios that share a namespace never interleave, across ``-j`` worker processes."""

from __future__ import annotations

import fcntl
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def namespace_lock(context: str | None, namespace: str) -> Iterator[None]:
    """Hold an exclusive file lock for (context, namespace) while the block runs."""
    digest = hashlib.sha256(f"{context or ''}\0{namespace}".encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"sphinx-podlab-{digest}.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
