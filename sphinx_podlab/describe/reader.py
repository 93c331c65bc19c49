"""How describers read the API: the two read methods of the execution Context.

A live run passes its ``execute.context.Context``; offline tests pass a reader that answers
from responses captured on the lab. Paths are API paths (``/api/v1/namespaces/NS/pods/NAME``,
``/apis/apps/v1/namespaces/NS/deployments``); a query is sent as URL parameters
(``fieldSelector``, ``labelSelector``, ``limit``, ``continue``).
"""

from __future__ import annotations

from typing import Any, Protocol


class Reader(Protocol):
    def get(self, path: str, query: dict[str, str | int] | None = None) -> dict[str, Any]:
        """The object or list at ``path``; raises the context's ApiError when it fails."""
        ...

    def get_or_none(self, path: str) -> dict[str, Any] | None:
        """The object at ``path``, or None when the server says it does not exist."""
        ...


def is_api_answer(error: Exception) -> bool:
    """Whether ``error`` is the API server's answer (it carries an HTTP status code), not a
    problem of our own (a deadline, an unreachable cluster, a bug)."""
    return isinstance(getattr(error, "code", None), int)


def list_all(reader: Reader, path: str, query: dict[str, str | int], chunk_size: int,
             partial: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every item of a list, fetched ``chunk_size`` at a time as kubectl does (``limit`` and
    ``continue``; a chunk size of 0 asks for everything at once). The items arrive in
    ``partial`` too, when given, so a caller that ignores errors keeps what came first."""
    items: list[dict[str, Any]] = partial if partial is not None else []
    params: dict[str, str | int] = dict(query)
    if chunk_size > 0:
        params["limit"] = chunk_size
    while True:
        page = reader.get(path, params)
        items.extend(page.get("items") or [])
        token = (page.get("metadata") or {}).get("continue")
        if not token:
            return items
        params = {**params, "continue": token}
