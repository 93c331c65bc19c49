"""Resource quantities (``100m``, ``128Mi``, ``1e3``) as apimachinery's resource.Quantity
reads, adds and prints them, exactly (fractions, never floats).

A quantity keeps the format it was written in (decimal SI, binary SI or decimal exponent);
a sum takes the format of its first non-zero term; ``str()`` is the canonical form kubectl
prints (``1500m``, ``384Mi``, ``0``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..model.kinds import Obj

DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT = "DecimalSI", "BinarySI", "DecimalExponent"
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_SUFFIX = {exponent: suffix for suffix, exponent in _DECIMAL.items()}
_BINARY_SUFFIX = {bits: suffix for suffix, bits in _BINARY.items()}
_QUANTITY = re.compile(r"^([+-]?[0-9]*\.?[0-9]*)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$")


@dataclass(frozen=True)
class Quantity:
    value: Fraction = Fraction(0)
    format: str = DECIMAL_SI

    def __add__(self, other: Quantity) -> Quantity:
        fmt = other.format if self.value == 0 else self.format
        return Quantity(self.value + other.value, fmt)

    def milli_value(self) -> int:
        """``MilliValue``: thousandths, rounded up."""
        return math.ceil(self.value * 1000)

    def whole_value(self) -> int:
        """``Value``: rounded up to an integer."""
        return math.ceil(self.value)

    def __str__(self) -> str:
        if self.value == 0:
            return "0"
        fmt = self.format
        if fmt == BINARY_SI and (-1024 < self.value < 1024 or self.value.denominator != 1):
            fmt = DECIMAL_SI
        if fmt == BINARY_SI:
            amount, power = int(self.value), 0
            while amount % 1024 == 0 and power < 6:
                amount //= 1024
                power += 1
            return f"{amount}{_BINARY_SUFFIX.get(power * 10, '')}"
        mantissa, exponent = _decimal(self.value)
        if fmt == DECIMAL_SI and exponent in _DECIMAL_SUFFIX:
            return f"{mantissa}{_DECIMAL_SUFFIX[exponent]}"
        return f"{mantissa}e{exponent}" if exponent else str(mantissa)


def _decimal(value: Fraction) -> tuple[int, int]:
    """(mantissa, exponent) with the exponent a multiple of 3, at most nano precision
    (rounded up, as the API rounds quantities)."""
    nanos = math.ceil(value * 10**9)
    mantissa, exponent = nanos, -9
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    remainder = exponent % 3
    if remainder:
        mantissa *= 10**remainder
        exponent -= remainder
    return mantissa, exponent


def parse(text: str) -> Quantity:
    """A quantity string of the API; ValueError when it is not one."""
    match = _QUANTITY.match(text.strip())
    if match is None or match.group(1) in ("", "+", "-", "."):
        raise ValueError(f"quantities must match the regular expression: {text!r}")
    number = Fraction(match.group(1))
    suffix = match.group(2) or ""
    if suffix in _BINARY:
        return Quantity(number * 2 ** _BINARY[suffix], BINARY_SI)
    if suffix in _DECIMAL:
        return Quantity(number * Fraction(10) ** _DECIMAL[suffix], DECIMAL_SI)
    return Quantity(number * Fraction(10) ** int(suffix[1:]), DECIMAL_EXPONENT)


def parse_quantity(text: str) -> Fraction:
    """The exact value of a quantity string."""
    return parse(text).value


ResourceList = dict[str, Quantity]


def resource_list(values: dict[str, Any] | None) -> ResourceList:
    return {name: parse(str(value)) for name, value in (values or {}).items()}


def add_into(total: ResourceList, more: ResourceList) -> None:
    """``addResourceList``."""
    for name, quantity in more.items():
        total[name] = total[name] + quantity if name in total else quantity


def max_into(total: ResourceList, more: ResourceList) -> None:
    """``maxResourceList``: the larger of each (a new name is taken as it is)."""
    for name, quantity in more.items():
        if name not in total or quantity.value > total[name].value:
            total[name] = quantity


def container_resource_value(container: Obj, ref: Obj) -> str:
    """``ExtractContainerResourceValue``: a resourceFieldRef's value over its divisor."""
    resource = str(ref.get("resource") or "")
    kind, _, name = resource.partition(".")
    divisor = parse_quantity(str(ref.get("divisor") or "0")) or Fraction(1)
    if kind not in ("limits", "requests") or not name:
        return ""
    values = (container.get("resources") or {}).get(kind) or {}
    amount = Quantity(parse_quantity(str(values.get(name) or "0")))
    if name == "cpu":
        return str(math.ceil(amount.milli_value() / Quantity(divisor).milli_value()))
    return str(math.ceil(amount.whole_value() / Quantity(divisor).whole_value()))


def _container_requests(pod: Obj, container: Obj, statuses: dict[str, Obj]) -> ResourceList:
    """A container's requests; when the kubelet reports its resources (in-place resize), the
    largest of the spec's, the reported and the allocated (``determineContainerReqs``)."""
    requests = resource_list((container.get("resources") or {}).get("requests"))
    status = statuses.get(str(container.get("name")))
    if status is None or status.get("resources") is None:
        return requests
    reported = resource_list(status["resources"].get("requests"))
    allocated = resource_list(status.get("allocatedResources"))
    infeasible = any(c.get("type") == "PodResizePending" and c.get("reason") == "Infeasible"
                     for c in (pod.get("status") or {}).get("conditions") or [])
    result = dict(reported) if infeasible else dict(requests)
    if not infeasible:
        max_into(result, reported)
    max_into(result, allocated)
    return result


def _sidecar(container: Obj) -> bool:
    return container.get("restartPolicy") == "Always"


def pod_requests(pod: Obj) -> ResourceList:
    """kubectl's ``podRequests``: containers summed, init containers at their peak,
    sidecars (restartable init containers) added, plus the pod's overhead."""
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    statuses = {str(s.get("name")): s for s in (status.get("containerStatuses") or [])
                + (status.get("initContainerStatuses") or [])}
    total: ResourceList = {}
    for container in spec.get("containers") or []:
        add_into(total, _container_requests(pod, container, statuses))
    sidecars: ResourceList = {}
    peak: ResourceList = {}
    for container in spec.get("initContainers") or []:
        if _sidecar(container):
            requests = _container_requests(pod, container, statuses)
            add_into(total, requests)
            add_into(sidecars, requests)
            step = dict(sidecars)
        else:
            step = {}
            add_into(step, resource_list((container.get("resources") or {}).get("requests")))
            add_into(step, sidecars)
        max_into(peak, step)
    max_into(total, peak)
    add_into(total, resource_list(spec.get("overhead")))
    return total


def pod_limits(pod: Obj) -> ResourceList:
    """kubectl's ``podLimits`` (the overhead only added to limits that are set)."""
    spec = pod.get("spec") or {}
    total: ResourceList = {}
    for container in spec.get("containers") or []:
        add_into(total, resource_list((container.get("resources") or {}).get("limits")))
    sidecars: ResourceList = {}
    peak: ResourceList = {}
    for container in spec.get("initContainers") or []:
        limits = resource_list((container.get("resources") or {}).get("limits"))
        if _sidecar(container):
            add_into(total, limits)
            add_into(sidecars, limits)
            step = dict(sidecars)
        else:
            step = {}
            add_into(step, limits)
            add_into(step, sidecars)
        max_into(peak, step)
    max_into(total, peak)
    for name, quantity in resource_list(spec.get("overhead")).items():
        if name in total and total[name].value != 0:
            total[name] = total[name] + quantity
    return total
