"""Errors as kubectl prints them (``cmdutil.CheckErr``): what goes to stderr, and exit 1."""

from __future__ import annotations

from collections.abc import Sequence

from ..model.errors import CliError
from .rest import ApiError

__all__ = ["CliError", "KubectlFailure", "NoResourceMatch", "error_text", "namespace_mismatch",
           "standard_message", "with_source"]


KubectlFailure = ApiError | CliError


class NoResourceMatch(CliError):
    """The server knows no such resource type: CheckErr prints it without ``error: ``."""

    def __init__(self, resource: str) -> None:
        super().__init__(f'the server doesn\'t have a resource type "{resource}"')


def namespace_mismatch(in_file: str, given: str) -> CliError:
    """A manifest's namespace that ``-n`` contradicts (apply, delete, describe -f)."""
    return CliError(f'the namespace from the provided object "{in_file}" does not match the '
                    f'namespace "{given}". You must pass \'--namespace={in_file}\' to perform '
                    "this operation.")


def with_source(verb: str, source: str, error: ApiError) -> ApiError:
    """cmdutil.AddSourceToErr: ``error when creating "ss-mysql.yml": ...``."""
    if not source:
        return error
    status = dict(error.status)
    status["message"] = f'error when {verb} "{source}": {error.message}'
    return ApiError(error.code, status)


def standard_message(error: KubectlFailure) -> str:
    """StandardErrorMessage, falling back to ``error: message`` as CheckErr does."""
    if isinstance(error, ApiError):
        if error.reason == "Unauthorized":
            return f"error: You must be logged in to the server ({error.message})"
        if error.reason:
            return f"Error from server ({error.reason}): {error.message}"
        return f"Error from server: {error.message}"
    message = str(error)
    if message.startswith("error: ") or isinstance(error, NoResourceMatch):
        return message
    return f"error: {message}"


def _invalid_message(error: ApiError) -> str:
    details = error.status.get("details")
    text = "The request is invalid"
    if not details:
        return f"{text}: {error.message}" if error.message else text
    kind, name = details.get("kind") or "", details.get("name") or ""
    causes = details.get("causes") or []
    if kind or name:
        text = f'The {kind} "{name}" is invalid'
    elif error.message and not causes:
        text += f": {error.message}"
    if not causes:
        return text
    messages: list[str] = []
    for cause in causes:
        line = f"{cause.get('field', '')}: {cause.get('message', '')}"
        if line not in messages:
            messages.append(line)
    if len(messages) == 1:
        return f"{text}: {messages[0]}"
    return f"{text}: \n" + "".join(f"* {line}\n" for line in messages)


def error_text(errors: Sequence[KubectlFailure]) -> str:
    """What CheckErr writes for one error or an aggregate of several (with final newline)."""
    if not errors:
        return ""
    if len(errors) == 1:
        error = errors[0]
        if isinstance(error, ApiError) and error.reason == "Invalid":
            text = _invalid_message(error)
        else:
            text = standard_message(error)
        return text if text.endswith("\n") else text + "\n"
    # MultipleErrors: one line each, client errors without the "error: " prefix
    return "".join(
        f"{standard_message(error) if isinstance(error, ApiError) else error}\n"
        for error in errors
    )
