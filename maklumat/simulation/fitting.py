"""Fitting the simulation model to an office's own history (pure: plain rows in, a ``Scenario`` out).

What is fitted, and from what (``simulation/history.py`` turns the stored rows into these dataclasses):

- arrivals per class, weekday and local hour: applicants taking a queue number (``queue_ticket``),
  split by booking channel (M-Paspor bookings, walk-ins) and, when the queue's own tickets of the
  period are enough, a priority share; passport pickups (``handover``) as their own class;
- M-Paspor bookings: no-show rate and lateness against the slot from the queue's bookings, when
  there are enough of them (otherwise the observed arrival times, which already carry both);
- service minutes per step: empirical when at least ``MIN_EMPIRICAL`` durations were observed, a
  lognormal fitted by moments from ``MIN_FITTED`` on, and below that the step's SOP norm (an
  exponential with the norm as mean) — the minimum-sample guard.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from maklumat.queueing.rules import CallingRule, TicketClass
from maklumat.simulation.model import (
    BIOMETRIC_STEP,
    ArrivalClass,
    Booking,
    PriorityRoom,
    Scenario,
    Service,
    StepSpec,
)

MIN_EMPIRICAL = 200
MIN_FITTED = 30
MIN_BOOKINGS = 30
MIN_PRIORITY_TICKETS = 30
MAX_SERVICE_MINUTES = 240  # a "service" longer than half a day is a forgotten finish click, not a service

WALK_IN, M_PASPOR, PRIORITY, PICKUP = "walk_in", "m_paspor", TicketClass.PRIORITY.value, "pickup"
ROUTE = ("intake", BIOMETRIC_STEP)
PICKUP_ROUTE = ("handover",)


@dataclass(frozen=True)
class HistoryVisit:
    """One application's counter visit, in minutes after local midnight of ``day`` (``None`` = not recorded)."""

    day: date
    channel: str
    arrival: float | None
    intake_start: float | None = None
    intake_finish: float | None = None
    biometric_ticket: float | None = None
    biometric_start: float | None = None
    biometric_finish: float | None = None  # end of biometric + interview (one counter, one call)


@dataclass(frozen=True)
class StepNorm:
    code: str
    norm_minutes: float


@dataclass(frozen=True)
class ServiceFit:
    step: str
    samples: int
    distribution: str
    mean: float


@dataclass(frozen=True)
class Fit:
    scenario: Scenario
    services: tuple[ServiceFit, ...]
    days: int
    applicants: int
    pickups: int
    booking_fitted: bool
    priority_share: float | None


def fit_service(samples: Sequence[float], norm_minutes: float) -> Service:
    """The service-time distribution of one step from its observed durations (minimum-sample guard)."""
    clean = [s for s in samples if 0 < s <= MAX_SERVICE_MINUTES]
    if len(clean) >= MIN_EMPIRICAL:
        mean = sum(clean) / len(clean)
        return Service("empirical", mean, _sd(clean, mean), tuple(sorted(clean)))
    if len(clean) >= MIN_FITTED:
        mean = sum(clean) / len(clean)
        sd = _sd(clean, mean)
        return Service("lognormal", mean, sd) if sd > 0 else Service("fixed", mean)
    return Service("exponential", float(max(norm_minutes, 1)))


def _sd(values: Sequence[float], mean: float) -> float:
    if len(values) < 2:
        return 0.0
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def arrival_rates(moments: Iterable[tuple[date, float]], days_by_weekday: Mapping[int, int],
                  ) -> tuple[dict[int, float], dict[int, dict[int, float]]]:
    """Mean arrivals per local hour, overall and per weekday (``days_by_weekday``: working days seen)."""
    per_weekday: dict[int, Counter] = defaultdict(Counter)
    for day, minute in moments:
        per_weekday[day.weekday()][int(minute // 60)] += 1
    by_weekday = {wd: {h: n / days_by_weekday[wd] for h, n in sorted(counts.items())}
                  for wd, counts in per_weekday.items() if days_by_weekday.get(wd)}
    total_days = sum(days_by_weekday.values()) or 1
    overall: Counter = Counter()
    for counts in per_weekday.values():
        overall.update(counts)
    return {h: n / total_days for h, n in sorted(overall.items())}, by_weekday


def fit_scenario(*, visits: Sequence[HistoryVisit], pickups: Sequence[tuple[date, float]],
                 working_days: Sequence[date], open_minute: int, close_minute: int, steps: Sequence[StepNorm],
                 counters: Mapping[str, Mapping[int, int]], calling_rule: CallingRule,
                 priority_room: PriorityRoom | None, walk_in_quota: int | None, threshold_minutes: float | None,
                 booking_lateness: Sequence[float] = (), booking_no_shows: int = 0,
                 ticket_classes: Mapping[str, int] | None = None, handover_samples: Sequence[float] = ()) -> Fit:
    days_by_weekday = Counter(day.weekday() for day in working_days)
    ticket_classes = ticket_classes or {}
    tickets = sum(ticket_classes.values())
    priority_share = (ticket_classes.get(PRIORITY, 0) / tickets) if tickets >= MIN_PRIORITY_TICKETS else None
    keep = 1.0 - (priority_share or 0.0)

    def scaled(rates: Mapping[int, float], factor: float) -> dict[int, float]:
        return {h: r * factor for h, r in rates.items()}

    booked = len(booking_lateness) + booking_no_shows
    booking = (Booking(no_show=booking_no_shows / booked, lateness=tuple(sorted(booking_lateness)) or (0.0,))
               if booked >= MIN_BOOKINGS else None)
    classes = []
    everyone: list[tuple[date, float]] = []
    for name, channel in ((M_PASPOR, "m_paspor"), (WALK_IN, "walk_in")):
        moments = [(v.day, v.arrival) for v in visits if v.channel == channel and v.arrival is not None]
        everyone += moments
        rates, by_weekday = arrival_rates(moments, days_by_weekday)
        classes.append(ArrivalClass(
            name=name, rates=scaled(rates, keep), by_weekday={wd: scaled(r, keep) for wd, r in by_weekday.items()},
            route=ROUTE, booking=booking if name == M_PASPOR else None, walk_in=name == WALK_IN))
    if priority_share:
        rates, by_weekday = arrival_rates(everyone, days_by_weekday)
        classes.append(ArrivalClass(
            name=PRIORITY, ticket_class=TicketClass.PRIORITY, rates=scaled(rates, priority_share),
            by_weekday={wd: scaled(r, priority_share) for wd, r in by_weekday.items()}, route=ROUTE, walk_in=True))
    step_codes = {s.code for s in steps}
    if pickups and "handover" in step_codes:
        rates, by_weekday = arrival_rates(pickups, days_by_weekday)
        classes.append(ArrivalClass(name=PICKUP, rates=rates, by_weekday=by_weekday, route=PICKUP_ROUTE))
    durations = {
        "intake": [v.intake_finish - v.intake_start for v in visits
                   if v.intake_start is not None and v.intake_finish is not None],
        BIOMETRIC_STEP: [v.biometric_finish - v.biometric_start for v in visits
                         if v.biometric_start is not None and v.biometric_finish is not None],
        "handover": list(handover_samples),
    }
    specs, fits = [], []
    for step in steps:
        service = fit_service(durations.get(step.code, ()), step.norm_minutes)
        fits.append(ServiceFit(step.code, len(durations.get(step.code, ())), service.distribution, service.mean))
        specs.append(StepSpec(code=step.code, counters=dict(counters.get(step.code, {})), service={None: service}))
    scenario = Scenario(open_minute=open_minute, close_minute=close_minute, classes=tuple(classes),
                        steps=tuple(specs), calling_rule=calling_rule, priority_room=priority_room,
                        walk_in_quota=walk_in_quota, threshold_minutes=threshold_minutes)
    return Fit(scenario=scenario, services=tuple(fits), days=len(working_days), applicants=len(everyone),
               pickups=len(pickups), booking_fitted=booking is not None, priority_share=priority_share)


def busy_counters(intervals: Iterable[tuple[float, float]]) -> dict[int, int]:
    """Staffing seen in one day's services of a step: per local hour, the most services running at once
    (a counter serves one applicant at a time, so at least that many counters were open)."""
    edges = []
    for start, end in intervals:
        if end > start:
            edges += [(start, 1), (end, -1)]
    edges.sort()
    out: dict[int, int] = {}
    running = 0
    for at, delta in edges:
        running += delta
        hour = int(at // 60)
        out[hour] = max(out.get(hour, 0), running)
    # A service spanning whole hours kept its counter open in them too.
    for start, end in intervals:
        for hour in range(int(start // 60) + 1, int(end // 60)):
            out[hour] = max(out.get(hour, 0), 1)
    return dict(sorted(out.items()))
