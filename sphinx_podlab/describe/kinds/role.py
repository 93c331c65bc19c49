"""``kubectl describe role`` and ``clusterrole`` (kubectl's RoleDescriber and
ClusterRoleDescriber): the rules broken down and compacted as kubectl's pkg/util/rbac does,
one line per resource (and resource name) with all its verbs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..common import Settings, write_annotations, write_labels
from ..reader import Reader
from ..registry import NotFound, describer
from ..volumes import go_list
from ..writer import PrefixWriter

Obj = dict[str, Any]


@dataclass
class Rule:
    """A PolicyRule with its lists, as kubectl's rule helpers handle it."""

    verbs: list[str]
    api_groups: list[str]
    resources: list[str]
    resource_names: list[str]
    non_resource_urls: list[str]

    def go_string(self) -> str:
        """The generated ``PolicyRule.String()`` kubectl sorts the rules by."""
        return (f"&PolicyRule{{Verbs:{go_list(self.verbs)},APIGroups:{go_list(self.api_groups)},"
                f"Resources:{go_list(self.resources)},"
                f"ResourceNames:{go_list(self.resource_names)},"
                f"NonResourceURLs:{go_list(self.non_resource_urls)},}}")


def breakdown(rule: Obj) -> list[Rule]:
    """``BreakdownRule``: one rule per group, resource, verb (and resource name), then one
    per non-resource URL and verb."""
    verbs = list(rule.get("verbs") or [])
    names = list(rule.get("resourceNames") or [])
    rules = []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in verbs:
                for name in names or [None]:
                    rules.append(Rule([verb], [group], [resource], [] if name is None else [name],
                                      []))
    for url in rule.get("nonResourceURLs") or []:
        for verb in verbs:
            rules.append(Rule([verb], [], [], [], [url]))
    return rules


def compact(rules: list[Rule]) -> list[Rule]:
    """``CompactRules``: the rules of one group, resource and resource name merged, their
    verbs in the order first seen; the others (non-resource URLs) kept first, as they are."""
    kept: list[Rule] = []
    merged: dict[tuple[str, str, tuple[str, ...]], Rule] = {}
    for rule in rules:
        if rule.non_resource_urls:
            kept.append(rule)
            continue
        key = (rule.api_groups[0], rule.resources[0], tuple(rule.resource_names))
        if key in merged:
            merged[key].verbs += [verb for verb in rule.verbs if verb not in merged[key].verbs]
        else:
            merged[key] = Rule(list(rule.verbs), rule.api_groups, rule.resources,
                               rule.resource_names, [])
    # kubectl appends the merged rules in Go's map order, then sorts them stably by their
    # string: only identical rules could keep a random order
    return sorted([*kept, *merged.values()], key=Rule.go_string)


def resource_with_group(rule: Rule) -> str:
    """``CombineResourceGroup``: ``pods``, ``deployments.apps``, ``pods/log``."""
    if not rule.resources:
        return ""
    resource, _, sub = rule.resources[0].partition("/")
    if rule.api_groups and rule.api_groups[0]:
        resource += "." + rule.api_groups[0]
    return f"{resource}/{sub}" if sub else resource


def _describe(role: Obj) -> str:
    metadata = role.get("metadata") or {}
    rules = compact([part for rule in role.get("rules") or [] for part in breakdown(rule)])
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, "PolicyRule:\n")
    w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(1, "---------\t-----------------\t--------------\t-----\n")
    for rule in rules:
        w.write(1, f"{resource_with_group(rule)}\t{go_list(rule.non_resource_urls)}\t"
                   f"{go_list(rule.resource_names)}\t{go_list(rule.verbs)}\n")
    return w.text()


@describer("rbac.authorization.k8s.io", "Role")
def describe_role(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    role = reader.get_or_none(
        f"/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles/{name}")
    if role is None:
        raise NotFound("roles.rbac.authorization.k8s.io", name)
    return _describe(role)


@describer("rbac.authorization.k8s.io", "ClusterRole")
def describe_cluster_role(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    role = reader.get_or_none(f"/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}")
    if role is None:
        raise NotFound("clusterroles.rbac.authorization.k8s.io", name)
    return _describe(role)
