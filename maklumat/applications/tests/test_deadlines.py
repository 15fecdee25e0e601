"""Application deadlines and SOP step clocks (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from maklumat.applications.deadlines import (
    ServiceTerms,
    StepNorm,
    application_deadlines,
    pickup_expired,
    step_clocks,
)
from maklumat.calendar.rules import WorkCalendar

WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = WorkCalendar()


def at(*parts):
    return datetime(*parts, tzinfo=WIB)


def by_code(rows):
    return {row.code: row for row in rows}


def test_allocation_due_at_the_end_of_the_2nd_working_day_after_payment_over_a_weekend():
    rows = by_code(application_deadlines(events={"payment": at(2025, 7, 10, 10)}, terms=ServiceTerms(3),
                                         calendar=CALENDAR, as_of=at(2025, 7, 14, 12)))
    assert rows["allocation"].due == at(2025, 7, 15, 0, 0)
    assert rows["allocation"].status == "open"
    assert rows["completion"].due == at(2025, 7, 16, 0, 0)


def test_allocation_on_the_3rd_working_day_is_late():
    events = {"payment": at(2025, 7, 10, 10), "allocation": at(2025, 7, 15, 8)}
    rows = by_code(application_deadlines(events=events, terms=ServiceTerms(3), calendar=CALENDAR,
                                         as_of=at(2025, 7, 20)))
    assert rows["allocation"].status == "late" and rows["allocation"].is_late


def test_accelerated_completion_is_due_at_closing_the_same_working_day():
    rows = by_code(application_deadlines(events={"payment": at(2025, 7, 11, 9)}, terms=ServiceTerms(0),
                                         calendar=CALENDAR, as_of=at(2025, 7, 11, 17)))
    assert rows["completion"].due == at(2025, 7, 11, 16, 30)  # a Friday closes at 16:30
    assert rows["completion"].status == "overdue"


def test_payment_is_due_30_calendar_days_after_the_billing_slip():
    rows = by_code(application_deadlines(events={"billing_issued": at(2025, 7, 1, 10)}, terms=ServiceTerms(3),
                                         calendar=CALENDAR, as_of=at(2025, 7, 31, 23, 59)))
    assert rows["payment"].due == at(2025, 8, 1, 0, 0) and rows["payment"].status == "open"
    assert rows["allocation"].status == "not_started"


def test_pickup_expires_after_30_days_unless_collected_or_cancelled():
    ready = {"ready": at(2025, 7, 1, 10)}
    assert pickup_expired(events=ready, calendar=CALENDAR, as_of=at(2025, 7, 31, 23, 59)) is None
    assert pickup_expired(events=ready, calendar=CALENDAR, as_of=at(2025, 8, 1, 0, 0)) == at(2025, 8, 1, 0, 0)
    collected = {**ready, "handover": at(2025, 7, 20, 9)}
    assert pickup_expired(events=collected, calendar=CALENDAR, as_of=at(2025, 9, 1)) is None
    cancelled = {**ready, "cancellation": at(2025, 8, 1, 1)}
    assert pickup_expired(events=cancelled, calendar=CALENDAR, as_of=at(2025, 9, 1)) is None


def test_step_taking_longer_than_its_norm_is_late_and_running_step_turns_overdue():
    steps = [StepNorm(3, "biometric", "Biometrik", 5), StepNorm(4, "interview", "Wawancara", 10)]
    start = at(2025, 7, 1, 9)
    events = {"biometric_start": start, "biometric_finish": start + timedelta(minutes=6),
              "interview_start": start + timedelta(minutes=7)}
    clocks = step_clocks(steps=steps, events=events, as_of=start + timedelta(minutes=17))
    assert [(c.step.code, c.status) for c in clocks] == [("biometric", "late"), ("interview", "open")]
    clocks = step_clocks(steps=steps, events=events, as_of=start + timedelta(minutes=18))
    assert clocks[1].status == "overdue" and clocks[1].took == timedelta(minutes=11)


def test_step_finished_exactly_on_its_norm_is_met():
    steps = [StepNorm(3, "biometric", "Biometrik", 5)]
    start = at(2025, 7, 1, 9)
    events = {"biometric_start": start, "biometric_finish": start + timedelta(minutes=5)}
    assert step_clocks(steps=steps, events=events, as_of=start + timedelta(hours=1))[0].status == "met"
