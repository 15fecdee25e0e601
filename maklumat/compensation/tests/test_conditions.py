"""The condition vocabulary: each type alone, three-valued composition, and policy validation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.compensation.rules.conditions import PolicyError, build_condition
from maklumat.compensation.rules.policy import policy_from_dict, seeded_policy_specs
from maklumat.compensation.tests.helpers import CALENDAR, at, context, facts

WAIT = build_condition({"code": "w", "type": "wait_over", "from": "biometric_ticket", "to": "biometric_start",
                        "minutes": 120})
DEADLINE = build_condition({"code": "d", "type": "deadline_missed", "from": "payment", "to": "allocation",
                            "working_days": 2})
TICKET = at(2025, 5, 8, 8)


FAR_FUTURE = at(2030, 1, 1)


def check(condition, app, as_of=FAR_FUTURE):
    out = []
    return condition.check(app, context(as_of), out), out


@given(st.integers(min_value=0, max_value=8 * 3600))
def test_wait_holds_exactly_when_strictly_over_two_hours(seconds):
    app = facts(biometric_ticket=TICKET, biometric_start=TICKET + timedelta(seconds=seconds))
    held, [result] = check(WAIT, app)
    assert held is (seconds > 7200)
    assert result.measured == round(seconds / 60, 2)


def test_non_strict_wait_holds_at_exactly_the_threshold():
    condition = build_condition({"code": "w", "type": "wait_over", "from": "a", "to": "b", "minutes": 120,
                                 "strict": False})
    assert check(condition, facts(a=TICKET, b=TICKET + timedelta(hours=2)))[0] is True


working_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)).filter(CALENDAR.is_working_day)


@settings(max_examples=300)
@given(working_dates, st.integers(min_value=0, max_value=20))
def test_allocation_is_late_exactly_when_more_than_2_working_days_after_payment(paid, offset):
    allocated_on = paid + timedelta(days=offset)
    if not CALENDAR.is_working_day(allocated_on):
        return
    app = facts(payment=at(paid.year, paid.month, paid.day, 10),
                allocation=at(allocated_on.year, allocated_on.month, allocated_on.day, 11))
    held, [result] = check(DEADLINE, app)
    assert held is (CALENDAR.working_days_between(paid, allocated_on) > 2)
    assert result.measured == CALENDAR.working_days_between(paid, allocated_on)


@pytest.mark.parametrize("parts, expected", [
    ((True, True), True), ((True, None), None), ((False, None), False), ((True, False), False),
])
def test_all_of_uses_three_valued_logic(parts, expected):
    condition = _composite("all_of", parts)
    assert check(condition, _app_for(parts))[0] is expected


@pytest.mark.parametrize("parts, expected", [
    ((False, False), False), ((False, None), None), ((True, None), True), ((True, False), True),
])
def test_any_of_uses_three_valued_logic(parts, expected):
    condition = _composite("any_of", parts)
    assert check(condition, _app_for(parts))[0] is expected


def _composite(kind, parts):
    # Part i is a wait from e{i} to f{i}; True = waited 3 h, False = waited 1 h, None = no ticket yet.
    return build_condition({"code": "c", "type": kind, "conditions": [
        {"code": f"p{i}", "type": "wait_over", "from": f"e{i}", "to": f"f{i}", "minutes": 120}
        for i in range(len(parts))
    ]})


def _app_for(parts):
    events = {}
    for i, value in enumerate(parts):
        if value is not None:
            events[f"e{i}"] = TICKET
            events[f"f{i}"] = TICKET + timedelta(hours=3 if value else 1)
    return facts(**events)


def test_flag_and_booking_and_service_conditions():
    app = facts(service="baru", booking="walk_in", flags={"broker"})
    assert check(build_condition({"code": "x", "type": "flag_present", "flags": ["broker"]}), app)[0] is True
    assert check(build_condition({"code": "x", "type": "flag_absent", "flags": ["broker"]}), app)[0] is False
    assert check(build_condition({"code": "x", "type": "booking_in", "channels": ["m_paspor"]}), app)[0] is False
    assert check(build_condition({"code": "x", "type": "service_not_in", "services": ["rusak"]}), app)[0] is True


@pytest.mark.parametrize("spec, message", [
    ({"code": "x", "type": "teleport"}, "unknown condition type 'teleport'"),
    ({"type": "smart_queue"}, "every condition needs a code"),
    ({"code": "x", "type": "wait_over", "from": "a", "to": "b", "minutes": 0}, "x: minutes must be a whole number"),
    ({"code": "x", "type": "flag_absent", "flags": ["vip"]}, "x: unknown flags: vip"),
    ({"code": "x", "type": "booking_in", "channels": []}, "x: channels must be a non-empty list"),
    ({"code": "x", "type": "any_of", "conditions": []}, "x: conditions must be a non-empty list"),
])
def test_bad_condition_data_is_refused_with_a_reason(spec, message):
    with pytest.raises(PolicyError, match=message):
        build_condition(spec)


def test_policy_with_unknown_remedy_or_duplicate_codes_is_refused():
    spec = seeded_policy_specs()[0]
    with pytest.raises(PolicyError, match="unknown remedies: cash"):
        policy_from_dict({**spec, "remedies": ["cash"]})
    doubled = {**spec, "conditions": [spec["conditions"][0], spec["conditions"][0]]}
    with pytest.raises(PolicyError, match="condition codes must be unique: a_service_new_or_replacement"):
        policy_from_dict(doubled)
    with pytest.raises(PolicyError, match="effective_to is before effective_from"):
        policy_from_dict({**spec, "effective_to": "2020-01-01"})


def test_policy_in_force_on_its_period_only():
    policy = policy_from_dict({**seeded_policy_specs()[0], "effective_to": "2025-12-31"})
    assert [policy.in_force_on(day) for day in (date(2025, 3, 24), date(2025, 3, 25), date(2025, 12, 31),
                                                date(2026, 1, 1))] == [False, True, True, False]
