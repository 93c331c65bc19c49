"""The one error a printer raises: kubectl's own words, ready for stderr."""

from __future__ import annotations


class PrinterError(Exception):
    """kubectl refused a template or failed while printing with it.

    ``message`` is the error's text as kubectl's ``CheckErr`` receives it; ``stderr`` is
    what kubectl prints (``error: `` in front, a newline at the end) before exiting 1.
    ``stdout`` is what kubectl had already written to stdout (a go-template that fails
    while executing prints its debugging notes there).
    """

    def __init__(self, message: str, stdout: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.stdout = stdout

    @property
    def stderr(self) -> str:
        text = self.message if self.message.startswith("error: ") else f"error: {self.message}"
        return text if text.endswith("\n") else text + "\n"


class UnsupportedTemplate(Exception):
    """A construct kubectl accepts but podlab does not reproduce: a build error, never a
    guess at what kubectl would print. The message names the construct."""
