"""Reading and writing record files: human-diffable JSON, replaced atomically."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model.records import CorruptRecordError, Record


class RecordStore:
    """``<directory>/<docname>.json`` for every page with podlab blocks."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, docname: str) -> Path:
        return self.directory / f"{docname}.json"

    def read(self, docname: str) -> Record | None:
        """The page's record, None when there is none; CorruptRecordError when unreadable."""
        path = self.path(docname)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise CorruptRecordError(f"cannot read {path}: {error}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CorruptRecordError(f"{path} is not valid JSON: {error}") from None
        return Record.from_data(data)

    def image_path(self, file: str) -> Path:
        return self.directory / file

    def damaged_images(self, record: Record) -> list[str]:
        """Screenshots of the record that are missing or differ from their recorded hash."""
        damaged = []
        for block in record.blocks:
            shot = block.screenshot
            if shot is None:
                continue
            try:
                content = self.image_path(shot.file).read_bytes()
            except OSError:
                damaged.append(shot.file)
                continue
            if hashlib.sha256(content).hexdigest() != shot.sha256:
                damaged.append(shot.file)
        return damaged

    def write(self, record: Record, images: Mapping[str, bytes] | None = None) -> bool:
        """Write the record (screenshots first); False when nothing had to change.

        Leaving unchanged files alone keeps sphinx-autobuild from seeing a change.
        """
        changed = False
        for file, content in (images or {}).items():
            changed = _replace_if_different(self.image_path(file), content) or changed
        text = render_record(record).encode("utf-8")
        return _replace_if_different(self.path(record.docname), text) or changed


    # A failed live run leaves a small note beside the record (never in it), so that
    # `python -m sphinx_podlab status` can say "failed last time". Not meant for git.
    def failure_path(self, docname: str) -> Path:
        return self.directory / f"{docname}{FAILURE_SUFFIX}"

    def note_failure(self, docname: str, failure: Failure) -> None:
        path = self.failure_path(docname)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(failure), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")

    def clear_failure(self, docname: str) -> None:
        self.failure_path(docname).unlink(missing_ok=True)

    def failure(self, docname: str) -> Failure | None:
        try:
            data = json.loads(self.failure_path(docname).read_text(encoding="utf-8"))
            return Failure(**data)
        except (OSError, ValueError, TypeError):
            return None

    @property
    def remote_dir(self) -> Path:
        """The fetched copies of URL manifests (``-f https://...``)."""
        return self.directory / REMOTE_DIR

    def docnames(self) -> list[str]:
        """Every page that has a record file."""
        if not self.directory.is_dir():
            return []
        return sorted(
            path.relative_to(self.directory).with_suffix("").as_posix()
            for path in self.directory.rglob("*.json")
            if not path.name.endswith((FAILURE_SUFFIX, CHAIN_RUN_SUFFIX))
            and self.remote_dir not in path.parents
        )


FAILURE_SUFFIX = ".failed.json"
CHAIN_RUN_SUFFIX = ".chain-run.json"  # which pages a build's run of a chain wrote (not for git)
REMOTE_DIR = "_remote"


@dataclass(frozen=True)
class Failure:
    at: str
    key: str
    message: str
    line: int | None


def _replace_if_different(path: Path, content: bytes) -> bool:
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: readers see the old or the new file, never half.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, 0o644)  # mkstemp makes 0600; records are ordinary files
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def render_record(record: Record) -> str:
    return json.dumps(record.to_data(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


__all__ = ["CorruptRecordError", "Failure", "RecordStore", "render_record"]
