"""The scenario JSON and the fitting rules (pure)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.simulation import fitting
from maklumat.simulation.model import ScenarioError, scenario_from_json, staffing_from_json

BASE = {"open": "08:00", "close": "16:00", "classes": {"general": {"arrivals_per_hour": 10}},
        "steps": [{"code": "intake", "counters": 2, "service_minutes": {"distribution": "fixed", "mean": 5}}]}


def with_(**changes):
    data = {**BASE, **changes}
    return data


def test_per_hour_values_fill_unnamed_hours_with_zero():
    scenario = scenario_from_json(with_(classes={"priority": {"arrivals_per_hour": {"09": 4}}}))
    assert scenario.classes[0].rates[9] == 4 and scenario.classes[0].rates[8] == 0
    assert scenario.classes[0].ticket_class == "priority"
    assert scenario.steps[0].counters == {h: 2 for h in range(8, 16)}


@pytest.mark.parametrize(("data", "field"), [
    (with_(open="8:00"), "open"),
    (with_(close="07:00"), "close"),
    (with_(classes={"general": {"arrivals_per_hour": -1}}), "classes.general.arrivals_per_hour"),
    (with_(classes={"general": {"arrivals_per_hour": {"25": 1}}}), "classes.general.arrivals_per_hour.25"),
    (with_(steps=[{"code": "intake", "service_minutes": {"distribution": "fixed", "mean": 5}}]), "steps[0].counters"),
    (with_(steps=[{"code": "intake", "counters": 0, "service_minutes": {"distribution": "fixed", "mean": 5}}]),
     "steps[0].counters"),
    (with_(steps=[{"code": "intake", "counters": 1.5, "service_minutes": {"distribution": "fixed", "mean": 5}}]),
     "steps[0].counters"),
    (with_(steps=[{"code": "intake", "counters": 1, "service_minutes": {"distribution": "gamma", "mean": 5}}]),
     "steps[0].service_minutes.distribution"),
    (with_(steps=[{"code": "intake", "counters": 1, "service_minutes": {"distribution": "lognormal", "mean": 5}}]),
     "steps[0].service_minutes.sd"),
    (with_(calling_rule={"general_per_priority": 0}), "calling_rule.general_per_priority"),
    (with_(steps=[]), "steps"),
    ([], "scenario"),
])
def test_invalid_scenarios_name_the_field(data, field):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_json(data)
    assert caught.value.field == field


def test_staffing_file_replaces_counters_per_hour_and_refuses_unknown_steps():
    scenario = scenario_from_json(BASE)
    staffing, room = staffing_from_json({"intake": {"08": 3, "09": 1}}, scenario)
    assert staffing["intake"][8] == 3 and staffing["intake"][10] == 0 and room is None
    with pytest.raises(ScenarioError) as caught:
        staffing_from_json({"kasir": 1}, scenario)
    assert caught.value.field == "staffing.kasir"


def test_service_fit_guard_empirical_lognormal_or_the_sop_norm():
    assert fitting.fit_service([5.0] * 250, 10).distribution == "empirical"
    lognormal = fitting.fit_service([4.0, 6.0] * 20, 10)
    assert lognormal.distribution == "lognormal" and lognormal.mean == 5.0
    thin = fitting.fit_service([4.0] * 10, 15)
    assert (thin.distribution, thin.mean) == ("exponential", 15.0)
    # durations that cannot be services (negative, zero, longer than half a day) are not evidence
    assert fitting.fit_service([0.0, -3.0, 900.0] * 100, 7).distribution == "exponential"


def test_arrival_rates_are_per_working_day_of_each_weekday():
    monday, next_monday, tuesday = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 3)
    overall, by_weekday = fitting.arrival_rates(
        [(monday, 8 * 60 + 5), (monday, 8 * 60 + 50), (next_monday, 9 * 60), (tuesday, 8 * 60)],
        {0: 2, 1: 1})
    assert by_weekday[0] == {8: 1.0, 9: 0.5}
    assert by_weekday[1] == {8: 1.0}
    assert overall == {8: 1.0, 9: 1 / 3}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0.5, 60)), max_size=30))
def test_busy_counters_never_exceed_the_services_running(spans):
    intervals = [(start, start + length) for start, length in spans]
    seen = fitting.busy_counters(intervals)
    assert all(0 <= n <= len(intervals) for n in seen.values())
    if intervals:
        assert max(seen.values()) >= 1
