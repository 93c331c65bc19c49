"""Messages for authors, translatable without importing Sphinx.

A layer below Sphinx builds ``Message(template, params)``; the Sphinx sink looks the template
up in the ``sphinx_podlab`` catalog (``sphinx.locale``) and fills it in. ``str()`` gives the
English text (records, ``status``, logs outside Sphinx).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    template: str  # the msgid: English, with %(name)s placeholders
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params if self.params else self.template

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The text in the catalog's language; messages within are translated too."""
        template = gettext(self.template)
        if not self.params:
            return template
        return template % {name: value.translated(gettext) if isinstance(value, Message)
                           else value for name, value in self.params.items()}


def msg(template: str, **params: object) -> Message:
    return Message(template, params)


Text = str | Message  # what a warning may be: a message, or text from kubectl or the server
