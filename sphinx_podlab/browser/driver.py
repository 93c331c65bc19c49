"""Run a browser step's actions in headless Chromium (Debian's, driven by Playwright).

No ``playwright install``: Playwright for Python starts the system's ``/usr/bin/chromium``.
Every wait is bounded by the step's end; the browser may only reach the server under test
(every other request is aborted), which keeps it inside the lab's network rule.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import FloatRect, Page, Route, sync_playwright

from ..model.errors import first_line
from .actions import Action, region

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google's hosts,
# which this machine's closed network refuses (see the env notes).
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = (1280, 800)
SCALE = 2  # device pixels per CSS pixel: crisp text in a figure shown at the CSS size
CROP_MARGIN = 12  # CSS pixels kept around the element a screenshot is cropped to
EXPECT_TIMEOUT = 10.0  # seconds an expect-* retries: a wrong page must fail fast, not at 300 s
POLL_MS = 100
_TIMEOUT_MS = re.compile(r"Timeout ([0-9.]+)ms exceeded\.?")
OPEN_RETRY = 30.0  # seconds ``open`` retries a server that drops connections
OPEN_RELOADS = 3  # times ``open`` reloads a page some of whose resources failed to load
FAILURE_SCREENSHOT_TIMEOUT = 5.0

# One snapshot of every element a selector matches: visibility as Playwright defines it
# (non-empty box, not visibility:hidden), rendered text with whitespace collapsed, and the
# value of form fields.
_PROBE_JS = """(elements) => elements.map((el) => {
  const style = window.getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const visible = style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
  const raw = (el.innerText !== undefined ? el.innerText : el.textContent) || '';
  const value = typeof el.value === 'string' ? el.value : null;
  return {visible, text: raw.replace(/\\s+/g, ' ').trim(), value, tag: el.tagName.toLowerCase()};
})"""


class Match(TypedDict):
    visible: bool
    text: str
    value: str | None
    tag: str


@dataclass(frozen=True)
class DriverResult:
    png: bytes  # at SCALE device pixels per CSS pixel
    url_path: str  # path and query of the page when the screenshot was taken
    checks: tuple[str, ...]  # one line per passed expectation, with what was found


class ActionError(Exception):
    """An action failed. ``line`` is the action's content line; ``png`` shows the page then."""

    def __init__(self, message: str, line: int | None, png: bytes | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.png = png


class _Clock:
    def __init__(self, end: float) -> None:
        self.end = end

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def ms(self, cap: float | None = None) -> float:
        """Milliseconds left (at most ``cap`` seconds); never 0, which means "no timeout"."""
        seconds = self.remaining() if cap is None else min(cap, self.remaining())
        return max(1.0, seconds * 1000)


def run_actions(
    base_url: str,
    actions: Sequence[Action],
    end: float,
    progress: Callable[[str], None],
    *,
    executable: str = CHROMIUM,
    viewport: tuple[int, int] = VIEWPORT,
    locale: str | None = None,
    expect_timeout: float = EXPECT_TIMEOUT,
) -> DriverResult:
    """Run ``actions`` against ``base_url`` (``http://127.0.0.1:PORT``) before ``end``.

    ``end`` is a ``time.monotonic()`` value. The screenshot is taken at the ``screenshot``
    action, or after the last action when there is none. Raises :class:`ActionError`.
    """
    clock = _Clock(end)
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=executable,
                    args=list(CHROMIUM_ARGS),
                    headless=True,
                    timeout=clock.ms(),
                )
            except PlaywrightError as exc:
                raise ActionError(
                    f"cannot start Chromium ({executable}): {first_line(exc)}", None
                ) from exc
            try:
                context = browser.new_context(
                    viewport={"width": viewport[0], "height": viewport[1]},
                    device_scale_factor=SCALE,
                    locale=locale,
                    service_workers="block",
                )
                try:
                    context.route("**/*", _only_origin(base_url, progress))
                    page = context.new_page()
                    page.set_default_timeout(clock.ms())
                    return _Runner(page, base_url, clock, progress, expect_timeout).run(actions)
                finally:
                    with contextlib.suppress(PlaywrightError):  # keep the step's own error
                        context.close()
            finally:
                with contextlib.suppress(PlaywrightError):
                    browser.close()
    except PlaywrightError as exc:  # Playwright itself failed (its driver, a running loop)
        raise ActionError(f"browser: {first_line(exc)}", None) from exc


def _only_origin(base_url: str, progress: Callable[[str], None]) -> Callable[[Route], None]:
    """A route handler that lets through requests to ``base_url``'s origin, and no other."""
    origin = _origin(base_url)

    def handle(route: Route) -> None:
        url = route.request.url
        if _origin(url) == origin:
            route.continue_()
        else:
            progress(f"browser: blocked a request outside the port-forward: {url}")
            route.abort("blockedbyclient")

    return handle


class _Runner:
    def __init__(
        self,
        page: Page,
        base_url: str,
        clock: _Clock,
        progress: Callable[[str], None],
        expect_timeout: float,
    ) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.progress = progress
        self.expect_timeout = expect_timeout
        self.checks: list[str] = []
        # Same-origin requests that failed (a dropped port-forward connection): a page
        # missing a script or a style sheet may stay hidden or inert.
        self.failed_requests: list[str] = []
        page.on("requestfailed", self._note_failed_request)

    def _note_failed_request(self, request: Any) -> None:
        if str(request.url).startswith(self.base_url):
            self.failed_requests.append(f"{request.url} ({request.failure})")

    def run(self, actions: Sequence[Action]) -> DriverResult:
        shot: tuple[bytes, str] | None = None
        for action in actions:
            if self.clock.remaining() <= 0:
                raise self._fail(action, "the step's time ran out before this action")
            self.progress(f"browser: {action.source()}")
            try:
                if action.verb == "screenshot":
                    shot = self._screenshot(action)
                else:
                    self._do(action)
            except ActionError:
                raise
            except PlaywrightError as exc:
                raise self._fail(action, self._explain(action, exc)) from exc
        if shot is None:
            shot = self._screenshot()
        return DriverResult(png=shot[0], url_path=shot[1], checks=tuple(self.checks))

    # -- actions -------------------------------------------------------------------------

    def _do(self, action: Action) -> None:
        selector = action.selector or ""
        value = action.value or ""
        if action.verb == "open":
            self._open(action, value)
        elif action.verb == "fill":
            self.page.locator(selector).fill(value, timeout=self.clock.ms())
        elif action.verb == "click":
            self.page.locator(selector).click(timeout=self.clock.ms())
            # A click that submits a form navigates: let the next page load first.
            self.page.wait_for_load_state("load", timeout=self.clock.ms())
        elif action.verb == "wait-for":
            self._expect(action, None, lambda m: m["visible"])
        elif action.verb == "wait-text":
            self._expect(action, None, lambda m: m["visible"] and _contains(m["text"], value))
        elif action.verb == "expect-visible":
            self._expect(action, self.expect_timeout, lambda m: m["visible"])
        elif action.verb == "expect-text":
            self._expect(
                action, self.expect_timeout, lambda m: m["visible"] and _contains(m["text"], value)
            )
        elif action.verb == "expect-value":
            self._expect(action, self.expect_timeout, lambda m: m["value"] == value)
        elif action.verb == "expect-absent":
            self._expect_absent(action)
        else:  # pragma: no cover - the parser accepts no other verb
            raise self._fail(action, f"unknown action {action.verb}")

    def _open(self, action: Action, path: str) -> None:
        for attempt in range(1, OPEN_RELOADS + 1):
            self.failed_requests.clear()
            self._goto(action, path)
            if not self.failed_requests or attempt == OPEN_RELOADS or self.clock.remaining() < 2:
                return
            self.progress(f"browser: loading {path} again: {len(self.failed_requests)} "
                          f"request(s) failed, first {self.failed_requests[0]}")

    def _goto(self, action: Action, path: str) -> None:
        url = self.base_url + path
        start = time.monotonic()
        next_report = 0.0
        while True:
            try:
                response = self.page.goto(url, wait_until="load", timeout=self.clock.ms())
                break
            except PlaywrightError as exc:
                # A server that is not listening yet (its pod is Ready before the process
                # binds): the port-forward drops the connection. Retry for a while, not for
                # the whole step: a wrong port looks the same and must fail reasonably fast.
                waited = time.monotonic() - start
                if (
                    "net::ERR_" not in str(exc)
                    or waited + 1.0 > OPEN_RETRY
                    or self.clock.remaining() < 1.5
                ):
                    raise
                if waited >= next_report:
                    next_report = waited + 5.0
                    self.progress(f"browser: {path} not reachable yet ({first_line(exc)})")
                time.sleep(1.0)
        if response is not None and response.status >= 400:
            raise self._fail(action, f"the server answered HTTP {response.status} for {path}")

    def _expect(self, action: Action, cap: float | None, ok: Callable[[Match], bool]) -> None:
        """Poll until some element matching the selector satisfies ``ok``."""
        selector = action.selector or ""
        start = time.monotonic()
        until = start + (
            self.clock.remaining() if cap is None else min(cap, self.clock.remaining())
        )
        while True:
            found = self._probe(selector)
            hit = next((m for m in found or [] if ok(m)), None)
            if hit is not None:
                if action.verb.startswith("expect-"):
                    self.checks.append(f"{action.source()}: {_describe_one(hit)}")
                return
            if time.monotonic() >= until:
                waited = time.monotonic() - start
                raise self._fail(
                    action, f"not satisfied after {waited:.1f} s; found {_describe(found)}"
                )
            self.page.wait_for_timeout(POLL_MS)

    def _expect_absent(self, action: Action) -> None:
        selector = action.selector or ""
        start = time.monotonic()
        until = start + min(self.expect_timeout, self.clock.remaining())
        while True:
            found = self._probe(selector)
            if found is not None and not any(m["visible"] for m in found):
                hidden = f" ({len(found)} hidden)" if found else ""
                self.checks.append(f"{action.source()}: no visible element{hidden}")
                return
            if time.monotonic() >= until:
                waited = time.monotonic() - start
                raise self._fail(
                    action, f"still visible after {waited:.1f} s; found {_describe(found)}"
                )
            self.page.wait_for_timeout(POLL_MS)

    def _probe(self, selector: str) -> list[Match] | None:
        """What ``selector`` matches now; ``None`` while the page is between documents."""
        try:
            found: list[Match] = self.page.locator(selector).evaluate_all(_PROBE_JS)
        except PlaywrightError as exc:
            if "context was destroyed" in str(exc) or "navigat" in str(exc):
                return None
            raise
        return found

    def _screenshot(self, action: Action | None = None) -> tuple[bytes, str]:
        """The viewport, or the region of ``screenshot SELECTOR``'s element and a margin."""
        clip: FloatRect | None = None
        if action is not None and action.selector:
            rectangle = region(action.selector)
            if rectangle is None:
                clip = self._crop(action)
            else:
                x, y, width, height = rectangle
                clip = {"x": x, "y": y, "width": width, "height": height}
        png = self.page.screenshot(
            type="png", timeout=self.clock.ms(), caret="hide", animations="disabled",
            clip=clip, full_page=clip is not None,
        )
        return png, self._url_path()

    def _crop(self, action: Action) -> FloatRect:
        selector = action.selector or ""
        self._expect(action, self.expect_timeout, lambda m: m["visible"])
        box = self.page.locator(selector).locator("visible=true").first.bounding_box(
            timeout=self.clock.ms())
        if box is None:
            raise self._fail(action, "the element to crop to has no box")
        scroll = self.page.evaluate("[window.scrollX, window.scrollY, "
                                    "document.documentElement.scrollWidth, "
                                    "document.documentElement.scrollHeight]")
        left = max(0.0, box["x"] + scroll[0] - CROP_MARGIN)
        top = max(0.0, box["y"] + scroll[1] - CROP_MARGIN)
        right = min(float(scroll[2]), box["x"] + scroll[0] + box["width"] + CROP_MARGIN)
        bottom = min(float(scroll[3]), box["y"] + scroll[1] + box["height"] + CROP_MARGIN)
        return {"x": left, "y": top, "width": right - left, "height": bottom - top}

    def _url_path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _explain(self, action: Action, exc: PlaywrightError) -> str:
        """Playwright's first line, its timeout in seconds, and what the selector matches."""
        reason = _TIMEOUT_MS.sub(
            lambda m: f"timed out after {float(m.group(1)) / 1000:.1f} s", first_line(exc)
        )
        if action.selector:
            with contextlib.suppress(PlaywrightError):  # the page is gone: the reason must do
                reason += f"; found {_describe(self._probe(action.selector))}"
        return reason

    def _fail(self, action: Action, reason: str) -> ActionError:
        png: bytes | None = None
        where = self._url_path() or self.page.url
        try:
            png = self.page.screenshot(type="png", timeout=FAILURE_SCREENSHOT_TIMEOUT * 1000)
            title = self.page.title()
            if title:
                where += f" titled {_clip(title, 80)!r}"
        except PlaywrightError:
            pass  # the page is gone: the message alone must do
        if self.failed_requests:
            where += (f"; {len(self.failed_requests)} of its requests failed, first "
                      f"{self.failed_requests[0]}")
        return ActionError(f"{action.source()}: {reason} (page {where})", action.line, png)


def _contains(text: str, wanted: str) -> bool:
    return " ".join(wanted.split()) in text


def _describe_one(match: Match) -> str:
    state = "visible" if match["visible"] else "hidden"
    shown = f"<{match['tag']}> {state}"
    if match["value"] is not None:
        shown += f" value={_clip(match['value'])!r}"
    if match["text"]:
        shown += f" text={_clip(match['text'])!r}"
    return shown


def _describe(found: list[Any] | None) -> str:
    if found is None:
        return "a page still loading"
    if not found:
        return "no element matching the selector"
    described = "; ".join(_describe_one(m) for m in found[:3])
    more = f"; and {len(found) - 3} more" if len(found) > 3 else ""
    return f"{len(found)} element{'s' if len(found) != 1 else ''}: {described}{more}"


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc

