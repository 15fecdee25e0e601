"""The simulation model of an office day (pure: no ORM, no SimPy): what arrives, where it goes, who serves.

A ``Scenario`` is either read from the CLI's scenario JSON (``scenario_from_json``) or fitted from the
office's history (``simulation.fitting``). Times are minutes after local midnight; hours are the office's
local clock hours. Invalid input raises ``ScenarioError(field, reason)``.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from maklumat.queueing.rules import CallingRule, RuleKind, TicketClass

DISTRIBUTIONS = ("exponential", "lognormal", "fixed", "empirical")
HOUR_KEY = re.compile(r"^([01][0-9]|2[0-3])$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
BIOMETRIC_STEP = "biometric"  # the step whose wait the compensation promise measures (its policy data)


class ScenarioError(ValueError):
    """Bad scenario input: ``field`` names where, ``reason`` says why."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Service:
    """A service-time distribution in minutes. ``samples``: the observed durations (``empirical``)."""

    distribution: str
    mean: float
    sd: float = 0.0
    samples: tuple[float, ...] = ()

    def sampler(self, rng: random.Random):
        """A zero-argument function drawing one duration (bound once: the engine calls it per service)."""
        if self.distribution == "fixed":
            value = self.mean
            return lambda: value
        if self.distribution == "exponential":
            rate = 1.0 / self.mean
            return lambda: rng.expovariate(rate)
        if self.distribution == "lognormal":
            sigma2 = math.log(1.0 + (self.sd / self.mean) ** 2)
            mu, sigma = math.log(self.mean) - sigma2 / 2, math.sqrt(sigma2)
            return lambda: rng.lognormvariate(mu, sigma)
        samples = self.samples
        return lambda: rng.choice(samples)


@dataclass(frozen=True)
class Booking:
    """M-Paspor bookings of a class: booked slots arrive late by one of ``lateness`` (minutes, may be
    negative = early) and a share ``no_show`` never comes."""

    no_show: float
    lateness: tuple[float, ...] = (0.0,)


@dataclass(frozen=True)
class ArrivalClass:
    """A class of applicants: arrivals per hour (``{hour: rate}``; per weekday when fitted: ``by_weekday``),
    the ticket class the calling rule sees, the steps visited (``route``; empty = every step), an
    M-Paspor booking behaviour, and whether the walk-in quota applies."""

    name: str
    rates: Mapping[int, float]
    ticket_class: TicketClass = TicketClass.GENERAL
    route: tuple[str, ...] = ()
    booking: Booking | None = None
    walk_in: bool = False
    by_weekday: Mapping[int, Mapping[int, float]] = field(default_factory=dict)

    def rates_on(self, weekday: int | None) -> Mapping[int, float]:
        if weekday is not None and weekday in self.by_weekday:
            return self.by_weekday[weekday]
        return self.rates


@dataclass(frozen=True)
class StepSpec:
    """A step served by counters: ``counters`` = counters open per local hour; ``service`` per ticket
    class (``None`` key = every class)."""

    code: str
    counters: Mapping[int, int]
    service: Mapping[str | None, Service]

    def service_for(self, ticket_class: str) -> Service:
        return self.service.get(ticket_class) or self.service[None]


@dataclass(frozen=True)
class PriorityRoom:
    """The priority service room (seed 003): one counter serving ``steps``, priority first, in ``hours``."""

    steps: tuple[str, ...]
    hours: frozenset[int]


@dataclass(frozen=True)
class Scenario:
    open_minute: int
    close_minute: int
    classes: tuple[ArrivalClass, ...]
    steps: tuple[StepSpec, ...]
    calling_rule: CallingRule
    priority_room: PriorityRoom | None = None
    walk_in_quota: int | None = None
    threshold_minutes: float | None = None

    def step(self, code: str) -> StepSpec:
        return next(step for step in self.steps if step.code == code)

    def with_staffing(self, staffing: Mapping[str, Mapping[int, int]], room_hours: frozenset[int] | None = None,
                      ) -> Scenario:
        """The same model with other counters per step and hour (and other priority-room hours)."""
        steps = tuple(replace(step, counters=dict(staffing.get(step.code, step.counters))) for step in self.steps)
        room = self.priority_room
        if room is not None and room_hours is not None:
            room = replace(room, hours=frozenset(room_hours))
        return replace(self, steps=steps, priority_room=room)


# --- reading the CLI's scenario JSON --------------------------------------------------------------

def _number(value, where: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(where, "must be a number")
    if value < 0:
        raise ScenarioError(where, "must not be negative")
    if positive and value <= 0:
        raise ScenarioError(where, "must be greater than 0")
    return float(value)


def _minute(value, where: str) -> int:
    match = TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise ScenarioError(where, "must be HH:MM (00:00 to 23:59)")
    return int(match.group(1)) * 60 + int(match.group(2))


def hours_of(open_minute: int, close_minute: int) -> range:
    """The local clock hours the office is open in (the hour of closing counts when it closes past HH:00)."""
    return range(open_minute // 60, (close_minute + 59) // 60)


def per_hour(value, where: str, hours: range, *, integer: bool) -> dict[int, float]:
    """``number`` (every open hour) or ``{"HH": number}`` (hours not named: 0) as ``{hour: value}``."""
    if isinstance(value, Mapping):
        out: dict[int, float] = {hour: 0 for hour in hours}
        for key, item in value.items():
            if not isinstance(key, str) or not HOUR_KEY.match(key):
                raise ScenarioError(f"{where}.{key}", "hour must be HH (00 to 23)")
            number = _number(item, f"{where}.{key}")
            if integer and number != int(number):
                raise ScenarioError(f"{where}.{key}", "must be a whole number")
            out[int(key)] = int(number) if integer else number
        return out
    number = _number(value, where)
    if integer and number != int(number):
        raise ScenarioError(where, "must be a whole number")
    return {hour: (int(number) if integer else number) for hour in hours}


def service_from_json(value, where: str) -> Service:
    if not isinstance(value, Mapping):
        raise ScenarioError(where, "must be an object with distribution, mean and sd")
    distribution = value.get("distribution")
    if distribution not in ("exponential", "lognormal", "fixed"):
        raise ScenarioError(f"{where}.distribution", "must be exponential, lognormal or fixed")
    mean = _number(value.get("mean"), f"{where}.mean", positive=True)
    sd = _number(value.get("sd", 0), f"{where}.sd")
    if distribution == "lognormal" and sd <= 0:
        raise ScenarioError(f"{where}.sd", "a lognormal needs an sd greater than 0")
    return Service(distribution, mean, sd)


def calling_rule_from_json(value) -> CallingRule:
    if value is None or value == "priority_first":
        return CallingRule(RuleKind.PRIORITY_FIRST)
    if isinstance(value, Mapping) and set(value) == {"general_per_priority"}:
        n = value["general_per_priority"]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ScenarioError("calling_rule.general_per_priority", "must be a whole number of at least 1")
        return CallingRule(RuleKind.RATIO, n)
    raise ScenarioError("calling_rule", 'must be "priority_first" or {"general_per_priority": N}')


def ticket_class_of(name: str) -> TicketClass:
    """A scenario class named after a ticket class (``priority``, ``compensation``) is called as one;
    any other name is a general class."""
    try:
        return TicketClass(name)
    except ValueError:
        return TicketClass.GENERAL


def scenario_from_json(data) -> Scenario:
    """The scenario JSON of ``maklumat simulate --scenario`` (README) as a ``Scenario``."""
    if not isinstance(data, Mapping):
        raise ScenarioError("scenario", "must be a JSON object")
    open_minute = _minute(data.get("open"), "open")
    close_minute = _minute(data.get("close"), "close")
    if close_minute <= open_minute:
        raise ScenarioError("close", "must be after open")
    hours = hours_of(open_minute, close_minute)
    classes_data = data.get("classes")
    if not isinstance(classes_data, Mapping) or not classes_data:
        raise ScenarioError("classes", "must name at least one class")
    classes = []
    for name, spec in classes_data.items():
        if not isinstance(spec, Mapping) or "arrivals_per_hour" not in spec:
            raise ScenarioError(f"classes.{name}", "must give arrivals_per_hour")
        rates = per_hour(spec["arrivals_per_hour"], f"classes.{name}.arrivals_per_hour", hours, integer=False)
        classes.append(ArrivalClass(name=str(name), rates=rates, ticket_class=ticket_class_of(str(name))))
    steps_data = data.get("steps")
    if not isinstance(steps_data, list) or not steps_data:
        raise ScenarioError("steps", "must list at least one step")
    steps, seen = [], set()
    for index, spec in enumerate(steps_data):
        where = f"steps[{index}]"
        if not isinstance(spec, Mapping):
            raise ScenarioError(where, "must be an object")
        code = spec.get("code")
        if not isinstance(code, str) or not code:
            raise ScenarioError(f"{where}.code", "must be a non-empty string")
        if code in seen:
            raise ScenarioError(f"{where}.code", f"step {code!r} is listed twice")
        seen.add(code)
        if "counters" not in spec:
            raise ScenarioError(f"{where}.counters", "a step needs counters")
        counters = per_hour(spec["counters"], f"{where}.counters", hours, integer=True)
        if not any(counters.values()):
            raise ScenarioError(f"{where}.counters", f"step {code!r} has no counter open in any hour")
        service = service_from_json(spec.get("service_minutes"), f"{where}.service_minutes")
        steps.append(StepSpec(code=code, counters={h: int(n) for h, n in counters.items()}, service={None: service}))
    return Scenario(open_minute=open_minute, close_minute=close_minute, classes=tuple(classes), steps=tuple(steps),
                    calling_rule=calling_rule_from_json(data.get("calling_rule")))


def staffing_from_json(data, scenario: Scenario) -> tuple[dict[str, dict[int, int]], frozenset[int] | None]:
    """The ``--staffing`` file: ``{"<step code>": int | {"HH": int}, "priority_room": {"HH": 0|1}}``."""
    if not isinstance(data, Mapping):
        raise ScenarioError("staffing", "must be a JSON object")
    hours = hours_of(scenario.open_minute, scenario.close_minute)
    codes = {step.code for step in scenario.steps}
    staffing: dict[str, dict[int, int]] = {}
    room: frozenset[int] | None = None
    for key, value in data.items():
        if key == "priority_room":
            room = frozenset(h for h, n in per_hour(value, "staffing.priority_room", hours, integer=True).items() if n)
            continue
        if key not in codes:
            raise ScenarioError(f"staffing.{key}", f"unknown step (known: {', '.join(sorted(codes))})")
        counters = per_hour(value, f"staffing.{key}", hours, integer=True)
        room_serves = scenario.priority_room is not None and key in scenario.priority_room.steps
        if not any(counters.values()) and not room_serves:
            raise ScenarioError(f"staffing.{key}", f"step {key!r} has no counter open in any hour")
        staffing[key] = {h: int(n) for h, n in counters.items()}
    return staffing, room
