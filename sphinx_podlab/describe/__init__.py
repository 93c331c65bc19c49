"""``kubectl describe``, printed exactly as the describers of kubectl v1.34 or later print it.

Pure: describers read the API only through a :class:`~.reader.Reader` (the execution
Context, or captured responses in tests) and take the current time and kubectl's minor
version from :class:`~.common.Settings`, so the same responses always give the same text.

Releases
    ``Settings.minor`` is the minor of the kubectl whose output is printed (the session's,
    ``ctx.minor``). A change kubectl made in a release is written behind
    ``settings.since(N)``, N the release it appeared in (37 where only 1.34 and 1.37 were
    compared and the release in between is not known). Captures of kubectl v1.37.2 are in
    ``tests/unit/fixtures/describe/v1.37.2/``.

Layout
    ``writer.py``      PrefixWriter (indentation levels) over Go's tabwriter settings
    ``gosort.py``      Go's unstable sort (kubectl's order of equal events, tolerations)
    ``reader.py``      the Reader protocol; ``list_all`` (chunked lists, as kubectl)
    ``common.py``      Settings; labels, annotations, times, selectors, owners, events
    ``containers.py``  a pod's containers; ``volumes.py`` volumes and claims (``write_claim``
                       is the PVC describer's body); ``quantity.py`` resource quantities;
    ``podtemplate.py`` tolerations, spread constraints, a workload's ``Pod Template:``
    ``workloads.py``   fetch-or-NotFound, pods by phase, the deployment/RS conditions table
    ``registry.py``    ``(group, Kind)`` → describer; ``NotFound``
    ``kinds/<kind>.py`` one describer per kind

Adding a kind
    Write ``kinds/<kind>.py`` with one function decorated ``@describer(group, Kind)``
    (``group`` is ``""`` for the core group) taking ``(reader, namespace, name, settings)``.
    It fetches its object with ``reader.get_or_none(path)`` (raise ``NotFound`` for None),
    writes into a ``PrefixWriter`` with the helpers above in kubectl's order, writes
    ``write_events(w, search_events(reader, obj, Kind, settings), settings)`` at the end
    when ``settings.show_events``, and returns ``w.text()``. Import the module in
    ``kinds/__init__.py``. Test it in ``tests/unit/describe/`` over a capture made by
    ``tests/unit/fixtures/describe/capture.py`` (add the case there), byte for byte.
    The ``describe`` verb (``verbs/describe.py``) then accepts the kind by itself; its type
    must be one ``parse/resources.py`` knows (add it there if not, e.g. endpointslices).

Several objects
    kubectl writes ``"\\n\\n"`` between the descriptions of several objects (``describe
    TYPE``, ``-l SEL``, several names): two blank lines, :func:`join`. ``describe TYPE
    PREFIX`` of a name that does not exist describes every object whose name starts with it,
    each followed by a newline (one blank line between, one at the end):
    :func:`join_prefix_matches`.
"""

from __future__ import annotations

from . import kinds as _kinds  # noqa: F401  (registers the describers)
from .common import Settings
from .reader import Reader
from .registry import DESCRIBERS, Describer, NotFound

__all__ = ["DESCRIBERS", "Describer", "NotFound", "Reader", "Settings", "describe",
           "describer_for", "join", "join_prefix_matches"]


def describer_for(group: str, kind: str) -> Describer | None:
    return DESCRIBERS.get((group, kind))


def describe(reader: Reader, group: str, kind: str, namespace: str, name: str,
             settings: Settings) -> str:
    """The description of one object; LookupError when podlab has no describer for it."""
    function = describer_for(group, kind)
    if function is None:
        raise LookupError(f"no describer for {kind}{'.' + group if group else ''}")
    return function(reader, namespace, name, settings)


def join(descriptions: list[str]) -> str:
    """What kubectl prints for several objects: each description, a blank line between."""
    return "\n\n".join(descriptions)


def join_prefix_matches(descriptions: list[str]) -> str:
    """kubectl's output for ``describe TYPE PREFIX`` when no object is named PREFIX."""
    return "".join(text + "\n" for text in descriptions)
