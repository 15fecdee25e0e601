"""What the what-if page shows: the model fitted to the office's last year, its backtest, and the
forecast of the coming working days under the current and an edited staffing plan (same seed, so
the difference is the plan's, not chance's)."""

from __future__ import annotations

from datetime import date, timedelta

from maklumat.calendar.selectors import work_calendar_for
from maklumat.simulation.forecast import applicant_figures, backtest, forecast
from maklumat.simulation.history import load_history
from maklumat.simulation.liability import liability_of
from maklumat.simulation.model import hours_of

HISTORY_DAYS = 365
FORECAST_DAYS = 5
REPLICATIONS = 10
SEED = 0


def next_working_days(office, after: date, count: int) -> list[date]:
    calendar = work_calendar_for(office)
    days, day = [], after
    while len(days) < count and day < after + timedelta(days=60):
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            days.append(day)
    return days


def read_plan(query, steps: list[str], hours: range, default: dict[str, dict[int, int]],
              default_room: frozenset[int]) -> tuple[dict[str, dict[int, int]], frozenset[int], dict[str, str]]:
    """The edited plan from the form (``s-<step>-<HH>`` counters, ``room-<HH>`` ticked hours); problems by field."""
    staffing: dict[str, dict[int, int]] = {}
    problems: dict[str, str] = {}
    for step in steps:
        staffing[step] = {}
        for hour in hours:
            key = f"s-{step}-{hour:02d}"
            raw = query.get(key)
            if raw is None or raw == "":
                staffing[step][hour] = default.get(step, {}).get(hour, 0)
                continue
            try:
                value = int(raw)
            except ValueError:
                value = -1
            if not 0 <= value <= 50:
                problems[key] = raw
                value = default.get(step, {}).get(hour, 0)
            staffing[step][hour] = value
    room = frozenset(hour for hour in hours if query.get(f"room-{hour:02d}")) if "run" in query else default_room
    return staffing, room, problems


def office_history(office, today: date):
    """The office's last ``HISTORY_DAYS`` days before ``today`` and the model fitted to them."""
    return load_history(office, today - timedelta(days=HISTORY_DAYS), today - timedelta(days=1), as_of=today)


def what_if(office, history, *, staffing=None, room_hours=None, today: date) -> dict:
    if not history.visits:
        return {"history": history, "enough": False}
    scenario = history.fit.scenario
    hours = hours_of(scenario.open_minute, scenario.close_minute)
    days = next_working_days(office, today, FORECAST_DAYS)
    current = forecast(scenario, days, replications=REPLICATIONS, seed=SEED)
    plan = forecast(scenario, days, staffing=staffing, room_hours=room_hours, replications=REPLICATIONS,
                    seed=SEED) if staffing is not None or room_hours is not None else current
    edited = scenario.with_staffing(staffing or {}, room_hours)
    checked = backtest(history, replications=1, seed=SEED)
    return {
        "enough": True, "history": history, "fit": history.fit, "scenario": scenario, "hours": hours, "days": days,
        "current": current, "plan": plan, "backtest": checked,
        "current_figures": applicant_figures(current), "plan_figures": applicant_figures(plan),
        "current_liability": liability_of(office, today, scenario, current),
        "plan_liability": liability_of(office, today, edited, plan),
    }
