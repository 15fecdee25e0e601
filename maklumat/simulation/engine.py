"""The discrete-event simulation of office days (SimPy) over a pure ``Scenario``.

Each counter is a SimPy process that, when on duty and free, asks the queue's own calling rule
(``queueing.rules.next_ticket``, the function the counters of the office use) which waiting ticket
to call, given the longest-waiting ticket of each class at the steps it serves, its general streak
and whether it is the priority room. Applicants join the next step of their route when a service
ends. Days are independent (the office empties every evening); replications use their own seeded
random streams, so the same seed gives the same result.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import simpy

from maklumat.queueing import rules
from maklumat.simulation.model import BIOMETRIC_STEP, ArrivalClass, Scenario, hours_of

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # the calling rule compares datetimes: minutes map onto this day
ROOM = "priority_room"


@dataclass
class _Visitor:
    cls: ArrivalClass
    route: tuple[str, ...]
    arrived: float
    position: int = 0
    total_wait: float = 0.0
    biometric_wait: float | None = None


class _StepState:
    def __init__(self, env: simpy.Environment, code: str, samplers: dict[str, object]):
        self.env = env
        self.code = code
        self.samplers = samplers
        self.queues: dict[rules.TicketClass, deque] = {cls: deque() for cls in rules.TicketClass}
        self.signal = env.event()
        self.length = 0
        self.changed_at = 0.0
        self.area_by_hour: dict[int, float] = {}
        self.busy = 0.0
        self.last_end = 0.0

    def _account(self) -> None:
        now, start, length = self.env.now, self.changed_at, self.length
        if length and now > start:
            hour = int(start // 60)
            while start < now:
                edge = min(now, (hour + 1) * 60.0)
                self.area_by_hour[hour] = self.area_by_hour.get(hour, 0.0) + length * (edge - start)
                start, hour = edge, hour + 1
        self.changed_at = now

    def join(self, waiting: rules.Waiting) -> None:
        self._account()
        self.queues[waiting.ticket_class].append(waiting)
        self.length += 1
        if not self.signal.triggered:
            self.signal.succeed()
            self.signal = self.env.event()

    def leave(self, ticket_class: rules.TicketClass) -> rules.Waiting:
        self._account()
        self.length -= 1
        return self.queues[ticket_class].popleft()


@dataclass
class DayTally:
    """What one simulated day produced (summed into a replication)."""

    waits: dict[str, list[float]] = field(default_factory=dict)            # class -> total wait per applicant
    step_waits: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # class -> step -> waits
    over: dict[str, int] = field(default_factory=dict)                      # class -> biometric wait > threshold
    turned_away: int = 0
    busy: dict[str, float] = field(default_factory=dict)
    duty: dict[str, float] = field(default_factory=dict)
    queue_area: dict[str, dict[int, float]] = field(default_factory=dict)
    open_minutes: float = 0.0
    waits_by_hour: dict[int, list[float]] = field(default_factory=dict)     # hour of arrival -> total waits


def _arrivals(scenario: Scenario, weekday: int | None, rng: random.Random) -> list[tuple[float, ArrivalClass]]:
    """Every arrival of a day, in time order: Poisson per hour and class; bookings arrive at their
    slot plus a lateness, without the no-shows; walk-ins beyond the daily quota are turned away."""
    open_m, close_m = scenario.open_minute, scenario.close_minute
    out: list[tuple[float, ArrivalClass]] = []
    for cls in scenario.classes:
        rates = cls.rates_on(weekday)
        booking = cls.booking
        for hour, rate in sorted(rates.items()):
            if rate <= 0:
                continue
            start, end = max(hour * 60.0, open_m), min((hour + 1) * 60.0, close_m)
            if end <= start:
                continue
            # ``rate`` is per full clock hour; a partly open hour gets its share.
            per_minute = rate / 60.0 / ((1 - booking.no_show) if booking and booking.no_show < 1 else 1)
            t = start + rng.expovariate(per_minute)
            while t < end:
                if booking is None:
                    out.append((t, cls))
                elif rng.random() >= booking.no_show:
                    at = t + rng.choice(booking.lateness)
                    if at < close_m:
                        out.append((max(at, float(open_m)), cls))
                t += rng.expovariate(per_minute)
    out.sort(key=lambda item: item[0])
    return out


def simulate_day(scenario: Scenario, rng: random.Random, weekday: int | None = None) -> DayTally:
    env = simpy.Environment()
    tally = DayTally()
    rule = scenario.calling_rule
    threshold = scenario.threshold_minutes
    hours = hours_of(scenario.open_minute, scenario.close_minute)
    last_hour = hours[-1]
    states: dict[str, _StepState] = {}
    for step in scenario.steps:
        samplers = {cls.name: step.service_for(cls.ticket_class.value).sampler(rng) for cls in scenario.classes}
        states[step.code] = _StepState(env, step.code, samplers)
    order = [step.code for step in scenario.steps]
    visitors: dict[int, _Visitor] = {}
    counter_ids = iter(range(1, 10**9))

    def send(visitor: _Visitor) -> None:
        """The visitor joins the next step of its route, or leaves the office."""
        if visitor.position >= len(visitor.route):
            name = visitor.cls.name
            tally.waits.setdefault(name, []).append(visitor.total_wait)
            tally.waits_by_hour.setdefault(int(visitor.arrived // 60), []).append(visitor.total_wait)
            if threshold is not None and visitor.biometric_wait is not None and visitor.biometric_wait > threshold:
                tally.over[name] = tally.over.get(name, 0) + 1
            return
        state = states[visitor.route[visitor.position]]
        key = next(counter_ids)
        visitors[key] = visitor
        state.join(rules.Waiting(id=key, ticket_class=visitor.cls.ticket_class,
                                 waiting_since=EPOCH + timedelta(minutes=env.now), number=key))

    def arrivals(items):
        for at, cls in items:
            if at > env.now:
                yield env.timeout(at - env.now)
            route = cls.route or tuple(order)
            send(_Visitor(cls=cls, route=tuple(code for code in route if code in states), arrived=env.now))

    def on_duty_hours(index: int, counters) -> frozenset[int]:
        return frozenset(h for h, n in counters.items() if n > index)

    def counter(serves: Sequence[_StepState], duty: frozenset[int], room: bool, label: str):
        streak = 0
        overtime = last_hour in duty  # on duty when the office closes: serves whoever is still waiting
        signals_of = [s for s in serves]
        while True:
            now = env.now
            hour = int(now // 60)
            if (hour in duty) if now < scenario.close_minute else overtime:
                heads = []
                for ticket_class in rules.TicketClass:
                    best = None
                    for state in serves:
                        queue = state.queues[ticket_class]
                        if queue and (best is None or queue[0].waiting_since < best[0].waiting_since):
                            best = (queue[0], state)
                    if best is not None:
                        heads.append(best)
                if heads:
                    chosen = rules.next_ticket([w for w, _ in heads], rule, streak, room)
                    state = next(s for w, s in heads if w is chosen)
                    state.leave(chosen.ticket_class)
                    streak = rules.streak_after(streak, chosen.ticket_class)
                    visitor = visitors.pop(chosen.id)
                    wait = now - (chosen.waiting_since - EPOCH).total_seconds() / 60
                    visitor.total_wait += wait
                    tally.step_waits.setdefault(visitor.cls.name, {}).setdefault(state.code, []).append(wait)
                    if state.code == BIOMETRIC_STEP:
                        visitor.biometric_wait = wait
                    duration = state.samplers[visitor.cls.name]()
                    yield env.timeout(duration)
                    tally.busy[label] = tally.busy.get(label, 0.0) + duration
                    state.busy += duration
                    state.last_end = env.now
                    visitor.position += 1
                    send(visitor)
                    continue
                events = [s.signal for s in signals_of]
                yield events[0] if len(events) == 1 else env.any_of(events)
                continue
            if now >= scenario.close_minute:
                return
            yield env.timeout((hour + 1) * 60.0 - now)

    for step in scenario.steps:
        pool = max(step.counters.values(), default=0)
        for index in range(pool):
            env.process(counter([states[step.code]], on_duty_hours(index, step.counters), False, step.code))
    room = scenario.priority_room
    if room is not None and room.hours:
        serves = [states[code] for code in room.steps if code in states]
        if serves:
            env.process(counter(serves, room.hours, True, ROOM))
    items = _arrivals(scenario, weekday, rng)
    if scenario.walk_in_quota is not None:
        kept, walk_ins = [], 0
        for at, cls in items:
            if cls.walk_in:
                walk_ins += 1
                if walk_ins > scenario.walk_in_quota:
                    tally.turned_away += 1
                    continue
            kept.append((at, cls))
        items = kept
    env.process(arrivals(items))
    env.run()

    day_end = max([scenario.close_minute, *(s.last_end for s in states.values())])
    tally.open_minutes = day_end - scenario.open_minute
    for step in scenario.steps:
        state = states[step.code]
        state._account()
        tally.queue_area[step.code] = state.area_by_hour
        overtime_counters = step.counters.get(last_hour, 0)
        duty = sum(n * _overlap(h, scenario.open_minute, scenario.close_minute) for h, n in step.counters.items())
        tally.duty[step.code] = duty + overtime_counters * max(0.0, day_end - scenario.close_minute)
    if room is not None and room.hours:
        duty = sum(_overlap(h, scenario.open_minute, scenario.close_minute) for h in room.hours)
        tally.duty[ROOM] = duty + (max(0.0, day_end - scenario.close_minute) if last_hour in room.hours else 0.0)
    return tally


def _overlap(hour: int, open_m: int, close_m: int) -> float:
    return max(0.0, min((hour + 1) * 60.0, close_m) - max(hour * 60.0, open_m))


# --- replications and figures ------------------------------------------------------------------------

# Two-sided 95 % Student t quantiles for 1..30 degrees of freedom (beyond: the normal 1.96).
T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
       2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def ci95(values: Sequence[float]) -> tuple[float, float]:
    """The 95 % confidence interval of the mean of ``values`` (one replication: the value itself)."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, mean
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = (T95[n - 2] if n - 1 <= len(T95) else 1.96) * sd / math.sqrt(n)
    return mean - half, mean + half


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0–1) by the nearest-rank method (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass(frozen=True)
class ClassFigures:
    served: float               # per replication, over all days
    mean_wait: float
    mean_wait_ci95: tuple[float, float]
    p90_wait: float
    max_wait: float
    over_threshold: float
    over_threshold_ci95: tuple[float, float]
    step_waits: dict[str, tuple[float, float, float]]  # step -> (mean, p90, max)


@dataclass(frozen=True)
class StepFigures:
    utilisation: float
    mean_queue: float
    queue_by_hour: dict[int, float]


@dataclass(frozen=True)
class Result:
    days: int
    replications: int
    seed: int
    threshold_minutes: float | None
    classes: dict[str, ClassFigures]
    steps: dict[str, StepFigures]
    room_utilisation: float | None
    over_threshold: float
    over_threshold_ci95: tuple[float, float]
    turned_away: float
    waits_by_hour: dict[int, float]
    mean_wait: float
    p90_wait: float


def simulate(scenario: Scenario, *, days: int = 1, replications: int = 1, seed: int = 0,
             weekdays: Sequence[int | None] | None = None) -> Result:
    """Run ``replications`` × ``days`` office days; ``weekdays[d]`` picks the arrival pattern of day ``d``."""
    plan = [(scenario, weekdays[d] if weekdays else None) for d in range(days)]
    return simulate_plan(plan, replications=replications, seed=seed)


def simulate_plan(plan: Sequence[tuple[Scenario, int | None]], *, replications: int = 1, seed: int = 0) -> Result:
    """Run each day of ``plan`` (its scenario — e.g. that day's staffing — and weekday) ``replications`` times;
    the scenarios share classes and steps (the first one names them)."""
    rep_tallies: list[list[DayTally]] = []
    for replication in range(replications):
        rng = random.Random(f"{seed}:{replication}")
        rep_tallies.append([simulate_day(day_scenario, rng, weekday) for day_scenario, weekday in plan])
    return summarise(plan[0][0], rep_tallies, days=len(plan), seed=seed)


def summarise(scenario: Scenario, rep_tallies: list[list[DayTally]], *, days: int, seed: int) -> Result:
    replications = len(rep_tallies)
    classes: dict[str, ClassFigures] = {}
    all_waits: list[float] = []
    rep_over_total = [0.0] * replications
    for cls in scenario.classes:
        name = cls.name
        pooled: list[float] = []
        rep_means, rep_over = [], []
        step_pooled: dict[str, list[float]] = {}
        for r, tallies in enumerate(rep_tallies):
            waits = [w for t in tallies for w in t.waits.get(name, ())]
            pooled += waits
            if waits:
                rep_means.append(sum(waits) / len(waits))
            over = sum(t.over.get(name, 0) for t in tallies)
            rep_over.append(over)
            rep_over_total[r] += over
            for t in tallies:
                for code, values in t.step_waits.get(name, {}).items():
                    step_pooled.setdefault(code, []).extend(values)
        all_waits += pooled
        mean = sum(pooled) / len(pooled) if pooled else 0.0
        classes[name] = ClassFigures(
            served=len(pooled) / replications, mean_wait=mean,
            mean_wait_ci95=ci95(rep_means) if rep_means else (0.0, 0.0),
            p90_wait=percentile(pooled, 0.9), max_wait=max(pooled, default=0.0),
            over_threshold=sum(rep_over) / replications, over_threshold_ci95=ci95(rep_over),
            step_waits={code: (sum(v) / len(v), percentile(v, 0.9), max(v)) for code, v in step_pooled.items() if v})
    steps: dict[str, StepFigures] = {}
    total_open = sum(t.open_minutes for tallies in rep_tallies for t in tallies) or 1.0
    n_days = replications * days
    for step in scenario.steps:
        busy = sum(t.busy.get(step.code, 0.0) for tallies in rep_tallies for t in tallies)
        duty = sum(t.duty.get(step.code, 0.0) for tallies in rep_tallies for t in tallies)
        by_hour: dict[int, float] = {}
        for tallies in rep_tallies:
            for t in tallies:
                for hour, area in t.queue_area.get(step.code, {}).items():
                    by_hour[hour] = by_hour.get(hour, 0.0) + area / 60.0 / n_days
        area = sum(sum(t.queue_area.get(step.code, {}).values()) for tallies in rep_tallies for t in tallies)
        steps[step.code] = StepFigures(utilisation=busy / duty if duty else 0.0, mean_queue=area / total_open,
                                       queue_by_hour=dict(sorted(by_hour.items())))
    room_busy = sum(t.busy.get(ROOM, 0.0) for tallies in rep_tallies for t in tallies)
    room_duty = sum(t.duty.get(ROOM, 0.0) for tallies in rep_tallies for t in tallies)
    by_hour_waits: dict[int, list[float]] = {}
    for tallies in rep_tallies:
        for t in tallies:
            for hour, values in t.waits_by_hour.items():
                by_hour_waits.setdefault(hour, []).extend(values)
    return Result(
        days=days, replications=replications, seed=seed, threshold_minutes=scenario.threshold_minutes,
        classes=classes, steps=steps, room_utilisation=(room_busy / room_duty) if room_duty else None,
        over_threshold=sum(rep_over_total) / replications, over_threshold_ci95=ci95(rep_over_total),
        turned_away=sum(t.turned_away for tallies in rep_tallies for t in tallies) / replications,
        waits_by_hour={h: sum(v) / len(v) for h, v in sorted(by_hour_waits.items())},
        mean_wait=sum(all_waits) / len(all_waits) if all_waits else 0.0, p90_wait=percentile(all_waits, 0.9))


def erlang_c_wait(arrivals_per_minute: float, service_minutes: float, servers: int) -> float:
    """The mean wait in queue of an M/M/c queue (Erlang C), in minutes; ``inf`` when not stable."""
    a = arrivals_per_minute * service_minutes
    if a >= servers:
        return math.inf
    term, total = 1.0, 1.0
    for k in range(1, servers):
        term *= a / k
        total += term
    last = term * a / servers * servers / (servers - a)
    p_wait = last / (total + last)
    return p_wait * service_minutes / (servers - a)
