"""The book's podlab pages read from their sources (``read.py``), its chains, and each
chained page's key inputs: what a build and ``status`` both need to know about pages other
than the one being read."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace

from ..config import PodlabSettings
from .chain import Chain, ChainProblem, chain_keys, find_chains
from .page import PageInputs, page_inputs
from .read import PageSource, read_page


@dataclass(frozen=True)
class Book:
    sources: dict[str, PageSource]  # every page with podlab markup
    chains: dict[str, Chain]  # every chained page's chain
    problems: tuple[ChainProblem, ...]


def scan_book(paths: dict[str, Path], conf: SimpleNamespace) -> Book:
    """Read every page (each parsed once per process while its file is unchanged)."""
    suffixes = tuple(sorted(_suffix_kinds(conf).items()))
    extensions = tuple(conf.myst_enable_extensions)
    sources: dict[str, PageSource] = {}
    for docname, path in sorted(paths.items()):
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            continue
        found = _read_cached(str(path), stamp, suffixes, extensions)
        if found is not None:
            sources[docname] = found
    links = {docname: source.continues for docname, source in sources.items()
             if source.continues is not None}
    chains, problems = find_chains(links, set(sources))
    return Book(sources, chains, tuple(problems))


def _suffix_kinds(conf: SimpleNamespace) -> dict[str, str]:
    from .read import _suffixes

    return _suffixes(conf)


@functools.lru_cache(maxsize=512)
def _read_cached(path: str, _stamp: int, suffixes: tuple[tuple[str, str], ...],
                 extensions: tuple[str, ...]) -> PageSource | None:
    conf = SimpleNamespace(source_suffix=dict(suffixes), myst_enable_extensions=list(extensions),
                           extensions=[])
    return read_page(Path(path), conf)


def chain_inputs(book: Book, chain: Chain, settings: PodlabSettings, srcdir: Path,
                 known: dict[str, PageInputs] | None = None) -> dict[str, PageInputs]:
    """Every page of the chain with its chained key, all in the head's namespace (``known``:
    pages already read, whose blocks are used as read)."""
    namespace = settings.namespace_for(chain.head)
    own: dict[str, PageInputs] = {}
    for docname in chain.pages:
        if known and docname in known and known[docname].scenario.namespace == namespace:
            own[docname] = known[docname]
            continue
        blocks = known[docname].scenario.blocks if known and docname in known \
            else book.sources[docname].blocks
        own[docname] = page_inputs(docname, settings, blocks, (srcdir / docname).parent,
                                   may_fetch=False, namespace=namespace)
    keyed = chain_keys(chain, {docname: page.inputs for docname, page in own.items()})
    return {docname: replace(own[docname], inputs=keyed[docname]) for docname in chain.pages}
