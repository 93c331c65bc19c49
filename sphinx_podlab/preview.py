"""``python -m sphinx_podlab preview [DOCS_DIR] [autobuild options]``: sphinx-autobuild
with the record directory and the build output kept out of its watcher.

Records are written under the source directory during a build; were they watched, every
live run would trigger another build (a loop).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sphinx.config import Config
from sphinx.util.tags import Tags


def autobuild_command(docs_dir: Path, out_dir: Path, extra: Sequence[str]) -> list[str]:
    config = Config.read(docs_dir.resolve(), overrides={}, tags=Tags())
    record_dir = str(config._raw_config.get("podlab_record_dir", "_podlab"))
    record_name = re.escape(Path(record_dir).name)
    return [
        sys.executable, "-m", "sphinx_autobuild", str(docs_dir), str(out_dir),
        "--re-ignore", rf"(^|/){record_name}/",
        "--re-ignore", r"(^|/)_build/",
        "--re-ignore", r"\.failed\.json$",
        *extra,
    ]


def run_preview(docs_dir: Path, extra: Sequence[str]) -> int:
    # One output directory per book, so two previews never share a pickled environment.
    digest = hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:12]
    out_dir = Path(tempfile.gettempdir()) / f"sphinx-podlab-preview-{digest}"
    os.environ.setdefault("PODLAB_EXECUTION_MODE", "auto")
    command = autobuild_command(docs_dir, out_dir, extra)
    os.execv(command[0], command)
    return 0  # not reached
