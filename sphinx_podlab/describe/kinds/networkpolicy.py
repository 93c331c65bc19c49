"""``kubectl describe networkpolicy`` (kubectl's ``describeNetworkPolicy``): whom the policy
selects and the traffic its ingress and egress rules allow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..common import Settings, format_label_selector, parse_time, write_annotations, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..writer import PrefixWriter

Obj = dict[str, Any]

INDENT = "    "  # kubectl's initialIndent of the rules


def go_time_string(value: object, now: datetime) -> str:
    """Go's ``time.Time.String()`` of an API timestamp in the zone of ``now``
    (``2026-12-01 14:55:00 +0000 UTC``)."""
    moment = parse_time(value)
    if moment is None:
        return "0001-01-01 00:00:00 +0000 UTC"
    local = moment.astimezone(now.tzinfo)
    return local.strftime("%Y-%m-%d %H:%M:%S %z ") + (local.tzname() or "")


def _port_text(port: Obj) -> str:
    number = port.get("port")
    shown = "<nil>" if number is None else str(number)
    protocol = port.get("protocol") or "TCP"
    if port.get("endPort") is None:
        return f"To Port: {shown}/{protocol}"
    return f"To Port Range: {shown}-{port['endPort']}/{protocol}"


def _write_peer(w: PrefixWriter, heading: str, peer: Obj) -> None:
    w.write(0, f"{INDENT}{heading}:\n")
    pods, namespaces = peer.get("podSelector"), peer.get("namespaceSelector")
    if pods is not None and namespaces is not None:
        w.write(1, f"{INDENT}NamespaceSelector: {format_label_selector(namespaces)}\n")
        w.write(1, f"{INDENT}PodSelector: {format_label_selector(pods)}\n")
    elif pods is not None:
        w.write(1, f"{INDENT}PodSelector: {format_label_selector(pods)}\n")
    elif namespaces is not None:
        w.write(1, f"{INDENT}NamespaceSelector: {format_label_selector(namespaces)}\n")
    elif peer.get("ipBlock") is not None:
        block = peer["ipBlock"]
        w.write(1, f"{INDENT}IPBlock:\n")
        w.write(2, f"{INDENT}CIDR: {block.get('cidr') or ''}\n")
        w.write(2, f"{INDENT}Except: {', '.join(block.get('except') or [])}\n")


def _write_rules(w: PrefixWriter, rules: list[Obj], direction: str) -> None:
    """``printNetworkPolicySpecIngressFrom`` / ``...EgressTo``: each rule's ports and peers,
    rules separated by a line of dashes."""
    peers_field, heading = ("from", "From") if direction == "ingress" else ("to", "To")
    if not rules:
        w.write(0, f"{INDENT}<none> (Selected pods are isolated for {direction} connectivity)\n")
        return
    for index, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            w.write(0, f"{INDENT}To Port: <any> (traffic allowed to all ports)\n")
        for port in ports:
            w.write(0, f"{INDENT}{_port_text(port)}\n")
        peers = rule.get(peers_field) or []
        if not peers:
            what = "source" if direction == "ingress" else "destination"
            w.write(0, f"{INDENT}{heading}: <any> (traffic not restricted by {what})\n")
        for peer in peers:
            _write_peer(w, heading, peer)
        if index != len(rules) - 1:
            w.write(0, f"{INDENT}----------\n")


def _write_spec(w: PrefixWriter, spec: Obj) -> None:
    w.write(0, "Spec:\n")
    w.write(1, "PodSelector: ")
    selector = spec.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(2, f"{format_label_selector(selector)}\n")
    types = spec.get("policyTypes")
    for direction, field in (("ingress", "Ingress"), ("egress", "Egress")):
        if field in (types or []):
            w.write(1, f"Allowing {direction} traffic:\n")
            _write_rules(w, spec.get(direction) or [], direction)
        else:
            w.write(1, f"Not affecting {direction} traffic\n")
    w.write(1, f"Policy Types: {', '.join(types or []) or '<none>'}\n")


@describer("networking.k8s.io", "NetworkPolicy")
def describe_network_policy(reader: Reader, namespace: str, name: str,
                            settings: Settings) -> str:
    policy = reader.get_or_none(
        f"/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}")
    if policy is None:
        raise NotFound("networkpolicies.networking.k8s.io", name)
    metadata = policy.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"Created on:\t{go_time_string(metadata.get('creationTimestamp'), settings.now)}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    _write_spec(w, policy.get("spec") or {})
    return w.text()
