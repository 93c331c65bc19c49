"""The ``podlab-ip`` role: ``POD@SNAPSHOT`` becomes that pod's IP, inline in prose."""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx.util.docutils import SphinxRole

from ..model.messages import msg
from .nodes import PAGE_HAS_PODLAB, podlab_ip


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


__all__ = ["PodlabIpRole", "nodes"]
