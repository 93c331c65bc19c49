"""Reading and writing record files: human-diffable JSON, replaced atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .model import CorruptRecordError, Record


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

    def write(self, record: Record) -> bool:
        """Write the record; False (and no write) when the file already has this content.

        Leaving an unchanged file alone keeps sphinx-autobuild from seeing a change.
        """
        path = self.path(record.docname)
        text = render_record(record)
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target, then rename: readers see the old or the new file, never half.
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True


def render_record(record: Record) -> str:
    return json.dumps(record.to_data(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


__all__ = ["CorruptRecordError", "RecordStore", "render_record"]
