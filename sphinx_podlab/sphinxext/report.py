"""``podlab-report``: a table of every page's recorded scenario, for an appendix page.

The table is made at ``doctree-resolved`` from the record files, so it covers every page,
and the page holding it is read again on every build (records may have changed).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..config import PodlabSettings
from ..model.records import CorruptRecordError
from ..record.store import RecordStore
from ..render.table import Cell, simple_table
from .domain import podlab_domain
from .locale import _

logger = logging.getLogger(__name__)


class podlab_report(nodes.General, nodes.Element):
    """Placeholder for the report table."""


class PodlabReportDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        podlab_domain(self.env).note_report(self.env.docname)
        node = podlab_report()
        self.set_source_info(node)
        return [node]



def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(podlab_report))
    if not placeholders:
        return
    settings = PodlabSettings.from_config(app.config, Path(app.srcdir))
    table = _report_table(app, RecordStore(settings.record_dir), docname)
    for node in placeholders:
        node.replace_self(table.deepcopy())


def _report_table(app: Sphinx, store: RecordStore, from_docname: str) -> nodes.table:
    headers = [str(_("Page")), str(_("Recorded at")), str(_("Kubernetes")),
               str(_("Duration (s)")), str(_("Steps")), str(_("Continues"))]
    rows: list[list[Cell]] = []
    for docname in store.docnames():
        try:
            record = store.read(docname)
        except CorruptRecordError as error:
            logger.warning("podlab-report: %s", error, location=from_docname,
                           type="podlab", subtype="record")
            continue
        if record is None:
            continue
        # a chained page's record names the page it continues (its key includes that one's)
        before = (record.inputs.get("continues") or {}).get("page")
        rows.append([_page_link(app, from_docname, docname), record.recorded_at,
                     record.cluster.version, f"{record.seconds:.1f}", str(record.step_count()),
                     _page_link(app, from_docname, str(before)) if before else "-"])
    return simple_table(headers, rows, "report")


def _page_link(app: Sphinx, from_docname: str, docname: str) -> Cell:
    if docname not in app.env.all_docs:
        return docname
    title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    uri = app.builder.get_relative_uri(from_docname, docname)
    return nodes.reference(title, title, internal=True, refuri=uri)
