"""One page, once read: decide live / replay / stale, run or load, then render.

This is the ``doctree-read`` handler. It runs in the reading process (also a ``-j`` worker),
after the whole page is parsed, because all blocks of a page form one scenario.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from ..config import PodlabSettings
from ..core.book import chain_inputs, scan_book
from ..core.chain_run import ChainContext, obtain_chain_record
from ..core.page import (
    FRESH,
    PageInputs,
    PageReport,
    keep_live_record,
    obtain_record,
    page_inputs,
    remember_outcome,
)
from ..model.kinds import PageStatus, WarningSubtype
from ..model.messages import Message, Text, msg
from ..model.outcomes import PageOutcome
from ..model.specs import Scenario
from ..record.store import RecordStore
from .domain import podlab_domain
from .locale import translate
from .nodes import PAGE_HAS_PODLAB, PLACEHOLDERS, podlab_block, podlab_continues
from .references import claim_problems, collect_references, render_page

logger = logging.getLogger(__name__)


def page_report(docname: str, page_line: int | None,
                suppress_warnings: Sequence[str] = (), quiet: bool = False) -> PageReport:
    """A report whose warnings are Sphinx warnings ``podlab.<subtype>`` at docname:line,
    each also shown at once (Sphinx shows warnings only after every page has been read)."""

    def sink(message: Text, line: int | None, subtype: WarningSubtype) -> None:
        text = message.translated(translate) if isinstance(message, Message) else message
        logger.warning(text, location=(docname, line), type="podlab", subtype=subtype)
        if not is_suppressed_warning("podlab", subtype, list(suppress_warnings)):
            where = f"{docname}:{line}" if line is not None else docname
            show_now(f"[podlab] {where}: {text} [podlab.{subtype}]", quiet, color="darkred")

    def progress(message: str) -> None:
        show_now(f"[podlab] {docname}: {message}", quiet)

    return PageReport(sink, progress, page_line)


def show_now(line: str, quiet: bool, color: str | None = None) -> None:
    """A log line now. In a ``-j`` worker the log reaches the terminal only when the worker's
    chunk of pages is done (or never, when it is interrupted): write it directly there."""
    if multiprocessing.parent_process() is not None:
        if quiet:
            return
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    elif color:
        logger.info(line, color=color)
    else:
        logger.info(line)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    if not app.env.temp_data.get(PAGE_HAS_PODLAB):
        return  # set by our directives and role while the page was parsed
    env = app.env
    docname = env.docname
    settings = PodlabSettings.from_config(app.config, Path(app.srcdir))
    blocks = list(doctree.findall(podlab_block))
    report = page_report(docname, blocks[0]["spec"].line if blocks else None,
                         app.config.suppress_warnings, app.quiet)
    read = page_inputs(docname, settings, tuple(node["spec"] for node in blocks),
                       (Path(app.srcdir) / docname).parent)
    scenario, manifests, inputs = read.scenario, read.manifests, read.inputs
    _report_block_problems(doctree, scenario, report)
    for path in manifests.paths.values():
        env.note_dependency(str(path))
    for message, line in manifests.problems:
        report.warn(message, line, "manifest", failure=True)

    store = RecordStore(settings.record_dir)
    env.note_dependency(str(store.path(docname)))
    started = time.monotonic()
    context = _chain_context(app, docname, settings, read, report)
    if context is None:
        obtained = obtain_record(settings, read, store, report)
    else:
        read = context.pages[docname]
        inputs = read.inputs
        obtained = obtain_chain_record(settings, context, docname, store, report)
    status: PageStatus = obtained.status
    record = obtained.record
    references = collect_references(doctree)
    current = record if status in FRESH else None
    for problem, where in claim_problems(references, scenario, current):
        report.warn(problem, where, "reference", failure=True)
    if context is None and status == "live" and record is not None:
        keep_live_record(store, record, obtained.images, report)
    if context is None and report.ran_live:
        remember_outcome(store, docname, inputs.key, report)
    for link in list(doctree.findall(podlab_continues)):
        link.replace_self([])
    srcdir = Path(app.srcdir)
    render_page(references, scenario, record, status,
                lambda file: "/" + os.path.relpath(store.image_path(file), srcdir), inputs.data)
    if report.failed:
        status = "failed"
    domain = podlab_domain(env)
    domain.set_outcome(
        docname,
        PageOutcome(
            status=status,
            mode=settings.mode,
            build=domain.build_id,
            seconds=round(time.monotonic() - started, 3),
            steps=scenario.step_count(),
            recorded_at=record.recorded_at if record else None,
            cluster_version=record.cluster.version if record else None,
            key=inputs.key,
            inputs=inputs.data,
            chain=list(context.chain.pages) if context else None,
        ),
    )


def _chain_context(app: Sphinx, docname: str, settings: PodlabSettings, read: PageInputs,
                   report: PageReport) -> ChainContext | None:
    """The page's chain, with every page's chained key, or None when it is in no chain.

    Every page of the chain is a dependency of this one: an edit anywhere in the chain
    re-reads all its pages in the same build, so they show the outputs of one run."""
    env = app.env
    paths = {name: Path(env.doc2path(name)) for name in env.found_docs}
    conf = SimpleNamespace(
        source_suffix=dict(app.config.source_suffix),
        myst_enable_extensions=list(getattr(app.config, "myst_enable_extensions", None) or []),
        extensions=list(app.config.extensions),
    )
    book = scan_book(paths, conf)
    for problem in book.problems:
        if problem.docname == docname:
            report.warn(problem.message, problem.line, "syntax", failure=True)
    chain = book.chains.get(docname)
    if chain is None:
        return None
    for name in chain.pages:
        if name != docname:
            env.note_dependency(str(paths[name]))
    pages = chain_inputs(book, chain, settings, Path(app.srcdir), known={docname: read})

    def warn_other(where: str, message: Text, line: int | None) -> None:
        text = message.translated(translate) if isinstance(message, Message) else message
        logger.warning(text, location=(where, line), type="podlab", subtype="reference")

    return ChainContext(chain, pages, book, podlab_domain(env).build_id, warn_other)


def _report_block_problems(
    doctree: nodes.document, scenario: Scenario, report: PageReport
) -> None:
    """Problems the directives and roles found, and block names used twice."""
    for node in doctree.findall(nodes.Element):
        if isinstance(node, PLACEHOLDERS):
            errors: list[tuple[Text, int | None]] = node.get("errors", [])
            for message, line in errors:
                report.warn(message, line, "syntax", failure=True)
    seen: set[str] = set()
    for block in scenario.blocks:
        if block.name in seen:
            report.warn(msg("another podlab block on this page is named %(name)r; names must "
                            "be unique", name=block.name), block.line, "syntax", failure=True)
        if block.name:
            seen.add(block.name)

