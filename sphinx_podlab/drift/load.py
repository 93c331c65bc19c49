"""Reading a record's JSON for a review: only what the review relies on is checked, so a
record with fields this version does not know (newer snapshots, claims) still compares."""

from __future__ import annotations

import json
from typing import Any

from .model import BadRecordError

Data = dict[str, Any]


def parse_record(text: str, source: str) -> Data:
    """The record's data; BadRecordError naming ``source`` and the problem otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadRecordError(f"{source}: not JSON ({error})") from None
    if not isinstance(data, dict) or "blocks" not in data or "docname" not in data:
        raise BadRecordError(f"{source}: not a podlab record (no \"docname\" and \"blocks\")")
    _expect(isinstance(data["docname"], str), source, '"docname" is not a string')
    _expect(isinstance(data["blocks"], list), source, '"blocks" is not a list')
    for number, block in enumerate(data["blocks"], start=1):
        _expect(isinstance(block, dict), source, f"block {number} is not an object")
        commands = block.get("commands", [])
        _expect(isinstance(commands, list), source, f"block {number}: \"commands\" is not a list")
        for index, command in enumerate(commands, start=1):
            where = f"block {number}, command {index}"
            _expect(isinstance(command, dict), source, f"{where} is not an object")
            _expect(isinstance(command.get("argv"), list), source, f"{where} has no argv list")
            for stream in ("stdout", "stderr"):
                _expect(isinstance(command.get(stream, ""), str), source,
                        f"{where}: {stream} is not a string")
        shot = block.get("screenshot")
        _expect(shot is None or isinstance(shot, dict), source,
                f"block {number}: \"screenshot\" is not an object")
    _expect(isinstance(data.get("snapshots", {}), dict), source, '"snapshots" is not an object')
    return data


def read_record(path: str) -> Data:
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except FileNotFoundError:
        raise BadRecordError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadRecordError(f"{path}: cannot read it ({error})") from None
    return parse_record(text, path)


def _expect(condition: bool, source: str, problem: str) -> None:
    if not condition:
        raise BadRecordError(f"{source}: not a podlab record ({problem})")
