"""Finding the parts of an output line that change from run to run without changing its story.

A line is cut into literal text and *volatile tokens*: ages, timestamps, IPs, UIDs, generated
names and the like. Two lines tell the same story when their literal text is equal (runs of
spaces count as one, so a kubectl table that realigns because a cell got wider is still the
same table) and their tokens are of the same kinds in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a volatile token is. ``renamed`` kinds must change consistently across a page."""

    AGE = "age"
    TIMESTAMP = "timestamp"
    COUNT = "event count"
    RESOURCE_VERSION = "resourceVersion"
    NAMESPACE = "namespace"
    IP = "IP"
    UID = "UID"
    NAME = "generated name"
    HASH = "hash"
    NODE_PORT = "node port"
    LOCAL_PORT = "local port"
    USAGE = "resource usage"  # `kubectl top`'s measurements: never the same twice

    @property
    def renamed(self) -> bool:
        """True for identities (an IP, a pod's name): the same old value must become the same
        new value everywhere; False for values that just move on (an age, a timestamp)."""
        return self in _RENAMED


_RENAMED = frozenset({Kind.IP, Kind.UID, Kind.NAME, Kind.HASH, Kind.NODE_PORT,
                      Kind.LOCAL_PORT})


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    stem: str = ""  # for a generated name: the part a person chose (``pma`` of ``pma-7d…-x2k``)

    @property
    def placeholder(self) -> str:
        return f"\x00{self.kind.value}:{self.stem}\x00"


# kubernetes' rand.String and the pod-template-hash encoding use this alphabet (no vowels, no
# 0/1/3, no y), which keeps ordinary words like "mysql" or "client" from looking generated.
_SAFE = "[bcdfghjklmnpqrstvwxz2456789]"
_MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"

_TIMESTAMP = "|".join([
    # 2026-11-27T09:07:20Z, 2026-11-27 09:07:20.123 +0000 UTC, MariaDB's "2026-11-27  9:07:20"
    r"\d{4}-\d\d-\d\d(?:T| +)\d{1,2}:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"
    r"(?: [+-]\d{4})?(?: [A-Z]{3,5}\b)?(?: m=[+-]\d+\.\d+)?",
    rf"{_DAY}, \d\d {_MONTH} \d{{4}} \d\d:\d\d:\d\d [+-]\d{{4}}",  # describe (RFC 1123Z)
    rf"{_DAY} {_MONTH} +\d{{1,2}} \d\d:\d\d:\d\d(?: [A-Z]{{3,5}})? \d{{4}}",  # date(1)
    rf"\d\d/{_MONTH}/\d{{4}}:\d\d:\d\d:\d\d [+-]\d{{4}}",  # web server access logs
])
# kubectl's HumanDuration and Go durations: 5s, 2m3s, 3d4h, 2y30d, 1.5s, 300ms
_DURATION = (r"(?<![\w.])(?=\d+(?:\.\d+)?(?:ms|[smhdy]))"
             r"(?:\d+y)?(?:\d+d)?(?:\d+h)?(?:\d+m(?!s))?(?:\d+(?:\.\d+)?(?:ms|s))?(?![\w.])")
# An event's age may carry how often it happened: "7s (x2 over 7s)" in one run is "6s" in the
# next (a readiness probe that failed once more); both are one age.
_AGE = rf"{_DURATION}(?: \(x\d+ over {_DURATION}\))?|<invalid>|<unknown>"

_PATTERNS: list[tuple[Kind, str]] = [
    (Kind.TIMESTAMP, _TIMESTAMP),
    # a UID, also inside a name made from one (a PersistentVolume's pvc-<uid>)
    (Kind.UID, r"(?<![\w])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])"),
    (Kind.HASH, r"(?<![\w])[0-9a-f]{40,64}(?![\w])"),
    (Kind.RESOURCE_VERSION, r'(?<=resourceVersion: ")\d+(?=")|(?<="resourceVersion": ")\d+(?=")'),
    (Kind.LOCAL_PORT, r"(?<=127\.0\.0\.1:)\d+|(?<=\[::1\]:)\d+|(?<=Handling connection for )\d+"),
    (Kind.IP, rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)(?![\w])"),
    (Kind.NODE_PORT, r"(?<=[:\s])3[0-2]\d{3}(?=/(?:TCP|UDP|SCTP))"),
    (Kind.COUNT, r"(?<=\()x\d+(?= over )"),
    # a Deployment's pod (name-hash-xxxxx), a ReplicaSet (name-hash), a generateName suffix,
    # a CronJob's Job (name-<scheduled minute since the epoch>) and its pod
    (Kind.NAME, rf"(?<![\w.-])(?P<stem>[a-z0-9](?:[a-z0-9.-]*?[a-z0-9])?)"
                rf"(?:-{_SAFE}{{6,10}}(?:-{_SAFE}{{5}})?|-\d{{8}}(?:-{_SAFE}{{5}})?"
                rf"|-{_SAFE}{{5}})(?![\w-])"),
    # a ReplicaSet's generateName for its pods: name-hash- (the hash changes with the template)
    (Kind.NAME, rf"(?<![\w.-])(?P<stem>[a-z0-9](?:[a-z0-9.-]*?[a-z0-9])?)-{_SAFE}{{6,10}}-"
                rf"(?=$|[\s\"'])"),
    (Kind.HASH, rf"(?:(?<=pod-template-hash=)|(?<=pod-template-hash: )){_SAFE}{{6,10}}\b"),
    (Kind.AGE, _AGE),
]

_SCANNER = re.compile("|".join(f"(?P<k{index}>{pattern})".replace("(?P<stem>", f"(?P<s{index}>")
                               for index, (_kind, pattern) in enumerate(_PATTERNS)))
_SPACES = re.compile(r"(?<=[^ ]) {2,}")  # not the indentation, which is structure

Piece = str | Token


def scan(line: str, namespaces: frozenset[str] = frozenset()) -> list[Piece]:
    """The line as literal strings and tokens, in order.

    ``namespaces``: names to treat as the namespace the scenario ran in (when two records ran
    in different namespaces, ``default`` in one is ``h-x`` in the other).
    """
    pieces: list[Piece] = []
    position = 0
    for match in _scanner(namespaces).finditer(line):
        index = int(next(name for name, value in match.groupdict().items()
                         if value is not None and name.startswith("k"))[1:])
        kind = Kind.NAMESPACE if index == len(_PATTERNS) else _PATTERNS[index][0]
        stem = match.group(f"s{index}") if f"s{index}" in match.groupdict() else None
        if match.start() > position:
            pieces.append(line[position:match.start()])
        pieces.append(Token(kind, match.group(), stem or ""))
        position = match.end()
    if position < len(line):
        pieces.append(line[position:])
    return pieces


def skeleton(pieces: list[Piece]) -> str:
    """The line with tokens replaced by their kind and inner runs of spaces by one space."""
    text = "".join(piece if isinstance(piece, str) else piece.placeholder for piece in pieces)
    return _SPACES.sub(" ", text)


def tokens(pieces: list[Piece]) -> list[Token]:
    return [piece for piece in pieces if isinstance(piece, Token)]


_SCANNERS: dict[frozenset[str], re.Pattern[str]] = {}


def _scanner(namespaces: frozenset[str]) -> re.Pattern[str]:
    if not namespaces:
        return _SCANNER
    if namespaces not in _SCANNERS:
        names = "|".join(re.escape(name) for name in sorted(namespaces, key=len, reverse=True))
        # the namespace goes first: "h-drift-1" must not be taken for a generated name
        own = f"(?P<k{len(_PATTERNS)}>(?<![\\w-])(?:{names})(?![\\w-]))"
        _SCANNERS[namespaces] = re.compile(f"{own}|{_SCANNER.pattern}")
    return _SCANNERS[namespaces]
