"""A copy of the book with every podlab construct replaced by the plain Markdown it renders
to (console blocks, literal IPs, a table): the baseline for the replay benchmark."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx_podlab.model.records import Record
from sphinx_podlab.parse.block import PROMPT, parse_block
from sphinx_podlab.record.store import RecordStore
from sphinx_podlab.render.console import output_text

FENCE = re.compile(
    r"```\{(podlab|podlab-output|podlab-ipchange|podlab-report|podlab-browser)\}(.*?)\n(.*?)```",
    re.S,
)
ROLE = re.compile(r"\{podlab-ip\}`([^@`]+)@([^`]+)`")


def make_plain_book(docs: Path, target: Path) -> None:
    """``target`` gets the plain pages; the manifests go beside it, as in the repository."""
    shutil.copytree(docs, target, ignore=shutil.ignore_patterns("_build", "_podlab"))
    shutil.copytree(docs.parent / "manifests", target.parent / "manifests", dirs_exist_ok=True)
    conf = target / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        '"sphinx_podlab"', '"sphinx.ext.duration"'), encoding="utf-8")
    store = RecordStore(docs / "_podlab")
    # The screenshots, where a hand-made book would keep its figures.
    shutil.copytree(docs / "_podlab", target / "_figures",
                    ignore=shutil.ignore_patterns("*.json"), dirs_exist_ok=True)
    for page in target.rglob("*.md"):
        docname = page.relative_to(target).with_suffix("").as_posix()
        record = store.read(docname)
        text = page.read_text(encoding="utf-8")
        if record is not None:
            text = _plain_page(text, record)
        page.write_text(FENCE.sub("", text), encoding="utf-8")


def without_browser_steps(page: Path) -> None:
    """The page minus its podlab-browser blocks (they have no kubectl equivalent)."""
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"```\{podlab-browser\}.*?```\n", "", text, flags=re.S),
                    encoding="utf-8")


def _plain_page(text: str, record: Record) -> str:
    blocks = iter(record.blocks)
    named = {block.name: block for block in record.blocks if block.name}

    def replace(match: re.Match[str]) -> str:
        kind, argument, body = match.group(1), match.group(2).strip(), match.group(3)
        options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", body, re.M))
        if kind == "podlab-browser":
            shot = next(blocks).screenshot
            assert shot is not None
            return (f"```{{figure}} /_figures/{shot.file}\n"
                    f"{options.get('caption', '')}\n```")
        if kind == "podlab":
            block = next(blocks)
            lines = [line for line in body.splitlines() if not line.startswith(":")]
            parts = []
            for spec, result in zip(parse_block(lines), block.results, strict=True):
                if options.get("output", "both") in ("both", "commands"):
                    parts.append(PROMPT + spec.display)
                if options.get("output", "both") in ("both", "output"):
                    parts.append(output_text(result))
            return "```console\n" + "\n".join(parts) + "\n```"
        if kind == "podlab-output":
            results = named[argument].results
            number = int(options.get("command", 0))
            chosen = [results[number - 1]] if number else list(results)
            return "```text\n" + "\n".join(output_text(r) for r in chosen) + "\n```"
        if kind == "podlab-ipchange":
            before = record.pod(options["before"], options["pod"])
            after = record.pod(options["after"], options["pod"])
            assert before and after
            return (f"| Pod | before | after | changed |\n|---|---|---|---|\n"
                    f"| {options['pod']} | {before.ip} | {after.ip} | "
                    f"{'yes' if before.ip != after.ip else 'no'} |")
        return ""

    text = FENCE.sub(replace, text)
    return ROLE.sub(lambda m: f"`{_ip(record, m.group(1), m.group(2))}`", text)


def _ip(record: Record, pod: str, snapshot: str) -> str:
    state = record.pod(snapshot, pod)
    return state.ip if state and state.ip else f"{pod}@{snapshot}"
