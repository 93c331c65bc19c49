"""Host curl and wget against a page's forwarded port: a local HTTP server stands for the
forward's real ephemeral port; the URL and the Host header keep the page's port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sphinx_podlab.shell.filters import FilterError
from sphinx_podlab.shell.hostnet import run_host_command


class _Echo(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"host={self.headers['Host']} path={self.path}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_curl_reaches_the_forward_with_the_pages_port(server: int) -> None:
    forwarded = {8080: server}.get
    run = run_host_command(["curl", "-s", "http://localhost:8080/index.html"], forwarded, 10)
    assert (run.stdout, run.stderr, run.exit_code) == (
        "host=localhost:8080 path=/index.html\n", "", 0)
    run = run_host_command(["curl", "127.0.0.1:8080/x"], forwarded, 10)
    assert run.stdout == "host=127.0.0.1:8080 path=/x\n"
    assert run.stderr == ""  # no progress meter on the reader's terminal


def test_wget_reaches_the_forward_through_its_proxy_setting(server: int) -> None:
    run = run_host_command(["wget", "-qO-", "http://localhost:8080/a"], {8080: server}.get, 10)
    # a proxy request: the target in absolute form, which HTTP/1.1 servers must accept
    assert (run.stdout, run.exit_code) == ("host=localhost:8080 path=http://localhost:8080/a\n",
                                           0)


def test_a_port_the_page_does_not_forward_is_refused(server: int) -> None:
    with pytest.raises(FilterError, match="no port-forward of this page serves port 9090"):
        run_host_command(["curl", "localhost:9090"], {8080: server}.get, 10)
