"""Comparing two outputs line by line, tokens as tokens and table cells as cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from .model import Difference, Rename
from .pairing import Known, best_pairs
from .tables import Table, find_tables
from .tokens import Kind, Piece, Token, scan, skeleton, tokens


@dataclass(frozen=True)
class _Lines:
    lines: list[str]
    pieces: list[list[Piece]]
    skeletons: list[str]
    tables: dict[int, Table]

    @classmethod
    def of(cls, lines: list[str], namespaces: frozenset[str]) -> _Lines:
        tables = find_tables(lines)
        pieces = [_usage_row(line, tables[index], namespaces)
                  if index in tables and tables[index].usage_columns() else scan(line, namespaces)
                  for index, line in enumerate(lines)]
        return cls(lines, pieces, [skeleton(item) for item in pieces], tables)


def _usage_row(line: str, table: Table, namespaces: frozenset[str]) -> list[Piece]:
    """A `kubectl top` row: its CPU and memory cells are measurements, the rest as usual."""
    usage = table.usage_columns()
    pieces: list[Piece] = []
    for index, (name, start) in enumerate(table.columns):
        end = table.columns[index + 1][1] if index + 1 < len(table.columns) else len(line)
        cell = line[start:end]
        value = cell.rstrip()
        if name in usage and value:
            pieces += [Token(Kind.USAGE, value), cell[len(value):]]
        else:
            pieces += scan(cell, namespaces)
    return pieces


@dataclass
class LineComparison:
    """Differences found in one output, and every identity pair seen in it (equal or not)."""

    differences: list[Difference]
    renames: list[Rename]


def compare_lines(
    old: list[str],
    new: list[str],
    place: str,
    part: str,
    namespaces: frozenset[str] = frozenset(),
    page_line: int | None = None,
    numbered: bool = True,
    known: Known | None = None,
    repeats: bool = False,
) -> LineComparison:
    """Align the lines by their skeletons, then compare each aligned pair.

    ``part`` names the output ("stdout"); differences say "stdout line 3" (1-based, in the
    old output for changed and lost lines, in the new one for added lines), or just
    "stdout" when not ``numbered`` (a one-line value). With ``repeats`` (the output of a
    command that kept running), a line added or lost that repeats its neighbour, and that
    the other output has too, is cosmetic: how often a watch re-prints a row, or how many
    connections a port-forward handled, depends on timing.
    """
    before, after = _Lines.of(old, namespaces), _Lines.of(new, namespaces)
    result = LineComparison([], [])
    known = {} if known is None else known

    def difference(what: str, old_text: str | None, new_text: str | None, reason: str,
                   meaningful: bool, renames: tuple[Rename, ...] = (),
                   kinds: tuple[str, ...] = ()) -> None:
        label = f"{part} {what}" if numbered else part
        result.differences.append(Difference(place, label, old_text, new_text,
                                             reason, meaningful, renames, page_line, kinds))

    matcher = SequenceMatcher(None, before.skeletons, after.skeletons, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j, ambiguous in _equal_pairs(before, after, i1, i2, j1, known):
                where = f"{place}, {part} line {i + 1}" if numbered else f"{place}, {part}"
                _same_shape(before, after, i, j, where, result, difference, known, ambiguous)
            continue
        paired = min(i2 - i1, j2 - j1)
        for offset in range(paired):
            i, j = i1 + offset, j1 + offset
            reason = (_changed_cells(before, after, i, j)
                      or _changed_words(before.lines[i], after.lines[j]))
            difference(f"line {i + 1}", before.lines[i], after.lines[j], reason, True)
        if i1 + paired < i2:
            lost = before.lines[i1 + paired:i2]
            repeated = repeats and _all_repeated(before, after, i1 + paired, i2)
            difference(_span(i1 + paired, i2), "\n".join(lost), None,
                       f"{_count(len(lost))} lost" + (REPEATED if repeated else ""),
                       not repeated, kinds=("repeated line",) if repeated else ())
        if j1 + paired < j2:
            added = after.lines[j1 + paired:j2]
            repeated = repeats and _all_repeated(after, before, j1 + paired, j2)
            difference(_span(j1 + paired, j2, "new "), None, "\n".join(added),
                       f"{_count(len(added))} added" + (REPEATED if repeated else ""),
                       not repeated, kinds=("repeated line",) if repeated else ())
    return result


REPEATED = " (each repeats the line next to it, which both outputs show)"


def _all_repeated(lines: _Lines, other: _Lines, start: int, end: int) -> bool:
    """Each of lines[start:end] has the skeleton of a line next to it, and the other output
    has a line of that skeleton too."""
    skeletons = lines.skeletons
    for k in range(start, end):
        neighbours = {skeletons[n] for n in (k - 1, k + 1) if 0 <= n < len(skeletons)}
        if skeletons[k] not in neighbours or skeletons[k] not in other.skeletons:
            return False
    return True


def compare_text(old: str, new: str, place: str, part: str,
                 namespaces: frozenset[str] = frozenset(),
                 page_line: int | None = None, known: Known | None = None,
                 repeats: bool = False) -> LineComparison:
    """Like :func:`compare_lines` on the lines of two outputs (a last newline is a line end)."""
    result = compare_lines(_split(old), _split(new), place, part, namespaces, page_line,
                           known=known, repeats=repeats)
    if old.endswith("\n") != new.endswith("\n") and old and new:
        result.differences.append(Difference(
            place, f"{part} end", repr(old[-1:]), repr(new[-1:]),
            "the output's last newline " + ("lost" if old.endswith("\n") else "added"), True,
            page_line=page_line))
    return result


def _equal_pairs(before: _Lines, after: _Lines, i1: int, i2: int, j1: int,
                 known: Known) -> list[tuple[int, int, bool]]:
    """The line pairs of a run of equal skeletons: in order, except that consecutive
    look-alike lines (equal skeletons with identities in them) are paired by what ``known``
    says of their identities."""
    pairs: list[tuple[int, int, bool]] = []
    i = i1
    while i < i2:
        end = i + 1
        while end < i2 and before.skeletons[end] == before.skeletons[i]:
            end += 1
        offset = j1 + (i - i1)
        identities = [t for t in tokens(before.pieces[i]) if t.kind.renamed]
        if end - i == 1 or not identities:
            pairs += [(k, offset + (k - i), False) for k in range(i, end)]
        else:
            chosen = best_pairs([tokens(before.pieces[k]) for k in range(i, end)],
                                [tokens(after.pieces[offset + k]) for k in range(end - i)],
                                known)
            pairs += [(i + k, offset + j, True) for k, j in enumerate(chosen)]
        i = end
    return pairs


def _same_shape(
    before: _Lines, after: _Lines, i: int, j: int, where: str, result: LineComparison,
    difference: Callable[..., None], known: Known, ambiguous: bool,
) -> None:
    """Lines with equal skeletons: only tokens (and spacing) can differ, all cosmetic."""
    changes: list[str] = []
    renames: list[Rename] = []
    kinds: list[str] = []
    for old_token, new_token in zip(tokens(before.pieces[i]), tokens(after.pieces[j]),
                                    strict=True):
        if old_token.kind.renamed:
            rename = Rename(old_token.kind, old_token.text, new_token.text, where, ambiguous)
            result.renames.append(rename)
            known.setdefault((old_token.kind, old_token.text), new_token.text)
            if old_token.text != new_token.text:
                renames.append(rename)
        change = _token_change(old_token, new_token)
        if old_token.text != new_token.text and change not in changes:
            changes.append(change)
            if old_token.kind.value not in kinds:
                kinds.append(old_token.kind.value)
    if before.lines[i] == after.lines[j]:
        return
    reason = "; ".join(changes) if changes else "columns realigned"
    if len(before.pieces[i]) == 1 and changes:  # the whole value is one token: say its kind
        token = tokens(before.pieces[i])[0]
        reason = f"{token.kind.value} renamed" if token.kind.renamed else token.kind.value
    difference(f"line {i + 1}", before.lines[i], after.lines[j], reason, False, tuple(renames),
               tuple(kinds) or ("spacing",))


def _token_change(old: Token, new: Token) -> str:
    return f"{old.kind.value} {old.text} → {new.text}"


def _changed_cells(before: _Lines, after: _Lines, i: int, j: int) -> str:
    """For a changed table row: which columns changed, and how."""
    old_table, new_table = before.tables.get(i), after.tables.get(j)
    if old_table is None or new_table is None:
        return ""
    old_cells, new_cells = old_table.cells(before.lines[i]), new_table.cells(after.lines[j])
    if list(old_cells) != list(new_cells):
        return "the table's columns changed"
    row = next(iter(old_cells.values()), "")
    usage = old_table.usage_columns()
    changed = [f"{name} {old_cells[name]!r} → {new_cells[name]!r}" for name in old_cells
               if name not in usage
               and skeleton(scan(old_cells[name])) != skeleton(scan(new_cells[name]))]
    return f"row {row}: " + "; ".join(changed) if changed else ""


def _changed_words(old: str, new: str) -> str:
    """What changed in a line, word by word: "'Running' → 'CrashLoopBackOff'"."""
    old_words, new_words = old.split(), new.split()
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = " ".join(old_words[i1:i2]), " ".join(new_words[j1:j2])
        if tag == "insert":
            changes.append(f"added {now!r}")
        elif tag == "delete":
            changes.append(f"lost {was!r}")
        elif tag == "replace":
            changes.append(f"{was!r} → {now!r}")
    return "; ".join(changes) if changes else "spacing changed"


def _split(text: str) -> list[str]:
    if not text:
        return []
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def _span(start: int, end: int, prefix: str = "") -> str:
    return f"{prefix}line {start + 1}" if end - start == 1 else f"{prefix}lines {start + 1}-{end}"


def _count(lines: int) -> str:
    return "1 line" if lines == 1 else f"{lines} lines"
