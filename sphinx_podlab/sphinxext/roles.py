"""Roles: ``podlab-ip`` (``POD@SNAPSHOT``, that pod's IP) and ``podlab-value``
(``TYPE/NAME.FIELD@SNAPSHOT``, any field of any snapshotted object), inline in prose."""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx.util.docutils import SphinxRole

from ..model.messages import msg
from ..parse.values import ValueSyntaxError, parse_value_ref
from .nodes import PAGE_HAS_PODLAB, podlab_ip, podlab_value


class PodlabIpRole(SphinxRole):
    def run(self) -> tuple[list[Node], list[system_message]]:
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        pod, separator, snapshot = self.text.partition("@")
        errors = []
        if not separator or not pod.strip() or not snapshot.strip():
            # reported with the page's other problems (podlab.syntax); shown as written
            errors.append((msg("podlab-ip needs POD@SNAPSHOT, got %(text)r", text=self.text),
                           self.lineno))
        node = podlab_ip(self.rawtext, pod=pod.strip(), snapshot=snapshot.strip(),
                         errors=errors)
        node.source, node.line = self.get_source_info()
        return [node], []


class PodlabValueRole(SphinxRole):
    def run(self) -> tuple[list[Node], list[system_message]]:
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        errors = []
        try:
            ref = parse_value_ref(self.text)
        except ValueSyntaxError as error:
            # reported with the page's other problems (podlab.syntax); shown as written
            errors.append((error.message, self.lineno))
            ref = None
        node = podlab_value(self.rawtext, ref=ref, written=self.text, errors=errors)
        node.source, node.line = self.get_source_info()
        return [node], []


__all__ = ["PodlabIpRole", "PodlabValueRole", "nodes"]
