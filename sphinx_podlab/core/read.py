"""Reading a book's podlab blocks without building it: what ``status`` compares with records.

conf.py is executed into a namespace (as Sphinx does, in the conf directory); the pages are
the sources Sphinx would find (its ``Project`` with conf's suffixes and exclude patterns);
each page is parsed with docutils (MyST's docutils parser for Markdown) with the podlab
directives registered as recorders that build the same BlockSpecs a Sphinx build does
(``parse/specs.py``). Nothing runs, nothing is written, the environment is not touched.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

from docutils import nodes
from docutils.core import publish_doctree
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, directives, roles

from ..config import PodlabSettings, config_defaults
from ..model.specs import BlockSpec
from ..parse.lines import content_line
from ..parse.specs import BROWSER_OPTIONS, PODLAB_OPTIONS, browser_block, command_block
from ..parse.values import (
    Claim,
    ValueRef,
    ValueSyntaxError,
    parse_claim,
    parse_value_ref,
    pod_ip_ref,
)
from .chain import Chain
from .page import PageInputs, page_inputs

# What Sphinx always leaves out of a project, besides conf's exclude_patterns.
ALWAYS_EXCLUDED = ("**/_sources", ".#*", "**/.#*", "*.lproj/**")


class _Blocks(nodes.Element):
    """Where the recorders put the specs of one page, in document order."""


class _Continues(nodes.Element):
    """Left by ``podlab-continues``: ``target`` (as written) and ``line``."""


class _Checks(nodes.Element):
    """Left by claims and value roles: ``claims`` and ``refs`` ((ValueRef, line) pairs)."""


@dataclass(frozen=True)
class PageSource:
    """What the recorders found on one page."""

    blocks: tuple[BlockSpec, ...]
    continues: tuple[str, int] | None = None  # the page it continues, as written, and line
    claims: tuple[Claim, ...] = ()
    refs: tuple[tuple[ValueRef, int], ...] = ()  # values shown in prose, each with its line


def load_conf(docs_dir: Path) -> SimpleNamespace:
    """conf.py's names over the defaults podlab and Sphinx give the settings used here."""
    namespace: dict[str, Any] = {"__file__": str(docs_dir / "conf.py"), "tags": _NoTags()}
    code = compile((docs_dir / "conf.py").read_bytes(), str(docs_dir / "conf.py"), "exec")
    with contextlib.chdir(docs_dir):
        exec(code, namespace)
    values: dict[str, Any] = {
        **config_defaults(),
        "source_suffix": {".rst": "restructuredtext"},
        "exclude_patterns": [], "templates_path": [], "include_patterns": ["**"],
        "html_static_path": [], "html_extra_path": [], "myst_enable_extensions": [],
    }
    values.update({name: value for name, value in namespace.items() if not name.startswith("_")})
    return SimpleNamespace(**values)


def book_inputs(docs_dir: Path) -> tuple[PodlabSettings, dict[str, PageInputs]]:
    """The settings, and for every page with podlab blocks its scenario and key (a chained
    page's key includes its predecessors')."""
    settings, pages, _chains = book_status_inputs(docs_dir)
    return settings, pages


def book_status_inputs(
    docs_dir: Path,
) -> tuple[PodlabSettings, dict[str, PageInputs], dict[str, Chain]]:
    """:func:`book_inputs` and the book's chains."""
    from .book import chain_inputs, scan_book

    conf = load_conf(docs_dir)
    settings = PodlabSettings.from_config(conf, docs_dir, environ={})
    book = scan_book(find_pages(docs_dir, conf), conf)
    pages: dict[str, PageInputs] = {}
    for docname, source in book.sources.items():
        pages[docname] = page_inputs(docname, settings, source.blocks,
                                     (docs_dir / docname).parent,
                                     may_fetch=False)  # status is offline
    for chain in {id(chain): chain for chain in book.chains.values()}.values():
        pages.update(chain_inputs(book, chain, settings, docs_dir, known=pages))
    return settings, pages, book.chains


def find_pages(docs_dir: Path, conf: SimpleNamespace) -> dict[str, Path]:
    from sphinx.project import Project  # finding files only; no application is made

    project = Project(docs_dir, _suffixes(conf))
    excluded = [*conf.exclude_patterns, *conf.templates_path, *conf.html_static_path,
                *conf.html_extra_path, *ALWAYS_EXCLUDED]
    found = project.discover(excluded, conf.include_patterns)
    return {docname: Path(project.doc2path(docname, absolute=True)) for docname in found}


def _suffixes(conf: SimpleNamespace) -> dict[str, str]:
    """conf's source_suffix, plus ``.md`` as myst_parser's setup() adds it."""
    value = conf.source_suffix
    if isinstance(value, str):
        suffixes = {value: "restructuredtext"}
    elif isinstance(value, dict):
        suffixes = {str(suffix): str(kind) for suffix, kind in value.items()}
    else:
        suffixes = {str(suffix): "restructuredtext" for suffix in value}
    if "myst_parser" in getattr(conf, "extensions", ()):
        suffixes.setdefault(".md", "markdown")
    return suffixes


def read_blocks(path: Path, conf: SimpleNamespace) -> tuple[BlockSpec, ...] | None:
    """The specs of a page's podlab blocks, or None when it uses no podlab markup."""
    page = read_page(path, conf)
    return page.blocks if page is not None else None


def read_page(path: Path, conf: SimpleNamespace) -> PageSource | None:
    """A page's blocks, the page it continues and its claims, or None without podlab."""
    text = path.read_text(encoding="utf-8")
    if "podlab" not in text:
        return None
    kind = _suffixes(conf).get(path.suffix, "restructuredtext")
    parser, settings = _parser(kind, tuple(conf.myst_enable_extensions))
    with _podlab_recorders(), _html_translator_kept(), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # myst-parser's own use of docutils
        doctree = publish_doctree(text, source_path=str(path), parser=parser,
                                  settings=copy.copy(settings))
    specs = [spec for holder in doctree.findall(_Blocks) for spec in holder["specs"]]
    continues = [(str(node["target"]), int(node["line"])) for node in doctree.findall(_Continues)]
    checks = list(doctree.findall(_Checks))
    used = bool(specs) or bool(list(doctree.findall(_Used))) or bool(continues) or bool(checks)
    if not used:
        return None
    return PageSource(
        tuple(specs), continues[0] if continues else None,
        tuple(claim for node in checks for claim in node["claims"]),
        tuple(ref for node in checks for ref in node["refs"]))


@functools.cache
def _parser(kind: str, myst_extensions: tuple[str, ...]) -> tuple[Any, Any]:
    """One parser and one set of docutils settings per source kind (making the settings
    costs more than parsing a page)."""
    if kind == "markdown":
        from myst_parser.parsers.docutils_ import Parser

        parser: Any = Parser()
    else:
        from docutils.parsers.rst import Parser as RstParser

        parser = RstParser()
    overrides: dict[str, Any] = {
        "report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(),
        "file_insertion_enabled": False, "raw_enabled": False,
    }
    if kind == "markdown":
        overrides["myst_enable_extensions"] = list(myst_extensions)
    settings = get_default_settings(parser)
    settings._update(overrides, "loose")
    return parser, settings


class _Used(nodes.Element):
    """Left by the other podlab directives and the role: the page uses podlab."""


class _CommandRecorder(Directive):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = PODLAB_OPTIONS

    def run(self) -> list[nodes.Node]:
        spec, _errors = command_block(list(self.content), self.options, self.lineno,
                                      lambda index: content_line(self, index))
        return [_Blocks(specs=[spec])]


class _BrowserRecorder(Directive):
    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = BROWSER_OPTIONS

    def run(self) -> list[nodes.Node]:
        spec, _errors = browser_block(self.arguments[0], list(self.content), self.options,
                                      self.lineno, lambda index: content_line(self, index))
        return [_Blocks(specs=[spec])]


class _ContinuesRecorder(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0].strip() if self.arguments else ""
        return [_Continues(target=target, line=self.lineno)] if target else [_Used()]


class _ClaimRecorder(Directive):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"show": directives.flag}

    def run(self) -> list[nodes.Node]:
        claims = []
        for index, text in enumerate(self.content):
            if text.strip() and not text.lstrip().startswith("#"):
                with contextlib.suppress(ValueSyntaxError):  # the build reports those
                    claims.append(parse_claim(text, content_line(self, index)))
        return [_Checks(claims=claims, refs=[])]


class _IpChangeRecorder(Directive):
    option_spec: ClassVar[dict[str, Any]] = {
        name: directives.unchanged for name in ("pod", "before", "after", "expect")}

    def run(self) -> list[nodes.Node]:
        pod, before, after = (self.options.get(k, "") for k in ("pod", "before", "after"))
        relation = "same" if self.options.get("expect") == "same" else "changed"
        with contextlib.suppress(ValueSyntaxError):
            claim = parse_claim(f"pod/{pod}.ip@{before} {relation} @{after}", self.lineno)
            return [_Checks(claims=[claim], refs=[])]
        return [_Used()]


def _value_role(parse: Any) -> Any:
    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
             options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
        try:
            return [_Checks(claims=[], refs=[(parse(text), lineno)])], []
        except ValueSyntaxError:
            return [_Used()], []
    return role


class _AnyOptions(dict[str, Any]):
    def __missing__(self, key: str) -> Any:
        return directives.unchanged

    def __contains__(self, key: object) -> bool:
        return True


class _UsedMarker(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = _AnyOptions()

    def run(self) -> list[nodes.Node]:
        return [_Used()]


def _used_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
               options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
    return [_Used()], []


@contextlib.contextmanager
def _podlab_recorders() -> Iterator[None]:
    """docutils' registries hold only our recorders (beside docutils' own directives and
    roles) while one page is parsed, then are restored: a Sphinx application in the same
    process leaves its directives registered, and they need a Sphinx environment."""
    saved_directives = dict(directives._directives)  # type: ignore[attr-defined]
    saved_roles = dict(roles._roles)  # type: ignore[attr-defined]
    # Inside a Sphinx build (a chained page reads the others), Sphinx has replaced docutils'
    # lookup functions by its domains' dispatchers, which need a Sphinx environment:
    # docutils' own functions while we parse.
    saved_lookups = directives.directive, roles.role
    directives.directive = _unpatched(directives.directive, "directive_func")
    roles.role = _unpatched(roles.role, "role_func")
    directives._directives.clear()  # type: ignore[attr-defined]
    roles._roles.clear()  # type: ignore[attr-defined]
    try:
        directives.register_directive("podlab", _CommandRecorder)
        directives.register_directive("podlab-browser", _BrowserRecorder)
        directives.register_directive("podlab-output", _UsedMarker)
        directives.register_directive("podlab-ipchange", _IpChangeRecorder)
        directives.register_directive("podlab-claim", _ClaimRecorder)
        directives.register_directive("podlab-continues", _ContinuesRecorder)
        roles.register_local_role("podlab-ip", _value_role(pod_ip_ref))
        roles.register_local_role("podlab-value", _value_role(parse_value_ref))
        yield
    finally:
        directives._directives.clear()  # type: ignore[attr-defined]
        directives._directives.update(saved_directives)  # type: ignore[attr-defined]
        roles._roles.clear()  # type: ignore[attr-defined]
        roles._roles.update(saved_roles)  # type: ignore[attr-defined]
        directives.directive, roles.role = saved_lookups


def _unpatched(function: Any, attribute: str) -> Any:
    """The function Sphinx's dispatchers (``sphinx.util.docutils.CustomReSTDispatcher``)
    stand in front of, however many are stacked."""
    while hasattr(getattr(function, "__self__", None), attribute):
        function = getattr(function.__self__, attribute)
    return function


@contextlib.contextmanager
def _html_translator_kept() -> Iterator[None]:
    """MyST's docutils parser patches docutils' HTMLTranslator for its own writer: undone,
    so that a Sphinx build in the same process renders as it would have."""
    from docutils.writers._html_base import HTMLTranslator

    names = ("visit_rubric", "depart_rubric", "visit_container", "depart_container")
    saved = {name: HTMLTranslator.__dict__.get(name) for name in names}
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                with contextlib.suppress(AttributeError):
                    delattr(HTMLTranslator, name)
            else:
                setattr(HTMLTranslator, name, value)


class _NoTags:
    """conf.py may test ``tags.has(...)``: no builder tags are set when only reading."""

    def has(self, _tag: str) -> bool:
        return False

    def add(self, _tag: str) -> None:
        return None

    def __contains__(self, _tag: str) -> bool:
        return False
