"""Per-page outcomes kept in the build environment, safe for parallel reads."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import asdict
from typing import Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..model.outcomes import PageOutcome


class PodlabDomain(Domain):
    name = "podlab"
    label = "podlab"
    initial_data = {"pages": {}, "build": "", "reports": {}}  # noqa: RUF012 (Sphinx API)
    data_version = 1

    @property
    def pages(self) -> dict[str, dict[str, Any]]:
        pages: dict[str, dict[str, Any]] = self.data["pages"]
        return pages

    def set_outcome(self, docname: str, outcome: PageOutcome) -> None:
        self.pages[docname] = asdict(outcome)

    def outcome(self, docname: str) -> PageOutcome | None:
        data = self.pages.get(docname)
        return PageOutcome(**data) if data else None

    def outcomes(self) -> Iterable[tuple[str, PageOutcome]]:
        for docname in sorted(self.pages):
            yield docname, PageOutcome(**self.pages[docname])

    @property
    def build_id(self) -> str:
        return str(self.data["build"])

    def start_build(self, build_id: str) -> None:
        self.data["build"] = build_id

    def note_report(self, docname: str) -> None:
        self.data["reports"][docname] = True

    def report_pages(self) -> list[str]:
        return sorted(self.data["reports"])

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)
        self.data["reports"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["pages"]:
                self.pages[docname] = otherdata["pages"][docname]
            if docname in otherdata["reports"]:
                self.data["reports"][docname] = True

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def podlab_domain(env: BuildEnvironment) -> PodlabDomain:
    domain = env.get_domain("podlab")
    assert isinstance(domain, PodlabDomain)
    return domain
