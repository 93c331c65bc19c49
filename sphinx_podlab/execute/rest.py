"""Raw REST calls through the official client's ApiClient, with the API errors kept whole.

The typed API of the ``kubernetes`` package cannot ask for Tables and hides the server's
Status on errors; kubectl's output needs both. ``ApiClient.param_serialize`` + ``call_api``
(the client 37 way) gives the raw response with the client's own auth and TLS settings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model.errors import PodlabExecutionError, cause
from ..model.kinds import Obj
from ..model.objects import ResourceType

if TYPE_CHECKING:  # urllib3 and the client are imported where requests are made
    from kubernetes.client import ApiClient

JSON = "application/json"
TABLE_ACCEPT = ",".join(
    (
        "application/json;as=Table;v=v1;g=meta.k8s.io",
        "application/json;as=Table;v=v1beta1;g=meta.k8s.io",
        "application/json",
    )
)
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"
MERGE_PATCH = "application/merge-patch+json"


class ApiError(Exception):
    """A non-2xx answer of the API server, with its ``Status`` object."""

    def __init__(self, code: int, status: Obj) -> None:
        self.code = code
        self.status = status
        super().__init__(self.message)

    @property
    def reason(self) -> str:
        return str(self.status.get("reason") or "")

    @property
    def message(self) -> str:
        return str(self.status.get("message") or "")

    @property
    def not_found(self) -> bool:
        return self.code == 404


def api_error_from(code: int, data: bytes) -> ApiError:
    """The Status in an error body; a synthetic one when the body is not a Status."""
    text = data.decode("utf-8", "replace")
    try:
        body = json.loads(text) if text else {}
    except ValueError:
        body = {}
    if isinstance(body, dict) and body.get("kind") == "Status":
        return ApiError(code, body)
    # kubectl: "the server could not find the requested resource" etc. for bare errors
    reason = _REASON_BY_CODE.get(code, "")
    message = text.strip() or _MESSAGE_BY_CODE.get(code, f"unknown (status {code})")
    return ApiError(code, {"kind": "Status", "status": "Failure", "reason": reason,
                           "message": message, "code": code})


_REASON_BY_CODE = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
                   405: "MethodNotAllowed", 409: "Conflict", 422: "Invalid",
                   429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable",
                   504: "Timeout"}
_MESSAGE_BY_CODE = {404: "the server could not find the requested resource"}


@dataclass
class Response:
    status: int
    data: bytes

    def json(self) -> Obj:
        value = json.loads(self.data.decode("utf-8"))
        if not isinstance(value, dict):
            raise PodlabExecutionError(f"unexpected answer from the API server: {value!r:.200}")
        return value


_WARNING = re.compile(r'^\s*(\d{3})\s+\S+\s+"((?:[^"\\]|\\.)*)"')


def parse_warning_header(value: str) -> str | None:
    """The text of one RFC 7234 ``Warning`` header as the API server sends it (code 299)."""
    match = _WARNING.match(value)
    if match is None or match.group(1) != "299":
        return None
    return re.sub(r"\\(.)", r"\1", match.group(2))


class Rest:
    """JSON requests against one cluster; every call is bounded by a timeout."""

    def __init__(
        self, api_client: ApiClient, request_timeout: float, on_warning: Callable[[str], None]
    ) -> None:
        self.api_client = api_client
        self.request_timeout = request_timeout
        self.on_warning = on_warning

    @property
    def host(self) -> str:
        """The API server's URL as the kubeconfig names it (``kubectl cluster-info`` shows it)."""
        return str(self.api_client.configuration.host)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str | int] | None = None,
        body: object | None = None,
        content_type: str | None = None,
        accept: str = JSON,
        timeout: float | None = None,
        stream: bool = False,
    ) -> Any:
        """The raw urllib3 response (``stream=True``) or a :class:`Response`."""
        import urllib3
        from kubernetes.client.exceptions import ApiException

        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = content_type or JSON
        query_items = [(key, str(value)) for key, value in (query or {}).items()]
        method_, url, header_params, body_, post_params = self.api_client.param_serialize(
            method,
            path,
            query_params=query_items or None,
            header_params=headers,
            body=body,
            auth_settings=["BearerToken"],
        )
        request_timeout = timeout if timeout is not None else self.request_timeout
        connect_timeout = min(request_timeout, self.request_timeout)
        for attempt in (1, 2):
            try:
                raw = self.api_client.call_api(
                    method_, url, header_params=header_params, body=body_,
                    post_params=post_params, _request_timeout=(connect_timeout, request_timeout),
                )
                break
            except urllib3.exceptions.ReadTimeoutError as exc:
                raise PodlabExecutionError(
                    f"the API server did not answer {method} {path} within "
                    f"{request_timeout:.0f} s") from exc
            except (urllib3.exceptions.HTTPError, ApiException, OSError) as exc:
                if attempt == 1 and _stale_connection(exc):
                    # a pooled connection the server closed while it restarted: the request
                    # never reached it; forget the pool and send it once more
                    self._forget_pooled_connections()
                    continue
                raise PodlabExecutionError(f"cluster unreachable: {cause(exc)}") from exc
        for value in raw.response.headers.getlist("Warning"):
            text = parse_warning_header(value)
            if text is not None:
                self.on_warning(text)
        if stream:
            if not 200 <= raw.status <= 299:
                raise api_error_from(raw.status, raw.read())  # type: ignore[no-untyped-call]
            return raw.response
        try:
            data = raw.read()  # type: ignore[no-untyped-call]
        except urllib3.exceptions.HTTPError as exc:
            raise PodlabExecutionError(f"cluster unreachable: {cause(exc)}") from exc
        if not 200 <= raw.status <= 299:
            raise api_error_from(raw.status, data)
        return Response(raw.status, data)

    def _forget_pooled_connections(self) -> None:
        pool = getattr(getattr(self.api_client, "rest_client", None), "pool_manager", None)
        if pool is not None:
            pool.clear()

    def get(self, path: str, query: Mapping[str, str | int] | None = None,
            accept: str = JSON, timeout: float | None = None) -> Obj:
        response: Response = self.request("GET", path, query=query, accept=accept,
                                          timeout=timeout)
        return response.json()

    def get_or_none(self, path: str, timeout: float | None = None) -> Obj | None:
        try:
            return self.get(path, timeout=timeout)
        except ApiError as exc:
            if exc.not_found:
                return None
            raise

    def send(self, method: str, path: str, body: object, *, content_type: str = JSON,
             query: Mapping[str, str | int] | None = None,
             timeout: float | None = None) -> Obj:
        response: Response = self.request(method, path, query=query, body=body,
                                          content_type=content_type, timeout=timeout)
        return response.json()

    def watch_lines(
        self, path: str, query: Mapping[str, str | int], timeout: float
    ) -> Iterator[Obj]:
        """Events of a watch, until the server ends it or ``timeout`` passes without data."""
        import urllib3

        response = self.request("GET", path, query={**query, "watch": "1"}, timeout=timeout,
                                stream=True)
        buffer = b""
        try:
            for chunk in response.stream(amt=None, decode_content=True):
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip():
                        event = json.loads(line)
                        if isinstance(event, dict):
                            yield event
        except (urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ProtocolError):
            return  # the caller restarts the watch while time remains
        finally:
            response.release_conn()




def deleted_uid(response: Obj) -> str:
    """The UID of what a DELETE removed: in the Status's details once it is gone, else in the
    object itself (still there, with finalizers or a grace period)."""
    if response.get("kind") == "Status":
        return str((response.get("details") or {}).get("uid") or "")
    return str((response.get("metadata") or {}).get("uid") or "")


# what a request sent on a connection the server had already closed fails with
_STALE = ("EOF occurred in violation of protocol", "RemoteDisconnected", "Connection aborted",
          "Connection reset by peer", "Broken pipe")


def _stale_connection(exc: BaseException) -> bool:
    text = f"{exc} {getattr(exc, 'reason', '')}"
    return any(marker in text for marker in _STALE)


def api_prefix(resource: ResourceType) -> str:
    return f"/apis/{resource.group}/{resource.version}" if resource.group else "/api/v1"


def collection_path(resource: ResourceType, namespace: str | None) -> str:
    """``/api/v1/namespaces/ns/pods``; all namespaces (or cluster scope) when ``None``."""
    if resource.namespaced and namespace:
        return f"{api_prefix(resource)}/namespaces/{namespace}/{resource.plural}"
    return f"{api_prefix(resource)}/{resource.plural}"


def object_path(resource: ResourceType, namespace: str | None, name: str) -> str:
    return f"{collection_path(resource, namespace)}/{name}"
