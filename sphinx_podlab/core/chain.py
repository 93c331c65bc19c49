"""Chains: pages that continue the scenario of the page before them (no Sphinx).

A page says ``podlab-continues PAGE`` (a docname, relative to the page like a toctree entry,
or absolute with a leading ``/``). Following those links gives chains: head → ... → tail,
never branching (one successor per page) and never circular. The pages of a chain run live
as one scenario, in chain order; each keeps its own record, and a page's key is computed
from its own inputs and its predecessor's key, so editing an early page makes every later
page stale.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from ..model.messages import Message, msg
from ..scenario.key import ScenarioInputs


@dataclass(frozen=True)
class Chain:
    pages: tuple[str, ...]  # docnames, head first

    @property
    def head(self) -> str:
        return self.pages[0]

    def before(self, docname: str) -> tuple[str, ...]:
        return self.pages[: self.pages.index(docname)]


@dataclass(frozen=True)
class ChainProblem:
    docname: str
    line: int | None
    message: Message


def resolve_target(docname: str, target: str) -> str:
    """A ``podlab-continues`` argument as a docname (``../pod-ip/index`` from
    ``service/index`` is ``pod-ip/index``)."""
    target = target.strip().removesuffix(".md").removesuffix(".rst")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))


def find_chains(
    links: Mapping[str, tuple[str, int]], podlab_pages: set[str]
) -> tuple[dict[str, Chain], list[ChainProblem]]:
    """Every chained page's chain, from ``links`` (page -> the target it continues, as
    written, and the directive's line); pages whose link is bad are left out, each problem
    at the page's link."""
    problems: list[ChainProblem] = []
    predecessor: dict[str, str] = {}
    successor: dict[str, str] = {}
    for docname, (target, line) in sorted(links.items()):
        before = resolve_target(docname, target)
        if before == docname or before not in podlab_pages:
            problems.append(ChainProblem(docname, line, msg(
                "podlab-continues: %(target)r is not a page with podlab blocks (pages: "
                "%(pages)s)", target=target,
                pages=", ".join(sorted(podlab_pages - {docname})) or "none")))
            continue
        if before in successor:
            problems.append(ChainProblem(docname, line, msg(
                "podlab-continues: %(before)s is continued by %(other)s already; a chain "
                "cannot branch (continue %(other)s instead)", before=before,
                other=successor[before])))
            continue
        predecessor[docname] = before
        successor[before] = docname
    chains: dict[str, Chain] = {}
    circled: set[str] = set()
    for docname in sorted(set(predecessor) | set(successor)):
        if docname in chains or docname in circled:
            continue
        head, seen = docname, {docname}
        while head in predecessor:
            head = predecessor[head]
            if head in seen:  # a circle: report it once, at its pages' links
                problems += [ChainProblem(page, links[page][1], msg(
                    "podlab-continues: the chain through %(page)s goes round in a circle",
                    page=page)) for page in sorted(seen) if page in links]
                circled |= seen
                break
            seen.add(head)
        else:
            pages = [head]
            while pages[-1] in successor:
                pages.append(successor[pages[-1]])
            chain = Chain(tuple(pages))
            chains.update({page: chain for page in pages})
    return chains, problems


def chained_inputs(own: ScenarioInputs, before: tuple[str, str] | None) -> ScenarioInputs:
    """A page's key inputs with its predecessor's docname and key (a head's are its own)."""
    if before is None:
        return own
    docname, key = before
    return ScenarioInputs({**own.data, "continues": {"page": docname, "key": key}})


def chain_keys(chain: Chain, own: Mapping[str, ScenarioInputs]) -> dict[str, ScenarioInputs]:
    """Every page's chained inputs, in chain order."""
    result: dict[str, ScenarioInputs] = {}
    before: tuple[str, str] | None = None
    for docname in chain.pages:
        inputs = chained_inputs(own[docname], before)
        result[docname] = inputs
        before = (docname, inputs.key)
    return result
