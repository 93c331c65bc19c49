"""The driver against pages served on 127.0.0.1 by http.server: real Chromium, no cluster.

Skipped only when /usr/bin/chromium is absent (CI: ``apt-get install -y chromium``).
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_processes import Watch, png_size

if TYPE_CHECKING:
    from playwright.sync_api import FloatRect

pytest.importorskip("playwright")
if not Path("/usr/bin/chromium").exists():
    pytest.skip("needs Debian's chromium (apt-get install -y chromium)", allow_module_level=True)

from sphinx_podlab.browser.actions import parse_actions
from sphinx_podlab.browser.driver import ActionError, DriverResult, run_actions
from sphinx_podlab.browser.step import _off_event_loop

FORM = """<!doctype html><html><head><title>login</title></head><body>
<h1>Log in</h1>
<div id="errors"><div class="alert" style="display:none">old hidden alert</div></div>
<form action="/login" method="post">
  <input id="server" name="server" value=""><input id="user" name="user">
  <input type="password" id="password" name="password">
  <button id="go" type="submit">Log in</button>
</form>
<p class="twin">one</p><p class="twin">two</p>
</body></html>"""

RESULT = """<!doctype html><html><body>
<div id="errors">{error}</div>
<script>setTimeout(() => {{
  const nav = document.createElement('nav'); nav.id = 'tree'; nav.textContent = 'tree of {server}';
  document.body.appendChild(nav);
}}, 400);</script>
</body></html>"""

# Like phpMyAdmin: the page stays hidden until its script runs.
HIDDEN_UNTIL_SCRIPT = """<!doctype html><html><head>
<style id="cover">html{display:none}</style><script src="/reveal.js"></script></head>
<body><input id="server"></body></html>"""
REVEAL = "document.getElementById('cover').remove();"
SCRIPT_REQUESTS = {"count": 0}

OUTSIDE = '<!doctype html><html><body><img src="http://example.invalid/x.png">hi</body></html>'


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        return

    def _send(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            self._send(200, FORM)
        elif path == "/outside":
            self._send(200, OUTSIDE)
        elif path == "/hidden-until-script":
            self._send(200, HIDDEN_UNTIL_SCRIPT)
        elif path == "/reveal.js":
            SCRIPT_REQUESTS["count"] += 1
            if SCRIPT_REQUESTS["count"] == 1:  # a dropped connection, as a port-forward can do
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._send(200, REVEAL)
        else:
            self._send(404, "<p>not found</p>")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        server = form.get("server", [""])[0]
        error = (
            ""
            if server.startswith("10.")
            else (
                '<div class="alert">'
                f"getaddrinfo for {server} failed: Name or service not known</div>"
            )
        )
        self._send(200, RESULT.format(error=error, server=server))


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def run(
    base_url: str,
    lines: list[str],
    timeout: float = 30,
    expect_timeout: float = 10.0,
    watch: Watch | None = None,
) -> DriverResult:
    end = time.monotonic() + timeout
    actions = parse_actions(lines)
    progress = watch if watch is not None else Watch()
    return run_actions(base_url, actions, end, progress, expect_timeout=expect_timeout)


LOGIN = [
    "open /",
    "fill #server {server}",
    "fill #user myuser",
    "fill #password mypassword",
]


def test_error_page(base_url: str) -> None:
    watch = Watch()
    lines = [line.replace("{server}", "mysql") for line in LOGIN]
    result = run(
        base_url,
        [
            *lines,
            "expect-value #server mysql",
            "expect-absent '#errors .alert'",  # a hidden match does not count
            "click #go",
            "expect-visible '#errors .alert'",
            "expect-text '#errors .alert' 'Name  or service\nnot known'",  # whitespace-insensitive
        ],
        watch=watch,
    )
    assert png_size(result.png) == (2560, 1600)  # 1280×800 CSS px at 2×
    assert len(result.png) < 300_000
    assert result.url_path == "/login"
    assert result.checks == (
        "expect-value '#server' mysql: <input> visible value='mysql'",
        "expect-absent '#errors .alert': no visible element (1 hidden)",
        "expect-visible '#errors .alert': <div> visible"
        " text='getaddrinfo for mysql failed: Name or service not known'",
        "expect-text '#errors .alert' 'Name  or service\nnot known': <div> visible"
        " text='getaddrinfo for mysql failed: Name or service not known'",
    )
    watch.assert_browser_gone()


def test_screenshot_cropped_to_an_element(base_url: str) -> None:
    result = run(base_url, ["open /", "screenshot #server"])
    width, height = png_size(result.png)
    box = _form_box(base_url)
    # the field's box and 12 CSS px around it (not past the page's edges), at 2×
    left, right = max(0.0, box["x"] - 12), min(1280.0, box["x"] + box["width"] + 12)
    assert width == round((right - left) * 2) and width < 2560
    top, bottom = max(0.0, box["y"] - 12), box["y"] + box["height"] + 12
    assert height == round((bottom - top) * 2)
    assert len(result.png) < 300_000


def test_screenshot_of_a_region(base_url: str) -> None:
    result = run(base_url, ["open /", "screenshot 0,0,300,100"])
    assert png_size(result.png) == (600, 200)


def test_screenshot_of_a_missing_element_fails_at_its_line(base_url: str) -> None:
    with pytest.raises(ActionError) as info:
        run(base_url, ["open /", "screenshot #nothing"])
    assert info.value.line == 1 and "no element matching the selector" in str(info.value)


def _form_box(base_url: str) -> FloatRect:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--headless"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base_url + "/")
            box = page.locator("#server").bounding_box()
            assert box is not None
            return box
        finally:
            browser.close()


def test_screenshot_in_the_middle_then_success(base_url: str) -> None:
    lines = [line.replace("{server}", "10.1.0.30") for line in LOGIN]
    result = run(
        base_url,
        [
            *lines,
            "expect-value #server 10.1.0.30",
            "screenshot",
            "click #go",
            "wait-for nav#tree",
            "wait-text nav#tree 10.1.0.30",
            "expect-absent '#errors .alert'",
        ],
    )
    assert result.url_path == "/"  # taken on the form, before the click
    assert png_size(result.png) == (2560, 1600)  # 1280×800 CSS px at 2×
    assert len(result.checks) == 2


def test_failed_expectation_names_line_and_what_was_found(base_url: str) -> None:
    watch = Watch()
    lines = [line.replace("{server}", "mysql") for line in LOGIN]
    start = time.monotonic()
    with pytest.raises(ActionError) as info:
        run(
            base_url,
            [*lines, "click #go", "", "expect-text '#errors .alert' 'Access denied'"],
            expect_timeout=1.0,
            watch=watch,
        )
    assert time.monotonic() - start < 15
    error = info.value
    assert error.line == 6
    assert str(error).startswith(
        "expect-text '#errors .alert' 'Access denied': not satisfied after"
    )
    assert "found 1 element: <div> visible text='getaddrinfo for mysql failed" in str(error)
    assert str(error).endswith("(page /login)")
    assert error.png is not None and png_size(error.png) == (2560, 1600)
    watch.assert_browser_gone()


def test_expect_value_mismatch(base_url: str) -> None:
    with pytest.raises(ActionError) as info:
        run(
            base_url,
            ["open /", "fill #server mysql", "expect-value #server 10.1.0.30"],
            expect_timeout=0.5,
        )
    assert "found 1 element: <input> visible value='mysql'" in str(info.value)
    assert info.value.line == 2


def test_ambiguous_selector_for_fill(base_url: str) -> None:
    with pytest.raises(ActionError) as info:
        run(base_url, ["open /", "fill input x"])
    assert info.value.line == 1
    assert "strict mode violation" in str(info.value)


def test_expect_text_accepts_any_visible_match(base_url: str) -> None:
    result = run(base_url, ["open /", "expect-text p.twin two"])
    assert result.checks == ("expect-text p.twin two: <p> visible text='two'",)


def test_fill_timeout_says_what_was_found(base_url: str) -> None:
    with pytest.raises(ActionError) as info:
        run(base_url, ["open /", "fill #nope x"], timeout=3)
    message = str(info.value)
    assert message.startswith("fill '#nope' x: Locator.fill: timed out after ")
    assert message.endswith("; found no element matching the selector (page / titled 'login')")


def test_http_error_fails_open(base_url: str) -> None:
    with pytest.raises(ActionError, match=r"open /missing: the server answered HTTP 404"):
        run(base_url, ["open /missing"])


def test_every_wait_is_bounded_by_the_step(base_url: str) -> None:
    start = time.monotonic()
    with pytest.raises(ActionError) as info:
        run(base_url, ["open /", "wait-for '#never'"], timeout=3)
    assert time.monotonic() - start < 10
    assert "wait-for '#never': not satisfied after" in str(info.value)
    assert "no element matching the selector" in str(info.value)


def test_requests_outside_the_server_are_blocked(base_url: str) -> None:
    watch = Watch()
    run(base_url, ["open /outside"], watch=watch)
    blocked = "browser: blocked a request outside the port-forward: http://example.invalid/x.png"
    assert blocked in watch.lines


def test_unreachable_server_is_retried_until_the_step_ends() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(ActionError) as info:
        run(f"http://127.0.0.1:{port}", ["open /"], timeout=4)
    assert 2 < time.monotonic() - start < 15
    assert "net::ERR_CONNECTION_REFUSED" in str(info.value)
    assert info.value.line == 0


def test_runs_inside_a_running_event_loop(base_url: str) -> None:
    """Playwright's sync API refuses a thread with a running asyncio loop: the step moves off it."""

    async def main() -> DriverResult:
        with pytest.raises(ActionError, match="asyncio loop"):
            run(base_url, ["open /"])
        return _off_event_loop(lambda: run(base_url, ["open /", "expect-visible h1"]))

    result = asyncio.run(main())
    assert result.checks == ("expect-visible h1: <h1> visible text='Log in'",)


def test_open_reloads_a_page_whose_script_failed_to_load(base_url: str) -> None:
    watch = Watch()
    run(base_url, ["open /hidden-until-script", "fill #server 10.1.0.5",
                   "expect-value #server 10.1.0.5"], watch=watch)
    assert SCRIPT_REQUESTS["count"] == 2
    assert any("loading /hidden-until-script again: 1 request(s) failed" in line
               for line in watch.lines)
