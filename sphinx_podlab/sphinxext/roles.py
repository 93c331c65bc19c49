"""The ``podlab-ip`` role: ``POD@SNAPSHOT`` becomes that pod's IP, inline in prose."""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx.util.docutils import SphinxRole

from .nodes import PAGE_HAS_PODLAB, podlab_ip


class PodlabIpRole(SphinxRole):
    def run(self) -> tuple[list[Node], list[system_message]]:
        pod, separator, snapshot = self.text.partition("@")
        if not separator or not pod or not snapshot:
            message = self.inliner.reporter.error(
                f"podlab-ip needs POD@SNAPSHOT, got {self.text!r}", line=self.lineno
            )
            problem = self.inliner.problematic(self.rawtext, self.rawtext, message)
            return [problem], [message]
        self.env.temp_data[PAGE_HAS_PODLAB] = True
        node = podlab_ip(self.rawtext, pod=pod.strip(), snapshot=snapshot.strip())
        node.source, node.line = self.get_source_info()
        return [node], []


__all__ = ["PodlabIpRole", "nodes"]
