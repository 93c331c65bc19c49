"""Checking and rendering a page's placeholders against its scenario and record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from docutils import nodes

from ..browser.actions import placeholders
from ..model.messages import Text
from ..model.records import BlockRecord, Record, Screenshot
from ..model.results import CommandResult
from ..model.specs import BlockSpec, Scenario
from ..render.console import console_block, console_lines, output_block, output_text
from ..render.notices import notice
from ..render.stale import first_changed_block, readable_date
from ..render.table import simple_table
from .locale import _, translate
from .nodes import (
    podlab_block,
    podlab_claim,
    podlab_ip,
    podlab_ipchange,
    podlab_output,
    podlab_value,
)
from .values import render_values, value_problems

Problem = tuple[Text, int | None]
N = TypeVar("N", bound=nodes.Element)


@dataclass(frozen=True)
class References:
    blocks: list[podlab_block]
    outputs: list[podlab_output]
    ipchanges: list[podlab_ipchange]
    ips: list[podlab_ip]
    values: list[podlab_value]
    claims: list[podlab_claim]


def collect_references(doctree: nodes.document) -> References:
    return References(
        list(doctree.findall(podlab_block)),
        list(doctree.findall(podlab_output)),
        list(doctree.findall(podlab_ipchange)),
        list(doctree.findall(podlab_ip)),
        list(doctree.findall(podlab_value)),
        list(doctree.findall(podlab_claim)),
    )


def claim_problems(refs: References, scenario: Scenario, record: Record | None) -> list[Problem]:
    """Wrong names, unknown snapshots or pods, and IP-change claims the record refutes.

    Without a current record only the names are checked.
    """
    named = {block.name: block for block in scenario.blocks if block.name}
    snapshots = [block.snapshot for block in scenario.blocks if block.snapshot]
    problems: list[Problem] = []
    problems += _browser_placeholder_problems(scenario)
    # placeholders with errors of their own were reported already (podlab.syntax)
    for output in _valid(refs.outputs):
        problems += _output_problems(output, named)
    for ip in _valid(refs.ips):
        problems += _pod_problems(ip["pod"], ip["snapshot"], snapshots, record, ip.line)
    for change in _valid(refs.ipchanges):
        found = [
            _pod_problems(change["pod"], change[which], snapshots, record, change.line)
            for which in ("before", "after")
        ]
        problems += found[0] + found[1]
        if record is not None and not found[0] and not found[1]:
            problems += _ipchange_claim(change, record)
    problems += value_problems(refs.values, _valid(refs.claims), snapshots, record)
    return problems


def _valid(found: list[N]) -> list[N]:
    return [node for node in found if not node.get("errors")]


def _browser_placeholder_problems(scenario: Scenario) -> list[Problem]:
    """A ``{POD@SNAPSHOT}`` in a browser step needs a snapshot taken by an earlier block."""
    problems: list[Problem] = []
    earlier: list[str] = []
    for block in scenario.blocks:
        if block.browser is not None:
            for action_index, action in enumerate(block.browser.actions):
                for _pod, snapshot in placeholders([action]):
                    if snapshot not in earlier:
                        known = ", ".join(earlier) or "none"
                        problems.append((
                            f"{{…@{snapshot}}}: no snapshot {snapshot!r} is taken before this "
                            f"browser step (earlier snapshots: {known})",
                            block.browser.line_of(action_index, block.line)))
        if block.snapshot:
            earlier.append(block.snapshot)
    return problems


def _output_problems(node: podlab_output, named: dict[str, BlockSpec]) -> list[Problem]:
    block = named.get(node["block"])
    if block is None:
        known = ", ".join(sorted(named)) or "none"
        return [(f"podlab-output: no podlab block named {node['block']!r} on this page "
                 f"(named blocks: {known})", node.line)]
    command = node["command"]
    if command is not None and command > len(block.commands):
        return [(f"podlab-output: block {block.name!r} has {len(block.commands)} commands, "
                 f"not {command}", node.line)]
    return []


def _pod_problems(
    pod: str, snapshot: str, snapshots: list[str], record: Record | None, line: int | None
) -> list[Problem]:
    if snapshot not in snapshots:
        known = ", ".join(snapshots) or "none"
        return [(f"unknown snapshot {snapshot!r} (this page's snapshots: {known}); "
                 "add ':snapshot: NAME' to a podlab block", line)]
    if record is None:
        return []
    state = record.pod(snapshot, pod)
    if state is None:
        pods = ", ".join(p.name for p in record.snapshots.get(snapshot, ())) or "none"
        return [(f"no pod {pod!r} in snapshot {snapshot!r} (pods: {pods})", line)]
    if not state.ip:
        return [(f"pod {pod!r} had no IP in snapshot {snapshot!r} (phase {state.phase})", line)]
    return []


def _ipchange_claim(node: podlab_ipchange, record: Record) -> list[Problem]:
    before = record.pod(node["before"], node["pod"])
    after = record.pod(node["after"], node["pod"])
    assert before is not None and after is not None
    changed = before.ip != after.ip
    if changed == (node["expect"] == "changed"):
        return []
    observed = "changed" if changed else "stayed the same"
    return [(f"podlab-ipchange: the IP of pod {node['pod']!r} {observed} "
             f"({before.ip} in {node['before']!r}, {after.ip} in {node['after']!r}) but the "
             f"page claims ':expect: {node['expect']}'", node.line)]


def render_page(
    refs: References, scenario: Scenario, record: Record | None, status: str,
    image_uri: Callable[[str], str], current_inputs: dict[str, Any] | None = None,
) -> None:
    """Replace every placeholder with ordinary nodes.

    ``image_uri`` turns a screenshot's file in the record dir into an image URI. A stale
    record's outputs get a notice at each block out of date (``current_inputs`` tells which).
    """
    shown = record if status != "off" else None
    _render_missing_notice(refs, status, shown)
    stale_from = len(scenario.blocks)
    if status == "stale" and shown is not None:
        stale_from = first_changed_block(shown.inputs, current_inputs or {})
    named: dict[str, BlockRecord] = {}
    stale_names: set[str] = set()
    for index, (node, spec) in enumerate(zip(refs.blocks, scenario.blocks, strict=True)):
        block_record = _block_record(shown, index)
        if spec.name and block_record is not None:
            named[spec.name] = block_record
        stale = index >= stale_from and block_record is not None and shown is not None
        if stale and spec.name:
            stale_names.add(spec.name)
        notices = [_stale_notice(shown)] if stale and shown is not None else []
        results: list[CommandResult | None] = list(block_record.results) if block_record else []
        output = node["output"]
        if spec.browser is not None:
            shot = block_record.screenshot if block_record else None
            node.replace_self([*notices, _figure(spec, shot, node["width"], image_uri)])
            continue
        if output == "none":
            node.replace_self([])
            continue
        if shown is None:
            output = "commands"
        if output == "commands":
            notices = []  # the commands are the page's own; their outputs come elsewhere
        node.replace_self([*notices, console_block(console_lines(spec.commands, results, output))])
    for output_node in refs.outputs:
        notices = ([_stale_notice(shown)]
                   if shown is not None and output_node["block"] in stale_names else [])
        output_node.replace_self([*notices, output_block(_named_output(output_node, named))])
    for ip_node in refs.ips:
        ip_node.replace_self(_ip_literal(ip_node, shown))
    for change_node in refs.ipchanges:
        change_node.replace_self(_ipchange(change_node, shown))
    render_values(refs.values, refs.claims, shown)


def _figure(
    spec: BlockSpec, shot: Screenshot | None, width: str | None,
    image_uri: Callable[[str], str],
) -> nodes.Element:
    assert spec.browser is not None
    caption = spec.browser.caption
    if shot is None:
        text = str(_("(screenshot not recorded)")) + (f" {caption}" if caption else "")
        return nodes.paragraph(text, text, classes=["podlab", "podlab-browser-missing"])
    # Sphinx's collectors expect ids on figures; block names are unique within a page.
    figure = nodes.figure(ids=[nodes.make_id(f"podlab-{spec.name}")],
                          classes=["podlab", "podlab-browser"])
    image = nodes.image(uri=image_uri(shot.file), alt=caption or spec.name or "")
    if width:
        image["width"] = width
    elif shot.scale > 1 and shot.width:
        # shown at its CSS size; HTML links the figure to the full image (to enlarge)
        image["width"] = f"{shot.width // shot.scale}px"
    figure += image
    if caption:
        figure += nodes.caption(caption, caption)
    return figure


def _block_record(record: Record | None, index: int) -> BlockRecord | None:
    if record is None or index >= len(record.blocks):
        return None
    return record.blocks[index]


def _render_missing_notice(refs: References, status: str, record: Record | None) -> None:
    """Once, before the first block: no output of the page was recorded."""
    if not refs.blocks or status in ("live", "replayed", "off", "stale") or record is not None:
        return
    box = notice(_("Output not recorded"),
                 _("The outputs of this page have not been recorded from a cluster yet."),
                 "missing")
    refs.blocks[0].parent.insert(refs.blocks[0].parent.index(refs.blocks[0]), box)


def _stale_notice(record: Record) -> nodes.admonition:
    date = readable_date(record.recorded_at, translate)
    return notice(
        _("Outdated output"),
        _("This output was recorded on %(date)s (Kubernetes %(version)s) for an earlier "
          "version of this page's commands.") % {"date": date, "version": record.cluster.version},
        "stale",
    )


def _named_output(node: podlab_output, named: dict[str, BlockRecord]) -> str:
    block = named.get(node["block"])
    if block is None:
        return str(_("(output not recorded)"))
    command = node["command"]
    if command is not None:
        if command > len(block.results):
            return str(_("(output not recorded)"))
        return output_text(block.results[command - 1])
    return "\n".join(output_text(result) for result in block.results)


def _ip_literal(node: podlab_ip, record: Record | None) -> nodes.literal:
    state = record.pod(node["snapshot"], node["pod"]) if record else None
    text = state.ip if state and state.ip else f"{node['pod']}@{node['snapshot']}"
    return nodes.literal(text, text, classes=["podlab", "podlab-ip"])


def _ipchange(node: podlab_ipchange, record: Record | None) -> nodes.table:
    headers = [
        str(_("Pod")),
        str(_("IP address (%s)") % node["before"]),
        str(_("IP address (%s)") % node["after"]),
        str(_("Changed?")),
    ]
    before = record.pod(node["before"], node["pod"]) if record else None
    after = record.pod(node["after"], node["pod"]) if record else None
    if before is None or after is None:
        unknown = str(_("(not recorded)"))
        return simple_table(headers, [[node["pod"], unknown, unknown, unknown]], "ipchange")
    changed = str(_("yes")) if before.ip != after.ip else str(_("no"))
    return simple_table(
        headers, [[node["pod"], before.ip or "-", after.ip or "-", changed]], "ipchange"
    )
