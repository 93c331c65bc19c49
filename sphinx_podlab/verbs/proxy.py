"""``kubectl proxy [--port=8001] [--address=127.0.0.1]`` (``pkg/cmd/proxy``): the API server
on a local port, with the kubeconfig's credentials.

As kubectl: ``Starting to serve on 127.0.0.1:8001``; requests for hosts other than
localhost are refused (``Forbidden``), and so are exec and attach (kubectl's default
``--reject-paths``). Like ``port-forward`` it runs until the page stops it, on an ephemeral
port of 127.0.0.1 that the page's ``curl localhost:8001/...`` reaches (execute/forwards.py).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..execute.context import Context
from ..execute.rest import Rest
from ..model.messages import msg
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from .base import Verb

REJECT_PATHS = (re.compile(r"^/api/.*/pods/.*/exec"), re.compile(r"^/api/.*/pods/.*/attach"))
ACCEPT_HOSTS = re.compile(r"^(localhost|127\.0\.0\.1|\[::1\])$")


@dataclass(frozen=True)
class Proxy:
    port: int = 8001
    namespace: str | None = None


FLAGS = FlagSpec(values={"-p": "port", "--port": "port", "--address": "address"})


def parse(args: ParsedArgs) -> Proxy:
    if args.positionals:
        raise unsupported(msg("'kubectl %(verb)s' takes no arguments", verb="proxy"))
    address = args.single("address")
    if address not in (None, "127.0.0.1", "localhost"):
        raise unsupported(msg("proxy --address %(address)s: podlab serves on loopback only",
                              address=address))
    port = args.single("port") or "8001"
    if not port.isdigit() or int(port) > 65535:
        raise unsupported(msg("proxy --port %(port)r is not a TCP port number", port=port))
    return Proxy(int(port), args.namespace)


def _handler(rest: Rest) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            path, _, query = self.path.partition("?")
            if not ACCEPT_HOSTS.match(host) or any(p.match(path) for p in REJECT_PATHS):
                self._reply(403, b"Forbidden", "text/plain; charset=utf-8")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            api = rest.api_client
            url = api.configuration.host + path + (f"?{query}" if query else "")
            headers = {"Accept": self.headers.get("Accept") or "*/*"}
            if body is not None:
                headers["Content-Type"] = self.headers.get("Content-Type") or "application/json"
            api.update_params_for_auth(headers, [], ["BearerToken"], url, self.command, body)
            response: Any = api.rest_client.pool_manager.request(
                self.command, url, body=body, headers=headers, preload_content=True,
                timeout=rest.request_timeout * 6)
            self._reply(response.status, response.data,
                        response.headers.get("Content-Type") or "application/json")

        def _reply(self, status: int, data: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward

        def log_message(self, *_args: object) -> None:
            pass  # kubectl proxy logs nothing per request

    return Forward


def run(ctx: Context, command: Proxy) -> None:
    rest = Rest(ctx.new_api_client(), ctx.rest.request_timeout, lambda _text: None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(rest))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.2,),
                              name="podlab proxy", daemon=True)
    thread.start()
    page_port = command.port or int(server.server_address[1])
    ctx.forwards.add(page_port, int(server.server_address[1]))
    try:
        ctx.output.out(f"Starting to serve on 127.0.0.1:{page_port}\n")
        ctx.until.started()
        while not ctx.until.stopping and ctx.deadline.remaining() > 0:
            ctx.until.wait(min(0.5, ctx.deadline.remaining()))
    finally:
        ctx.forwards.remove(page_port)
        server.shutdown()
        server.server_close()
        thread.join(5)
        rest.api_client.close()  # type: ignore[no-untyped-call]


VERB = Verb("proxy", "kubectl proxy [--port=8001]", FLAGS, parse)
