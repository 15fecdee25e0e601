"""Forecast and backtest over a fitted model (``history.History``): what a staffing plan will do,
and how far the model was from what actually happened with the staffing the office had."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from maklumat.simulation import engine
from maklumat.simulation.fitting import PICKUP
from maklumat.simulation.history import History
from maklumat.simulation.model import Scenario


@dataclass(frozen=True)
class Figures:
    mean_wait: float
    p90_wait: float
    over_threshold: float


@dataclass(frozen=True)
class Backtest:
    start: date
    end: date
    days: int
    predicted: Figures
    actual: Figures
    replications: int

    @property
    def mean_wait_error(self) -> float:
        return self.predicted.mean_wait - self.actual.mean_wait

    @property
    def p90_error(self) -> float:
        return self.predicted.p90_wait - self.actual.p90_wait

    @property
    def over_threshold_error(self) -> float:
        return self.predicted.over_threshold - self.actual.over_threshold

    def as_json(self) -> dict:
        def rounded(f: Figures) -> dict:
            return {"mean_wait_minutes": round(f.mean_wait, 1), "p90_wait_minutes": round(f.p90_wait, 1),
                    "over_threshold": round(f.over_threshold, 1)}

        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days,
                "replications": self.replications, "predicted": rounded(self.predicted),
                "actual": rounded(self.actual),
                "error": {"mean_wait_minutes": round(self.mean_wait_error, 1),
                          "p90_wait_minutes": round(self.p90_error, 1),
                          "over_threshold": round(self.over_threshold_error, 1)}}


def actual_figures(history: History, threshold: float | None) -> Figures:
    """The waits the office's applicants actually had (queue number to intake, plus the biometric wait)."""
    waits, over = [], 0
    for v in history.visits:
        if None in (v.arrival, v.intake_start, v.biometric_ticket, v.biometric_start):
            continue
        biometric = v.biometric_start - v.biometric_ticket
        waits.append(max(0.0, v.intake_start - v.arrival) + max(0.0, biometric))
        if threshold is not None and biometric > threshold:
            over += 1
    return Figures(mean_wait=sum(waits) / len(waits) if waits else 0.0,
                   p90_wait=engine.percentile(waits, 0.9), over_threshold=float(over))


def applicant_figures(result: engine.Result) -> Figures:
    """Predicted figures of the applicants (every class but the passport pickups), weighted by served."""
    classes = {name: c for name, c in result.classes.items() if name != PICKUP}
    served = sum(c.served for c in classes.values()) or 1.0
    return Figures(mean_wait=sum(c.mean_wait * c.served for c in classes.values()) / served,
                   p90_wait=max((c.p90_wait for c in classes.values()), default=0.0) if len(classes) == 1 else
                   _pooled_p90(classes), over_threshold=sum(c.over_threshold for c in classes.values()))


def _pooled_p90(classes) -> float:
    # Served-weighted mix of the classes' p90 (the pooled waits are not kept per class).
    served = sum(c.served for c in classes.values()) or 1.0
    return sum(c.p90_wait * c.served for c in classes.values()) / served


def backtest(history: History, *, replications: int = 3, seed: int = 0) -> Backtest | None:
    """Simulate the history's own working days with the staffing the office had each day."""
    scenario = history.fit.scenario
    plan = []
    for day in history.working_days:
        staffing = history.staffing_by_day.get(day)
        if not staffing:
            continue
        room_hours = history.room_hours_by_day.get(day, frozenset())
        plan.append((scenario.with_staffing(staffing, room_hours), day.weekday()))
    if not plan or not history.visits:
        return None
    result = engine.simulate_plan(plan, replications=replications, seed=seed)
    return Backtest(start=history.start, end=history.end, days=len(plan), predicted=applicant_figures(result),
                    actual=actual_figures(history, scenario.threshold_minutes), replications=replications)


def forecast(scenario: Scenario, days: Sequence[date], *, staffing: Mapping[str, Mapping[int, int]] | None = None,
             room_hours: frozenset[int] | None = None, replications: int = 20, seed: int = 0) -> engine.Result:
    """The given working ``days`` under a staffing plan (default: the fitted one)."""
    if staffing is not None or room_hours is not None:
        scenario = scenario.with_staffing(staffing or {}, room_hours)
    return engine.simulate(scenario, days=len(days), replications=replications, seed=seed,
                           weekdays=[d.weekday() for d in days])
