"""The two errors every layer raises: bad input in a page, a step that could not run."""

from __future__ import annotations

from .messages import Text


def first_line(exc: BaseException) -> str:
    """The first line of an exception's text (clients append call logs and tracebacks)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def cause(exc: BaseException) -> str:
    """The first line of what went wrong underneath: urllib3's and the client's exceptions
    keep the real cause in ``reason`` (an exception or a text)."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, BaseException):
        return cause(reason)
    text = str(reason or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class PodlabSyntaxError(ValueError):
    """Bad input in a block. ``line`` is 0-based within the block content; ``message`` is
    the translatable form of ``str(error)`` (a plain text where it is kubectl's wording)."""

    def __init__(self, message: Text, line: int = 0) -> None:
        super().__init__(str(message))
        self.message = message
        self.line = line


class PodlabExecutionError(Exception):
    """A step could not run (timeout, unreachable cluster, bad manifest): not a kubectl error."""


class CliError(Exception):
    """A client-side kubectl error such as ``timed out waiting for the condition on pods/x``:
    printed as kubectl prints it (``error: ...``), exit status 1."""
