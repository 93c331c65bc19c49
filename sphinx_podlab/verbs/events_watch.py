"""``kubectl events -w [--for TYPE/NAME] [--types T] [-A]`` (``EventsOptions.runWatch``).

As kubectl: no list first, a watch from now, whose first events are the existing ones
(ADDED); every event but a deletion is printed through one tabwriter flushed after each
(remembered widths), the header with the first. It ends as the reader's Ctrl-C would, once
quiet (``ctx.until``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..execute.context import Context
from ..execute.rest import Rest
from ..execute.watch import EventStream, follow
from ..model.kinds import Obj
from ..printers.tabwriter import TabWriter

if TYPE_CHECKING:
    from .events import Events


def run_watch(ctx: Context, command: Events, path: str, query: dict[str, str | int]) -> None:
    from .events import event_header, event_line

    writer = TabWriter()
    printed_header = False

    def on_event(event: Obj) -> None:
        nonlocal printed_header
        obj = event.get("object") or {}
        if event.get("type") == "DELETED" or event.get("type") == "ERROR":
            return
        if command.types and str(obj.get("type") or "").lower() not in \
                {t.lower() for t in command.types}:
            return
        if not printed_header and not command.no_headers:
            writer.write(event_header(command.all_namespaces))
            printed_header = True
        writer.write(event_line(obj, command.all_namespaces, datetime.now(UTC)))
        writer.flush()
        ctx.output.out("".join(writer.out))
        writer.out.clear()

    rest = Rest(ctx.new_api_client(), ctx.rest.request_timeout, ctx.rest.on_warning)
    watch_query = {key: value for key, value in query.items() if key != "limit"}
    try:
        with EventStream(rest, path, watch_query, "application/json",
                         ctx.deadline.remaining() + 5) as events:
            ctx.until.started()
            follow(ctx.until, ctx.deadline, events, events.next, on_event)
    finally:
        rest.api_client.close()  # type: ignore[no-untyped-call]
