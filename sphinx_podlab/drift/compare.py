"""Comparing two records of one page: every block, command, screenshot and snapshot."""

from __future__ import annotations

import json
import shlex
from difflib import SequenceMatcher
from typing import Any

from ..scenario.diff import explain_change
from .load import Data
from .model import BadRecordError, Difference, Rename, Review, Side
from .pairing import Known, best_pairs, seed
from .renames import apply_consistency, inconsistencies
from .text import LineComparison, compare_lines, compare_text
from .tokens import Kind, Token, scan, skeleton, tokens

# Fields that differ on every run and tell nothing about the page's story: (kind, why).
_COSMETIC_FIELDS = {
    "seconds": ("duration", "a duration: varies between runs"),
    "recorded_at": ("timestamp", "a timestamp: when the record was made"),
    "line": ("page line", "a line of the page: moves when prose is edited"),
}
_PROVENANCE_REASON = "provenance: where the record was made"
# What a record says about where it was made: context for the reader, not drift.
_PROVENANCE = ("podlab_version",)
_RECORD_FIELDS = {"format", "docname", "key", "inputs", "namespace", "recorded_at", "seconds",
                  "cluster", "blocks", "snapshots", *_PROVENANCE}


def compare_records(old: Data, new: Data, old_source: str = "old",
                    new_source: str = "new") -> Review:
    """Every difference between two records of the same page, classified."""
    if old["docname"] != new["docname"]:
        raise BadRecordError(f"the records are of different pages: {old['docname']} "
                             f"({old_source}) and {new['docname']} ({new_source})")
    # Twice: the first walk learns the renames its unambiguous places show, so that the
    # second can pair look-alike rows (pods of one Deployment) even before the page names them.
    first = _walk(old, new, {})
    walk = _walk(old, new, seed(first.renames))
    conflicts, involved = inconsistencies(walk.renames)
    differences = [*apply_consistency(walk.differences, involved), *conflicts]
    return Review(str(old["docname"]), _side(old, old_source), _side(new, new_source),
                  tuple(differences))


def _walk(old: Data, new: Data, known: Known) -> _Walk:
    walk = _Walk(_namespaces(old, new), known)
    walk.record(old, new)
    walk.blocks(old["blocks"], new["blocks"])
    walk.snapshots(old.get("snapshots", {}), new.get("snapshots", {}))
    for key in sorted((set(old) | set(new)) - _RECORD_FIELDS):  # sections this version
        walk.value(old.get(key), new.get(key), "record", key)  # does not know: compared as data
    return walk


class _Walk:
    def __init__(self, namespaces: frozenset[str], known: Known) -> None:
        self.namespaces = namespaces
        self.known = known  # grows as the walk goes: what each identity became
        self.differences: list[Difference] = []
        self.renames: list[Rename] = []

    def add(self, place: str, part: str, old: object, new: object, reason: str,
            meaningful: bool, page_line: int | None = None, kind: str | None = None) -> None:
        """A difference; a cosmetic one says its ``kind`` (for the summary)."""
        self.differences.append(Difference(place, part, _shown(old), _shown(new), reason,
                                           meaningful, page_line=page_line,
                                           kinds=(kind,) if kind else ()))

    def take(self, comparison: LineComparison) -> LineComparison:
        self.differences += comparison.differences
        self.renames += comparison.renames
        return comparison

    # --- the record's own fields ------------------------------------------------------

    def record(self, old: Data, new: Data) -> None:
        for key, what in (("recorded_at", "recording time"), ("seconds", "duration of the run")):
            if old.get(key) != new.get(key):
                kind, why = _COSMETIC_FIELDS[key]
                self.add("record", what, old.get(key), new.get(key), why, False, kind=kind)
        for key in sorted(set(old.get("cluster", {})) | set(new.get("cluster", {}))):
            was, now = old.get("cluster", {}).get(key), new.get("cluster", {}).get(key)
            if was != now:
                self.add("record", f"cluster {key}", was, now, _PROVENANCE_REASON, False,
                         kind="provenance")
        for key in _PROVENANCE:
            if old.get(key) != new.get(key):
                self.add("record", key, old.get(key), new.get(key), _PROVENANCE_REASON,
                         False, kind="provenance")
        if old.get("namespace") != new.get("namespace"):
            self.add("record", "namespace", old.get("namespace"), new.get("namespace"),
                     "the namespace the scenario ran in (a setting); compared as one name",
                     False, kind="namespace")
        if old.get("format") != new.get("format"):
            self.add("record", "format", old.get("format"), new.get("format"),
                     "record format changed", True)
        if old.get("key") != new.get("key"):
            self._scenario_change(old, new)

    def _scenario_change(self, old: Data, new: Data) -> None:
        reasons = [reason for reason in explain_change(dict(old.get("inputs") or {}),
                                                       dict(new.get("inputs") or {}))
                   if not reason.startswith("namespace ")]
        if reasons:
            self.add("record", "scenario", old.get("key"), new.get("key"),
                     "the page's scenario changed: " + "; ".join(reasons), True)
        else:
            self.add("record", "key", old.get("key"), new.get("key"),
                     "scenario key changed with the namespace only", False, kind="namespace")

    # --- blocks and commands ----------------------------------------------------------

    def blocks(self, old: list[Data], new: list[Data]) -> None:
        for pair in _align([_block_signature(item) for item in old],
                           [_block_signature(item) for item in new]):
            match pair:
                case (int(i), int(j)):
                    self.block(old[i], new[j], _block_place(i, old[i]))
                case (int(i), None):
                    self.add(_block_place(i, old[i]), "block", _block_text(old[i]), None,
                             "block lost", True, old[i].get("line"))
                case (None, int(j)):
                    self.add(_block_place(j, new[j], "new "), "block", None,
                             _block_text(new[j]), "block added", True, new[j].get("line"))

    def block(self, old: Data, new: Data, place: str) -> None:
        line = new.get("line", old.get("line"))
        for key in ("name", "snapshot"):
            if old.get(key) != new.get(key):
                self.add(place, key, old.get(key), new.get(key), f"block {key} changed", True,
                         line)
        old_commands, new_commands = old.get("commands", []), new.get("commands", [])
        for pair in _align([_argv(item) for item in old_commands],
                           [_argv(item) for item in new_commands]):
            match pair:
                case (int(i), int(j)):
                    self.command(old_commands[i], new_commands[j],
                                 _command_place(place, i, old_commands[i]))
                case (int(i), None):
                    self.add(_command_place(place, i, old_commands[i]), "command", _argv(
                        old_commands[i]), None, "command lost", True, old_commands[i].get("line"))
                case (None, int(j)):
                    self.add(_command_place(place, j, new_commands[j], "new "), "command", None,
                             _argv(new_commands[j]), "command added", True,
                             new_commands[j].get("line"))
        self.screenshot(old.get("screenshot"), new.get("screenshot"), place, line)
        known = {"name", "snapshot", "commands", "screenshot", "line"}
        for key in sorted((set(old) | set(new)) - known):
            self.value(old.get(key), new.get(key), place, key)

    def command(self, old: Data, new: Data, place: str) -> None:
        line = new.get("line", old.get("line"))
        if _argv(old) != _argv(new):
            self.add(place, "command", _argv(old), _argv(new), "command changed", True, line)
        repeats = kept_running(new.get("argv") or old.get("argv") or [])
        for stream in ("stdout", "stderr"):
            self.take(compare_text(str(old.get(stream, "")), str(new.get(stream, "")), place,
                                   stream, self.namespaces, line, self.known, repeats))
        if old.get("exit_code") != new.get("exit_code"):
            self.add(place, "exit status", old.get("exit_code"), new.get("exit_code"),
                     "exit status changed", True, line)
        if old.get("seconds") != new.get("seconds"):
            self.add(place, "duration", _seconds(old.get("seconds")), _seconds(new.get("seconds")),
                     _COSMETIC_FIELDS["seconds"][1], False, line, kind="duration")
        known = {"argv", "stdout", "stderr", "exit_code", "seconds", "line"}
        for key in sorted((set(old) | set(new)) - known):
            self.value(old.get(key), new.get(key), place, key)

    def screenshot(self, old: Data | None, new: Data | None, place: str,
                   line: int | None) -> None:
        if old is None or new is None:
            if old != new:
                self.add(place, "screenshot", old and old.get("file"), new and new.get("file"),
                         "screenshot lost" if new is None else "screenshot added", True, line)
            return
        checks = self.take(compare_lines([str(item) for item in old.get("checks", [])],
                                         [str(item) for item in new.get("checks", [])],
                                         place, "checked text", self.namespaces, line,
                                         known=self.known))
        # the image's bytes always differ (a clock, a cursor); what was checked on it decides
        text_changed = any(item.meaningful for item in checks.differences)
        renames = tuple(rename for item in checks.differences for rename in item.renames)
        for key in ("sha256", "size"):
            if old.get(key) != new.get(key):
                self.differences.append(Difference(
                    place, f"screenshot {key}", _shown(old.get(key)), _shown(new.get(key)),
                    "the image changed and so did its checked text" if text_changed
                    else "the image changed, its checked text did not", text_changed, renames,
                    line, () if text_changed else ("screenshot image",)))
        if old.get("seconds") != new.get("seconds"):
            self.add(place, "duration", _seconds(old.get("seconds")), _seconds(new.get("seconds")),
                     _COSMETIC_FIELDS["seconds"][1], False, line, kind="duration")
        for key in sorted((set(old) | set(new)) - {"checks", "sha256", "size", "seconds"}):
            self.value(old.get(key), new.get(key), place, f"screenshot {key}", line)

    def snapshots(self, old: Data, new: Data) -> None:
        for name in [*old, *(name for name in new if name not in old)]:
            place = f"snapshot {name}"
            if name not in old or name not in new:
                self.add(place, "snapshot", old.get(name), new.get(name),
                         "snapshot added" if name in new else "snapshot lost", True)
            else:
                self.value(old[name], new[name], place, "")

    # --- any other data: snapshots, claims, fields added by later versions -----------

    def value(self, old: object, new: object, place: str, part: str,
              line: int | None = None) -> None:
        if isinstance(old, str) and isinstance(new, str):
            if "\n" in old or "\n" in new:
                self.take(compare_text(old, new, place, part, self.namespaces, line, self.known))
            else:
                self.take(compare_lines([old], [new], place, part, self.namespaces, line,
                                        numbered=False, known=self.known))
        elif isinstance(old, dict) and isinstance(new, dict):
            for key in [*old, *(key for key in new if key not in old)]:
                self._field(old.get(key), new.get(key), key, place, part, key in old,
                            key in new)
        elif isinstance(old, list) and isinstance(new, list):
            self._list(old, new, place, part)
        elif old != new:
            self.add(place, part, old, new, f"{part or 'value'} changed", True, line)

    def _field(self, old: object, new: object, key: str, place: str, part: str,
               in_old: bool, in_new: bool) -> None:
        name = _join(part, key)
        if not in_old or not in_new:
            self.add(place, name, old, new, f"{name} {'added' if in_new else 'lost'}", True)
        elif key in _COSMETIC_FIELDS:
            if old != new:
                kind, why = _COSMETIC_FIELDS[key]
                self.add(place, name, old, new, why, False, kind=kind)
        elif key == "nodePort" and isinstance(old, int) and isinstance(new, int) and old != new:
            self._node_port(old, new, place, name)
        else:
            self.value(old, new, place, name)

    def _node_port(self, old: int, new: int, place: str, name: str) -> None:
        """A snapshot's node port: allocated anew by each run, so a rename like the ports of
        the outputs (``80:30115/TCP``), cosmetic while it agrees with them."""
        rename = Rename(Kind.NODE_PORT, str(old), str(new), f"{place}, {name}")
        self.known.setdefault((Kind.NODE_PORT, str(old)), str(new))
        self.take(LineComparison(
            [Difference(place, name, str(old), str(new), f"{Kind.NODE_PORT.value} renamed",
                        False, (rename,), kinds=(Kind.NODE_PORT.value,))], [rename]))

    def _list(self, old: list[Any], new: list[Any], place: str, part: str) -> None:
        if all(isinstance(item, str) for item in [*old, *new]):
            self.take(compare_lines(old, new, place, part, self.namespaces, known=self.known))
            return
        for pair in self._paired([self._identity(item) for item in old],
                                 [self._identity(item) for item in new], old, new):
            match pair:
                case (int(i), int(j)):
                    self.value(old[i], new[j], place, _join(part, _label(old[i], i)))
                case (int(i), None):
                    self.add(place, _join(part, _label(old[i], i)), old[i], None,
                             "entry lost", True)
                case (None, int(j)):
                    self.add(place, _join(part, _label(new[j], j)), None, new[j],
                             "entry added", True)

    def _paired(self, old_ids: list[str], new_ids: list[str], old: list[Any],
                new: list[Any]) -> list[tuple[int | None, int | None]]:
        """:func:`_align`, with look-alike entries (equal identities, e.g. two pods of one
        Deployment) paired by what the page says of their names and addresses."""
        result: list[tuple[int | None, int | None]] = []
        run: list[tuple[int, int]] = []  # consecutive pairs of one identity

        def flush() -> None:
            if len(run) > 1:
                olds, news = [i for i, _ in run], [j for _, j in run]
                chosen = best_pairs([self._tokens(old[i]) for i in olds],
                                    [self._tokens(new[j]) for j in news], self.known)
                result.extend((olds[k], news[c]) for k, c in enumerate(chosen))
            else:
                result.extend(run)
            run.clear()

        for i, j in _align(old_ids, new_ids):
            if i is None or j is None or old_ids[i] != new_ids[j]:
                flush()
                result.append((i, j))
            else:
                if run and old_ids[run[0][0]] != old_ids[i]:
                    flush()
                run.append((i, j))
        flush()
        return result

    def _tokens(self, item: object) -> list[Token]:
        return tokens(scan(json.dumps(item, sort_keys=True, ensure_ascii=False),
                           self.namespaces))

    def _identity(self, item: object) -> str:
        """What pairs list entries across records: kind and name, generated parts blanked."""
        if isinstance(item, dict) and "name" in item:
            text = " ".join(str(item.get(key, "")) for key in ("kind", "namespace", "name"))
        else:
            text = json.dumps(item, sort_keys=True, ensure_ascii=False)
        return skeleton(scan(text, self.namespaces))


def _align(old: list[Any], new: list[Any]) -> list[tuple[int | None, int | None]]:
    """Pairs of indexes of equal (or replaced one for one) entries, and unpaired ones."""
    pairs: list[tuple[int | None, int | None]] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = min(i2 - i1, j2 - j1) if tag in ("equal", "replace") else 0
        pairs += [(i1 + offset, j1 + offset) for offset in range(paired)]
        pairs += [(i, None) for i in range(i1 + paired, i2)]
        pairs += [(None, j) for j in range(j1 + paired, j2)]
    return pairs


def _namespaces(old: Data, new: Data) -> frozenset[str]:
    names = {str(old.get("namespace", "")), str(new.get("namespace", ""))} - {""}
    return frozenset(names) if len(names) > 1 else frozenset()


def _block_signature(block: Data) -> str:
    return json.dumps([block.get("name"), [_argv(item) for item in block.get("commands", [])],
                       block.get("screenshot") is not None])


def _block_place(index: int, block: Data, prefix: str = "") -> str:
    name = block.get("name")
    return f"{prefix}block {index + 1}" + (f" ({name})" if name else "")


def _block_text(block: Data) -> str:
    commands = [_argv(item) for item in block.get("commands", [])]
    if block.get("screenshot") is not None:
        commands.append(f"browser step {block.get('name')}")
    return "\n".join(commands)


def _command_place(block_place: str, index: int, command: Data, prefix: str = "") -> str:
    return f"{block_place}, {prefix}command {index + 1}: {_argv(command)}"


def kept_running(argv: list[Any]) -> bool:
    """A command that keeps running until the page stops it: a watch, a follow, a forward."""
    words = [str(word) for word in argv]
    verb = words[1] if len(words) > 1 else ""
    flags = set(words)
    return (verb in ("port-forward", "proxy", "attach")
            or bool(flags & {"-w", "--watch", "--watch-only"})
            or (verb == "logs" and bool(flags & {"-f", "--follow"})))


def _argv(command: Data) -> str:
    return shlex.join(str(arg) for arg in command.get("argv", []))


def _label(item: object, index: int) -> str:
    if isinstance(item, dict) and "name" in item:
        return " ".join(str(item[key]) for key in ("kind", "name") if key in item)
    return f"#{index + 1}"


def _join(part: str, name: str) -> str:
    return f"{part} {name}" if part else name


def _seconds(value: object) -> str:
    return f"{value} s"


def _shown(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _side(data: Data, source: str) -> Side:
    cluster = data.get("cluster") or {}
    parts = [f"Kubernetes {cluster.get('version', '?')} {cluster.get('platform', '')}".rstrip()]
    labels = {"node_os": "node OS", "container_runtime": "container runtime"}
    parts += [f"{labels.get(key, key.replace('_', ' '))} {cluster[key]}"
              for key in sorted(cluster) if key not in ("version", "platform") and cluster[key]]
    if data.get("podlab_version"):
        parts.append(f"podlab {data['podlab_version']}")
    return Side(source, str(data.get("recorded_at", "?")), ", ".join(parts))
