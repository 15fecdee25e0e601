#!/usr/bin/env python3
"""Speed and correctness figures of the staffing simulation (issue 13).

Prints: one office-year (≈ 27,000 applicants, Blitar's volume) with one replication; 20 replications
of a working month; and the Erlang C comparison of a stationary single-step scenario (M/M/c) at
three loads, with the simulation's 95 % interval. Each run must stay under 10 s on this machine.

    .venv/bin/python bench/simulate.py [--seed 0]

No database: the model is built in memory (the same engine ``maklumat simulate`` runs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")

import django  # noqa: E402

django.setup()

from maklumat.queueing.rules import CallingRule, RuleKind, TicketClass  # noqa: E402
from maklumat.simulation import engine  # noqa: E402
from maklumat.simulation.model import (  # noqa: E402
    ArrivalClass,
    Booking,
    PriorityRoom,
    Scenario,
    Service,
    StepSpec,
    scenario_from_json,
)

WORKING_DAYS_A_YEAR = 245
HOURS = range(8, 16)
# Arrivals crowd the morning (per hour, an average day of ≈ 110 applicants and their pickups).
SHAPE = {8: 1.6, 9: 1.5, 10: 1.3, 11: 1.1, 12: 0.7, 13: 0.9, 14: 0.6, 15: 0.3}


def office_scenario(applicants_a_day: float) -> Scenario:
    total = sum(SHAPE.values())

    def rates(share: float) -> dict[int, float]:
        return {h: applicants_a_day * share * SHAPE[h] / total for h in HOURS}

    classes = (
        ArrivalClass("m_paspor", rates(0.76), route=("intake", "biometric"),
                     booking=Booking(no_show=0.1, lateness=(-10.0, -5.0, 0.0, 5.0, 15.0, 30.0))),
        ArrivalClass("walk_in", rates(0.19), route=("intake", "biometric"), walk_in=True),
        ArrivalClass("priority", rates(0.05), ticket_class=TicketClass.PRIORITY, route=("intake", "biometric"),
                     walk_in=True),
        ArrivalClass("pickup", rates(0.9), route=("handover",)),
    )
    steps = (
        StepSpec("intake", {h: 2 for h in HOURS}, {None: Service("lognormal", 5, 2)}),
        StepSpec("biometric", {h: 3 for h in HOURS}, {None: Service("lognormal", 16, 6)}),
        StepSpec("handover", {h: 1 for h in HOURS}, {None: Service("exponential", 3)}),
    )
    return Scenario(open_minute=8 * 60, close_minute=16 * 60, classes=classes, steps=steps,
                    calling_rule=CallingRule(RuleKind.PRIORITY_FIRST),
                    priority_room=PriorityRoom(("intake", "biometric"), frozenset(range(8, 13))),
                    walk_in_quota=None, threshold_minutes=120)


def timed(label: str, scenario: Scenario, days: int, replications: int, seed: int) -> None:
    started = time.perf_counter()
    result = engine.simulate(scenario, days=days, replications=replications, seed=seed,
                             weekdays=[d % 5 for d in range(days)])
    seconds = time.perf_counter() - started
    applicants = sum(c.served for name, c in result.classes.items() if name != "pickup") * replications
    print(f"{label}: {days} days x {replications} replications, {applicants:,.0f} applicants simulated "
          f"(+ pickups) in {seconds:.2f} s ({'OK' if seconds < 10 else 'TOO SLOW'} < 10 s); "
          f"mean wait {result.mean_wait:.1f} min, p90 {result.p90_wait:.1f} min, over threshold "
          f"{result.over_threshold:.0f} (95 % {result.over_threshold_ci95[0]:.0f}–{result.over_threshold_ci95[1]:.0f})")


def erlang(seed: int) -> None:
    print("Erlang C (M/M/c, one step, exponential service 10 min, open all day, 30 replications):")
    for rate, counters in ((6, 2), (9, 2), (20, 4)):
        scenario = scenario_from_json({
            "open": "00:00", "close": "23:59", "classes": {"general": {"arrivals_per_hour": rate}},
            "steps": [{"code": "s", "counters": counters,
                       "service_minutes": {"distribution": "exponential", "mean": 10}}]})
        result = engine.simulate(scenario, replications=30, seed=seed)
        figures = result.classes["general"]
        expected = engine.erlang_c_wait(rate / 60, 10, counters)
        low, high = figures.mean_wait_ci95
        print(f"  lambda={rate}/h c={counters} load={rate / 6 / counters:.2f}: Erlang C Wq={expected:.2f} min, "
              f"simulated {figures.mean_wait:.2f} min (95 % {low:.2f}–{high:.2f}) "
              f"{'inside' if low <= expected <= high else 'OUTSIDE'}; utilisation "
              f"{result.steps['s'].utilisation:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    scenario = office_scenario(27000 / WORKING_DAYS_A_YEAR)
    timed("office-year", scenario, WORKING_DAYS_A_YEAR, 1, args.seed)
    timed("month x 20", scenario, 21, 20, args.seed)
    erlang(args.seed)


if __name__ == "__main__":
    main()
