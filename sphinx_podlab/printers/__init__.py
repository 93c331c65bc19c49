"""kubectl's template printers as pure functions: ``-o jsonpath=``, ``jsonpath-as-json=``,
``custom-columns=``, ``custom-columns-file=``, ``go-template=`` (and their ``-file`` forms),
and ``--sort-by``.

Each printer is parsed once from the ``-o`` value (:func:`template_printer`, raising
:class:`PrinterError` with kubectl's message) and then prints one object, or the ``List``
kubectl builds for several, to text. Objects are JSON data as the API returns them, decoded
with :func:`decode_json` (integers beyond int64 become floats, as in kubectl).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from .customcolumns import CustomColumnsPrinter
from .errors import PrinterError, UnsupportedTemplate
from .gofmt import decode_json
from .jsonpath import JSONPathPrinter
from .sortby import SortBy, UnsortableField

__all__ = ["CustomColumnsPrinter", "JSONPathPrinter", "Printer", "PrinterError", "SortBy",
           "UnsortableField", "UnsupportedTemplate", "decode_json", "is_template_output",
           "template_printer"]


class Printer(Protocol):
    def print(self, obj: Any) -> str: ...


_JSONPATH = ("jsonpath", "jsonpath-file", "jsonpath-as-json")
_GO_TEMPLATE = ("template", "go-template", "go-template-file", "templatefile")
_COLUMNS = ("custom-columns", "custom-columns-file")
_FILES = ("jsonpath-file", "go-template-file", "templatefile", "custom-columns-file")


def is_template_output(output: str) -> bool:
    """Whether ``-o OUTPUT`` names one of these printers (with or without ``=VALUE``)."""
    return output.partition("=")[0] in (*_JSONPATH, *_GO_TEMPLATE, *_COLUMNS)


def template_printer(output: str, no_headers: bool = False,
                     read_file: Callable[[str], str] | None = None,
                     allow_missing_keys: bool = True) -> Printer:
    """The printer ``kubectl get -o OUTPUT`` uses; ``read_file`` reads a ``-file`` form's file
    (an OSError becomes kubectl's message); ``allow_missing_keys`` is
    ``--allow-missing-template-keys`` (jsonpath and go-template only, as in kubectl)."""
    form, _, value = output.partition("=")
    if form in _FILES and value:
        value = _read(form, value, read_file)
    if form in _COLUMNS:
        if not value:
            raise PrinterError("custom-columns format specified but no custom columns given")
        if form == "custom-columns-file":
            return CustomColumnsPrinter.from_file_text(value)
        return CustomColumnsPrinter.from_spec(value, no_headers)
    if form in _JSONPATH:
        return JSONPathPrinter.parse(value, as_json=form == "jsonpath-as-json",
                                     allow_missing_keys=allow_missing_keys)
    if form in _GO_TEMPLATE:
        from .gotemplate import GoTemplatePrinter

        return GoTemplatePrinter.parse(value, allow_missing_keys)
    raise ValueError(f"not a template output: {output}")


def _read(form: str, path: str, read_file: Callable[[str], str] | None) -> str:
    if read_file is None:
        raise UnsupportedTemplate(f"-o {form}= needs the file's text")
    try:
        return read_file(path)
    except FileNotFoundError:
        reason = f"open {path}: no such file or directory"
    except IsADirectoryError:
        reason = f"read {path}: is a directory"
    except PermissionError:
        reason = f"open {path}: permission denied"
    if form == "custom-columns-file":
        raise PrinterError(f"error reading template {path}, {reason}\n")
    raise PrinterError(f"error reading --template {path}, {reason}")
