"""kubectl's ``-o json``, ``-o yaml`` and ``-o name`` printers, byte for byte.

kubectl encodes objects with Go's encoding/json (sorted keys, ``<>&`` escaped) and prints
YAML through sigs.k8s.io/yaml, i.e. go-yaml v2 with libyaml's emitter. PyYAML's emitter is
a port of the same libyaml code, so it gives the same layout once we choose scalar styles
and key order as go-yaml v2 does (done here).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import Any

import yaml

from ..model.kinds import Obj

# -- JSON (encoding/json) ---------------------------------------------------------------

_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                 "\b": "\\b", "\f": "\\f", "<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_SPECIAL = re.compile('["\\\\\x00-\x1f<>&\u2028\u2029]')


def go_json_string(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        return _JSON_ESCAPES.get(char) or f"\\u{ord(char):04x}"

    return '"' + _JSON_SPECIAL.sub(escape, text) + '"'


def go_json_float(value: float) -> str:
    """encoding/json's float64: 'f' format, 'e' below 1e-6 and from 1e21 (``1e-07`` → ``1e-7``)."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"unsupported float {value}")
    magnitude = abs(value)
    if value == int(value) and magnitude < 1e21:
        # strconv's 'f' with the shortest digits: 1.2345678901234567e19 is
        # 12345678901234567000, not the binary value's 12345678901234567168
        from .tables import _shortest_digits

        digits, point = _shortest_digits(value)
        sign = "-" if value < 0 else ""
        return sign + (digits.ljust(point + 1, "0") if digits != "0" else "0")
    if magnitude < 1e-6 or magnitude >= 1e21:
        text = repr(value)
        if "e" not in text:
            text = f"{value:e}"
        mantissa, _, exponent = text.partition("e")
        sign = exponent[0] if exponent[0] in "+-" else "+"
        digits = exponent.lstrip("+-").lstrip("0") or "0"
        return f"{mantissa}e{sign}{digits}"
    return repr(value)


class GoStruct(dict[str, Any]):
    """A Go struct's fields: encoded in their own order, where a map's keys are sorted."""


def go_json(value: Any, indent: str | None = None, _level: int = 0) -> str:
    """``json.Marshal`` (``indent=None``) or ``json.MarshalIndent(v, "", indent)``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_json_float(value)
    if isinstance(value, str):
        return go_json_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [(go_json_string(str(key)), go_json(value[key], indent, _level + 1))
                 for key in (value if isinstance(value, GoStruct) else sorted(value, key=str))]
        if indent is None:
            return "{" + ",".join(f"{key}:{item}" for key, item in items) + "}"
        inner = "\n" + indent * (_level + 1)
        body = ("," + inner).join(f"{key}: {item}" for key, item in items)
        return "{" + inner + body + "\n" + indent * _level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        parts = [go_json(item, indent, _level + 1) for item in value]
        if indent is None:
            return "[" + ",".join(parts) + "]"
        inner = "\n" + indent * (_level + 1)
        return "[" + inner + ("," + inner).join(parts) + "\n" + indent * _level + "]"
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def kubectl_json(obj: Obj) -> str:
    """``kubectl get -o json``: MarshalIndent with four spaces, then a newline."""
    return go_json(obj, "    ") + "\n"


def encode_compact(obj: Obj) -> str:
    """``json.NewEncoder(w).Encode(obj)``: compact, with the encoder's trailing newline."""
    return go_json(obj) + "\n"


# -- YAML (sigs.k8s.io/yaml → go-yaml v2) ------------------------------------------------

_BOOL_NULL = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
    "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<",
}
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))"
    r"|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$"
)


def _is_timestamp(text: str) -> bool:
    match = _TIMESTAMP.match(text)
    if match is None:
        return False
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= month <= 12 and 1 <= day <= days[month - 1]):
        return False
    clock = [g for g in match.groups()[3:] if g is not None]
    if clock:
        hour, minute, second = (int(g) for g in clock)
        if hour > 23 or minute > 59 or second > 59:
            return False
    return True


def yaml_v2_plain_is_string(text: str) -> bool:
    """Whether go-yaml v2 would read ``text`` unquoted back as a string (its ``resolve``)."""
    if text in _BOOL_NULL:
        return False
    first = text[0]
    if first in "yYnNtTfFoO~":
        return True  # only the exact words above are special
    if first == ".":
        return not _is_go_float(text)
    if first in "+-0123456789":
        if _is_timestamp(text):
            return False
        plain = text.replace("_", "")
        if _GO_INT.match(plain) or _YAML_FLOAT.match(plain):
            return False
        return not (plain.startswith(("0b", "-0b")) and _GO_INT.match(plain.replace("b", "B")))
    return True


def _is_go_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return "_" not in text and text.strip() == text


def _go_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _go_digit(char: str) -> bool:
    return unicodedata.category(char) == "Nd"


def yaml_v2_key_less(a: str, b: str) -> bool:
    """go-yaml v2's ``keyList.Less`` for string keys: letters after other characters,
    runs of digits compared as numbers."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        a_letter, b_letter = _go_letter(a[i]), _go_letter(b[i])
        if a_letter and b_letter:
            return a[i] < b[i]
        if a_letter or b_letter:
            return b_letter
        an = bn = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and _go_digit(a[j]):
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and _go_digit(a[ai]):
            an = an * 10 + ord(a[ai]) - ord("0")
            ai += 1
        bi = i
        while bi < len(b) and _go_digit(b[bi]):
            bn = bn * 10 + ord(b[bi]) - ord("0")
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return a[i] < b[i]
    return len(a) < len(b)


def _key_compare(a: str, b: str) -> int:
    if yaml_v2_key_less(a, b):
        return -1
    return 1 if yaml_v2_key_less(b, a) else 0


_KEY_ORDER = functools.cmp_to_key(_key_compare)
_STR_TAG = "tag:yaml.org,2002:str"


class _Resolver(yaml.resolver.BaseResolver):
    """No implicit types: every scalar is emitted untagged; we choose styles ourselves."""


class _Dumper(yaml.emitter.Emitter, yaml.serializer.Serializer,
              yaml.representer.BaseRepresenter, _Resolver):
    def __init__(self, stream: Any, **kwargs: Any) -> None:
        yaml.emitter.Emitter.__init__(self, stream, canonical=False, indent=2, width=80,
                                      allow_unicode=True, line_break=None)
        yaml.serializer.Serializer.__init__(self, encoding=None, explicit_start=False,
                                            explicit_end=False, version=None, tags=None)
        yaml.representer.BaseRepresenter.__init__(self, default_style=None,
                                                  default_flow_style=False, sort_keys=False)
        _Resolver.__init__(self)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _scalar(dumper: _Dumper, text: str, style: str | None) -> yaml.ScalarNode:
    return yaml.ScalarNode(_STR_TAG, text, style=style)


def _represent_str(dumper: _Dumper, text: str) -> yaml.ScalarNode:
    # go-yaml v2 encoder.stringv: literal for multi-line, plain when it reads back as a
    # string (the emitter may still fall back to quotes), double quotes otherwise.
    if "\n" in text:
        return _scalar(dumper, text, "|")
    if yaml_v2_plain_is_string(text) and not _BASE60.match(text):
        return _scalar(dumper, text, None)
    return _scalar(dumper, text, '"')


def _represent_dict(dumper: _Dumper, data: Obj) -> yaml.MappingNode:
    pairs = [(_represent_str(dumper, str(key)), dumper.represent_data(data[key]))
             for key in sorted(data, key=lambda k: _KEY_ORDER(str(k)))]
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=not data)


def _represent_list(dumper: _Dumper, data: list[Any]) -> yaml.SequenceNode:
    items = [dumper.represent_data(item) for item in data]
    return yaml.SequenceNode("tag:yaml.org,2002:seq", items, flow_style=not data)


def _represent_none(dumper: _Dumper, _data: None) -> yaml.ScalarNode:
    return _scalar(dumper, "null", None)


def _represent_bool(dumper: _Dumper, data: bool) -> yaml.ScalarNode:
    return _scalar(dumper, "true" if data else "false", None)


def _represent_int(dumper: _Dumper, data: int) -> yaml.ScalarNode:
    return _scalar(dumper, str(data), None)


def _represent_float(dumper: _Dumper, data: float) -> yaml.ScalarNode:
    from .tables import go_format_float  # go-yaml: strconv.FormatFloat(f, 'g', -1, 64)

    if math.isnan(data):
        return _scalar(dumper, ".nan", None)
    if math.isinf(data):
        return _scalar(dumper, ".inf" if data > 0 else "-.inf", None)
    return _scalar(dumper, go_format_float(data), None)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(tuple, lambda dumper, data: _represent_list(dumper, list(data)))
_Dumper.add_representer(type(None), _represent_none)
_Dumper.add_representer(bool, _represent_bool)
_Dumper.add_representer(int, _represent_int)
_Dumper.add_representer(float, _represent_float)


def kubectl_yaml(obj: Obj) -> str:
    """``kubectl get -o yaml`` for one object or list."""
    text = yaml.dump(obj, Dumper=_Dumper)
    return str(text)


# -- names -------------------------------------------------------------------------------


def kind_name(kind: str, group: str, name: str) -> str:
    """``statefulset.apps/mysql``, ``pod/mysql-0``: kubectl's name printer."""
    return f"{kind.lower()}.{group}/{name}" if group else f"{kind.lower()}/{name}"


def group_of(api_version: str) -> str:
    return api_version.split("/", 1)[0] if "/" in api_version else ""
