"""References to snapshotted values and claims about them, as pages write them.

A value is ``TYPE/NAME.FIELD@SNAPSHOT``: ``svc/mysql.clusterIP@before``,
``pod/mysql-0.node@after``, ``pvc/data-mysql-0.volumeName@before``. TYPE is a kubectl name
of a snapshotted kind (``svc``, ``service``, ``ep``, ``pvc``, ``sts``...); the field is the
last ``.WORD`` (names may hold dots, fields never do). ``POD@SNAPSHOT`` (the ``podlab-ip``
role) is ``pod/POD.ip@SNAPSHOT``.

A claim is one line ``LEFT RELATION [RIGHT]``, words quoted as in a shell:

- ``LEFT same RIGHT`` / ``LEFT changed RIGHT``: RIGHT is a value, or ``@SNAPSHOT`` for the
  same field of the same object in another snapshot;
- ``LEFT equals VALUE`` / ``LEFT contains VALUE``: VALUE is a value reference or text;
- ``LEFT matches REGEX``: a Python regular expression searched in the value's text.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from typing import Literal, get_args

from ..model.messages import Message, msg
from ..model.snapshot import KIND_FIELDS, KIND_WORDS

Relation = Literal["same", "changed", "equals", "contains", "matches"]
RELATIONS: tuple[str, ...] = get_args(Relation)
NEEDS_VALUE = ("same", "changed")  # relations whose right side must be a value reference

SNAPSHOT_NAME = re.compile(r"[A-Za-z0-9_][-A-Za-z0-9_.]*")
OBJECT_NAME = re.compile(r"[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?")
# what makes a word a value reference rather than text: TYPE/NAME.FIELD@SNAPSHOT
LOOKS_LIKE_REF = re.compile(r"^[a-z]+/[^\s@]+\.[A-Za-z]+@[^\s@]+$")


class ValueSyntaxError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ValueRef:
    kind: str  # "Service"
    name: str
    field: str
    snapshot: str
    text: str  # as written

    @property
    def object_text(self) -> str:
        return self.text.rpartition("@")[0].rpartition(".")[0]


def parse_value_ref(text: str) -> ValueRef:
    """``TYPE/NAME.FIELD@SNAPSHOT``; raises ValueSyntaxError saying what is wrong."""
    text = text.strip()
    where, at, snapshot = text.rpartition("@")
    if not at or not SNAPSHOT_NAME.fullmatch(snapshot):
        raise ValueSyntaxError(msg("a value is TYPE/NAME.FIELD@SNAPSHOT (e.g. "
                                   "svc/mysql.clusterIP@before), got %(text)r", text=text))
    word, slash, rest = where.partition("/")
    name, dot, field = rest.rpartition(".")
    if not slash or not dot or not name or not field:
        raise ValueSyntaxError(msg("a value is TYPE/NAME.FIELD@SNAPSHOT (e.g. "
                                   "svc/mysql.clusterIP@before), got %(text)r", text=text))
    kind = KIND_WORDS.get(word.lower())
    if kind is None:
        raise ValueSyntaxError(msg("%(text)r: snapshots do not record %(type)r (they record: "
                                   "%(known)s)", text=text, type=word,
                                   known=", ".join(_kind_words())))
    if not OBJECT_NAME.fullmatch(name):
        raise ValueSyntaxError(msg("%(text)r: %(name)r is not an object name", text=text,
                                   name=name))
    fields = ("name", *KIND_FIELDS[kind])
    if field not in fields:
        raise ValueSyntaxError(msg("%(text)r: a %(kind)s has no field %(field)r (its fields: "
                                   "%(fields)s)", text=text, kind=kind, field=field,
                                   fields=", ".join(fields)))
    return ValueRef(kind, name, field, snapshot, text)


def pod_ip_ref(text: str) -> ValueRef:
    """``POD@SNAPSHOT`` of the ``podlab-ip`` role, as a value reference."""
    pod, at, snapshot = text.strip().partition("@")
    return parse_value_ref(f"pod/{pod.strip()}.ip@{snapshot.strip()}" if at else text)


def _kind_words() -> list[str]:
    short: dict[str, str] = {}
    for word, kind in KIND_WORDS.items():
        if kind not in short or len(word) < len(short[kind]):
            short[kind] = word
    return list(short.values())


@dataclass(frozen=True)
class Claim:
    left: ValueRef
    relation: Relation
    right: ValueRef | str
    line: int  # absolute 1-based source line
    text: str


def parse_claim(text: str, line: int) -> Claim:
    """One line of a ``podlab-claim``; raises ValueSyntaxError."""
    try:
        words = shlex.split(text, comments=False, posix=True)
    except ValueError as error:
        raise ValueSyntaxError(msg("podlab-claim: cannot read %(text)r: %(error)s", text=text,
                                   error=str(error))) from None
    if len(words) != 3 or words[1] not in RELATIONS:
        raise ValueSyntaxError(msg(
            "podlab-claim: a claim is 'VALUE RELATION OTHER' with RELATION one of %(relations)s "
            "(e.g. 'svc/mysql.clusterIP@before same @after'), got %(text)r",
            relations=", ".join(RELATIONS), text=text))
    left = parse_value_ref(words[0])
    relation: Relation = words[1]  # type: ignore[assignment]
    other = words[2]
    right: ValueRef | str
    if other.startswith("@") and SNAPSHOT_NAME.fullmatch(other[1:]):
        right = replace(left, snapshot=other[1:],
                        text=f"{left.text.rpartition('@')[0]}{other}")
    elif relation in NEEDS_VALUE or (relation != "matches" and LOOKS_LIKE_REF.match(other)):
        right = parse_value_ref(other)
    else:
        right = other
    if relation == "matches":
        try:
            re.compile(other)
        except re.error as error:
            raise ValueSyntaxError(msg("podlab-claim: %(regex)r is not a regular expression: "
                                       "%(error)s", regex=other, error=str(error))) from None
    return Claim(left, relation, right, line, text.strip())
