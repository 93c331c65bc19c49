"""The two errors every layer raises: bad input in a page, a step that could not run."""

from __future__ import annotations


class PodlabSyntaxError(ValueError):
    """Bad input in a block. ``line`` is 0-based within the block content."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class PodlabExecutionError(Exception):
    """A step could not run (timeout, unreachable cluster, bad manifest): not a kubectl error."""


class CliError(Exception):
    """A client-side kubectl error such as ``timed out waiting for the condition on pods/x``:
    printed as kubectl prints it (``error: ...``), exit status 1."""
