"""sphinx-copybutton in real Chromium: a click copies exactly the commands of a block.

The page is built by Sphinx with sphinx_rtd_theme and sphinx-copybutton, served on
127.0.0.1, and the clipboard read back in the page after clicking the block's button.
Each case is a setting books use; every one must copy the same runnable commands: no
``$ `` prompts, no outputs (one starts with ``# ``), no ``# comments``, and ``\\``
continuation lines kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
pytest.importorskip("sphinx_copybutton")
if not Path("/usr/bin/chromium").exists():
    pytest.skip("needs Debian's chromium (apt-get install -y chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright

from sphinx_podlab.browser.driver import CHROMIUM_ARGS
from sphinx_podlab.model.records import BlockRecord, Record
from sphinx_podlab.model.results import ClusterInfo, CommandResult
from sphinx_podlab.parse.block import parse_block
from sphinx_podlab.record.store import RecordStore
from sphinx_podlab.sphinxext.domain import podlab_domain

OUTPUT = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\nNAME\tREADY\n"
SETTINGS = {
    "exclude": {"copybutton_exclude": ".linenos, .gp, .go"},
    "prompt and exclude": {"copybutton_prompt_text": "$ ",
                           "copybutton_exclude": ".linenos, .gp, .go"},
    "prompt only": {"copybutton_prompt_text": "$ "},
    "regexp prompt": {"copybutton_prompt_text": r"\$ ", "copybutton_prompt_is_regexp": True,
                      "copybutton_only_copy_prompt_lines": True},
}


def commands_of(page: Path) -> str:
    """What a reader runs: each command as written, without prompt or comment."""
    source = page.read_text(encoding="utf-8")
    lines = source.split("```{podlab}\n", 1)[1].split("```", 1)[0].splitlines()
    commands = []
    for line in parse_block(lines):
        text = line.display
        if line.comment is not None:
            text = text[: text.rindex("#")].rstrip()
        commands.append(text)
    return "\n".join(commands)


def record_outputs(app: Any) -> None:
    """A record as a live run writes it, with an output after every command."""
    outcome = podlab_domain(app.env).outcome("index")
    assert outcome is not None and outcome.key is not None and outcome.inputs is not None
    blocks = outcome.inputs["blocks"]
    results = tuple(CommandResult(tuple(argv), OUTPUT, "", 0, 0.1)
                    for argv in blocks[0]["argv"])
    RecordStore(Path(app.srcdir) / "_podlab").write(Record(
        docname="index", key=outcome.key, recorded_at="2026-12-01T14:25:00+00:00",
        cluster=ClusterInfo("v1.34.9", "linux/amd64"), namespace="default", seconds=1.0,
        blocks=(BlockRecord(None, results),), inputs=outcome.inputs))


@pytest.fixture
def served(make_app: Any, app: Any) -> Iterator[tuple[str, Path]]:
    app.build()
    record_outputs(app)
    app.cleanup()
    built = make_app("html", srcdir=app.srcdir, confoverrides=app.config.overrides)
    built.build()
    assert built.warning.getvalue() == ""
    handler = partial(SimpleHTTPRequestHandler, directory=str(built.outdir))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html", Path(built.srcdir)
    finally:
        server.shutdown()
        server.server_close()


def copied(url: str) -> tuple[str, str]:
    """The block's text as shown, and what its copy button put on the clipboard."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=list(CHROMIUM_ARGS), headless=True)
        try:
            context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
            page = context.new_page()
            page.goto(url)
            block = page.locator("div.podlab-console div.highlight")
            page.evaluate("navigator.clipboard.writeText('(not copied)')")
            block.hover()
            block.locator("button.copybtn").click()
            page.wait_for_function(
                "navigator.clipboard.readText().then(t => t !== '(not copied)')", timeout=30_000)
            text = str(page.evaluate("navigator.clipboard.readText()"))
            return block.locator("pre").inner_text(), text
        finally:
            browser.close()


@pytest.mark.parametrize("setting", [
    pytest.param(name, marks=pytest.mark.sphinx("html", testroot="copybutton",
                                                confoverrides=overrides))
    for name, overrides in SETTINGS.items()
])
def test_the_copy_button_copies_the_commands(setting: str, served: tuple[str, Path]) -> None:
    url, srcdir = served
    shown, clipboard = copied(url)
    assert "# Kubernetes-managed hosts file." in shown and "# 名前を確認" in shown
    assert clipboard == commands_of(srcdir / "index.md")
    assert "$ " not in clipboard and "#" not in clipboard and "READY" not in clipboard
