"""The extension's message catalog, compiled from the shipped ``.po`` files on first use.

Compiling at build time keeps compiled ``.mo`` binaries out of the repository; Babel comes
with Sphinx.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sphinx.locale import get_translation

CATALOG = "sphinx_podlab"
SOURCE_DIR = Path(__file__).resolve().parent.parent / "locale"

_ = get_translation(CATALOG)


def translate(message: str) -> str:
    """A message of the catalog in the book's language (English when not translated)."""
    return str(_(message))


def compiled_locale_dir() -> Path:
    """A directory holding ``<lang>/LC_MESSAGES/sphinx_podlab.mo`` for every shipped ``.po``."""
    sources = sorted(SOURCE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"sphinx-podlab-locale-{digest}"
    for source in sources:
        mo_path = target / source.relative_to(SOURCE_DIR).with_suffix(".mo")
        if mo_path.exists():
            continue
        from babel.messages.mofile import write_mo  # only when a catalog needs compiling
        from babel.messages.pofile import read_po

        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as stream:
            catalog = read_po(stream)
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent)
        with os.fdopen(handle, "wb") as stream:
            write_mo(stream, catalog)
        os.replace(temporary, mo_path)
    return target
