"""The promises, measured (pure): each clock at its boundaries, counting, percentiles, ranks, targets."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maklumat.applications.deadlines import ServiceTerms
from maklumat.calendar.rules import WorkCalendar
from maklumat.performance import rules

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")
# Wednesday 14 May 2025 is a holiday in this calendar (fixed here so the test does not depend on the
# holidays package's data).
HOLIDAY = date(2025, 5, 14)
CALENDAR = WorkCalendar(holiday_source=lambda year: {HOLIDAY: "Libur uji"} if year == 2025 else {})
WIT_CALENDAR = WorkCalendar(tz_name="Asia/Jayapura", holiday_source=lambda year: {})
TWO_HOURS = timedelta(hours=2)
NORMAL, ACCELERATED, NO_TERM = ServiceTerms(3), ServiceTerms(0), ServiceTerms(None)


def at(*parts, tz=WIB):
    return datetime(*parts, tzinfo=tz)


def clock(code, events, *, as_of, terms=NORMAL, calendar=CALENDAR, wait=TWO_HOURS):
    found = {c.code: c for c in rules.application_clocks(events=events, terms=terms, calendar=calendar,
                                                          as_of=as_of, wait_limit=wait)}
    return found.get(code)


# ----- allocation: 2 working days after payment ------------------------------------------------------

def test_allocation_at_the_last_instant_of_the_2nd_working_day_is_met():
    # Paid Friday 9 May: Monday 12 is day 1, Tuesday 13 day 2; due at 24:00 Tuesday.
    events = {"payment": at(2025, 5, 9, 10), "allocation": at(2025, 5, 13, 23, 59, 59)}
    row = clock("allocation", events, as_of=at(2025, 6, 1))
    assert (row.status, row.due) == ("met", at(2025, 5, 14))


def test_allocation_exactly_on_the_due_moment_is_late():
    events = {"payment": at(2025, 5, 9, 10), "allocation": at(2025, 5, 14, 0, 0)}
    assert clock("allocation", events, as_of=at(2025, 6, 1)).status == "late"


def test_saturday_payment_counts_monday_as_day_one():
    events = {"payment": at(2025, 5, 3, 9), "allocation": at(2025, 5, 6, 16)}  # Sat → Mon 5, Tue 6
    row = clock("allocation", events, as_of=at(2025, 6, 1))
    assert (row.status, row.due) == ("met", at(2025, 5, 7))


def test_saturday_payment_allocated_on_wednesday_is_late():
    events = {"payment": at(2025, 5, 3, 9), "allocation": at(2025, 5, 7, 8)}
    assert clock("allocation", events, as_of=at(2025, 6, 1)).status == "late"


def test_holiday_payment_counts_the_next_working_day_as_day_one():
    # Paid on the Wednesday holiday: Thursday 15 is day 1, Friday 16 day 2.
    row = clock("allocation", {"payment": at(2025, 5, 14, 11)}, as_of=at(2025, 5, 16, 12))
    assert (row.status, row.due) == ("open", at(2025, 5, 17))


def test_a_holiday_inside_the_clock_is_skipped():
    # Paid Tuesday 13: Wednesday is the holiday, Thursday 15 is day 1, Friday 16 day 2.
    row = clock("allocation", {"payment": at(2025, 5, 13, 11)}, as_of=at(2025, 5, 13, 12))
    assert row.due == at(2025, 5, 17)


def test_allocation_not_done_is_open_until_the_due_moment_and_overdue_from_it():
    events = {"payment": at(2025, 5, 9, 10)}
    assert clock("allocation", events, as_of=at(2025, 5, 13, 23, 59, 59)).status == "open"
    assert clock("allocation", events, as_of=at(2025, 5, 14)).status == "overdue"


def test_an_allocation_after_as_of_has_not_happened_yet():
    events = {"payment": at(2025, 5, 9, 10), "allocation": at(2025, 5, 12, 9)}
    row = clock("allocation", events, as_of=at(2025, 5, 12, 8))
    assert (row.status, row.kept) == ("open", None)


def test_no_payment_as_of_the_moment_means_no_allocation_clock():
    assert clock("allocation", {"payment": at(2025, 5, 9, 10)}, as_of=at(2025, 5, 9, 9)) is None


# ----- payment, completion, pickup -------------------------------------------------------------------

def test_payment_on_the_30th_day_is_met_and_on_the_31st_late():
    billing = at(2025, 5, 1, 10)
    assert clock("payment", {"billing_issued": billing, "payment": at(2025, 5, 31, 23, 59)},
                 as_of=at(2025, 7, 1)).status == "met"
    assert clock("payment", {"billing_issued": billing, "payment": at(2025, 6, 1, 0, 0)},
                 as_of=at(2025, 7, 1)).status == "late"


def test_unpaid_billing_is_open_then_overdue_after_30_days():
    events = {"billing_issued": at(2025, 5, 1, 10)}
    assert clock("payment", events, as_of=at(2025, 5, 31, 12)).status == "open"
    assert clock("payment", events, as_of=at(2025, 6, 1, 0, 0)).status == "overdue"


def test_completion_is_due_after_the_service_working_days():
    # Paid Friday 9 May; 3 working days: Mon 12, Tue 13, (Wed 14 holiday), Thu 15.
    events = {"payment": at(2025, 5, 9, 10), "ready": at(2025, 5, 15, 15)}
    row = clock("completion", events, as_of=at(2025, 6, 1))
    assert (row.status, row.due) == ("met", at(2025, 5, 16))


def test_accelerated_completion_is_due_at_closing_the_same_working_day():
    paid = at(2025, 5, 12, 9)
    row = clock("completion", {"payment": paid, "ready": at(2025, 5, 12, 14)}, terms=ACCELERATED, as_of=at(2025, 6, 1))
    assert row.status == "met"
    assert row.due.date() == date(2025, 5, 12)
    late = clock("completion", {"payment": paid, "ready": at(2025, 5, 13, 9)}, terms=ACCELERATED, as_of=at(2025, 6, 1))
    assert late.status == "late"


def test_a_service_without_a_term_has_no_completion_clock():
    assert clock("completion", {"payment": at(2025, 5, 12, 9)}, terms=NO_TERM, as_of=at(2025, 6, 1)) is None


def test_pickup_within_30_days_of_ready_is_met_and_overdue_after():
    events = {"ready": at(2025, 5, 15, 15)}
    assert clock("pickup", {**events, "handover": at(2025, 6, 14, 10)}, as_of=at(2025, 7, 1)).status == "met"
    assert clock("pickup", events, as_of=at(2025, 6, 14, 23)).status == "open"
    assert clock("pickup", events, as_of=at(2025, 6, 15, 0)).status == "overdue"


# ----- biometric wait --------------------------------------------------------------------------------

def test_biometric_served_exactly_two_hours_after_the_ticket_is_met():
    ticket = at(2025, 5, 12, 8)
    assert clock("biometric_wait", {"biometric_ticket": ticket, "biometric_start": ticket + TWO_HOURS},
                 as_of=at(2025, 5, 12, 12)).status == "met"


def test_biometric_served_one_second_after_two_hours_is_late():
    ticket = at(2025, 5, 12, 8)
    assert clock("biometric_wait", {"biometric_ticket": ticket,
                                    "biometric_start": ticket + TWO_HOURS + timedelta(seconds=1)},
                 as_of=at(2025, 5, 12, 12)).status == "late"


def test_biometric_wait_is_open_at_exactly_two_hours_and_overdue_after():
    ticket = at(2025, 5, 12, 8)
    assert clock("biometric_wait", {"biometric_ticket": ticket}, as_of=ticket + TWO_HOURS).status == "open"
    assert clock("biometric_wait", {"biometric_ticket": ticket},
                 as_of=ticket + TWO_HOURS + timedelta(seconds=1)).status == "overdue"


def test_an_office_without_a_wait_promise_has_no_biometric_clock():
    assert clock("biometric_wait", {"biometric_ticket": at(2025, 5, 12, 8)}, as_of=at(2025, 5, 12, 12),
                 wait=None) is None


# ----- periods: the office's local date --------------------------------------------------------------

def test_a_wit_ticket_after_local_midnight_belongs_to_the_next_local_day():
    ticket = datetime(2025, 3, 31, 15, 30, tzinfo=ZoneInfo("UTC"))  # 1 April 00:30 WIT
    assert rules.in_period(ticket, WIT_CALENDAR, date(2025, 4, 1), date(2025, 4, 30))
    assert not rules.in_period(ticket, WIT_CALENDAR, date(2025, 3, 1), date(2025, 3, 31))


def test_a_wita_payment_at_half_past_midnight_is_that_local_date():
    wita = WorkCalendar(tz_name="Asia/Makassar", holiday_source=lambda year: {})
    payment = datetime(2025, 4, 30, 16, 30, tzinfo=ZoneInfo("UTC"))  # 1 May 00:30 WITA
    assert rules.local_date(payment, wita) == date(2025, 5, 1)


# ----- counting --------------------------------------------------------------------------------------

def test_counts_and_on_time_rate_leave_open_clocks_out_of_the_rate():
    base = at(2025, 5, 12)
    statuses = ("met", "met", "late", "open", "overdue")
    clocks = [rules.Clock("allocation", base, base, None, status) for status in statuses]
    row = rules.count_clocks(clocks)["allocation"]
    assert (row.total, row.met, row.late, row.open, row.overdue, row.on_time_rate) == (5, 2, 1, 1, 1, 0.5)


def test_on_time_rate_is_null_with_only_open_clocks():
    base = at(2025, 5, 12)
    row = rules.count_clocks([rules.Clock("pickup", base, base, None, "open")])["pickup"]
    assert (row.total, row.on_time_rate) == (1, None)


def test_every_promise_is_counted_even_without_clocks():
    assert list(rules.count_clocks([])) == ["payment", "allocation", "completion", "pickup", "biometric_wait"]


MOMENTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(WIB))
EVENT_NAMES = st.sampled_from(["billing_issued", "payment", "allocation", "ready", "handover", "biometric_ticket",
                               "biometric_start"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(EVENT_NAMES, MOMENTS), max_size=5), MOMENTS, st.sampled_from([NORMAL, ACCELERATED,
                                                                                               NO_TERM]))
def test_totals_add_up_and_rates_stay_between_0_and_1(applications, as_of, terms):
    calendar = WorkCalendar(holiday_source=lambda year: {})
    clocks = [c for events in applications
              for c in rules.application_clocks(events=events, terms=terms, calendar=calendar, as_of=as_of,
                                                wait_limit=TWO_HOURS)]
    for row in rules.count_clocks(clocks).values():
        assert row.total == row.met + row.late + row.open + row.overdue
        assert row.on_time_rate is None or 0 <= row.on_time_rate <= 1
    assert all(c.started <= as_of for c in clocks)


# ----- steps, ranks, targets -------------------------------------------------------------------------

def test_percentile_is_nearest_rank_and_median_averages_the_middle_pair():
    values = [float(v) for v in range(1, 11)]
    assert rules.percentile(values, 90) == 9.0
    assert rules.percentile([5.0], 90) == 5.0
    assert rules.median(values) == 5.5
    assert rules.percentile([], 90) is None


def test_step_within_norm_includes_exactly_the_norm():
    step = rules.StepCount("biometric", 5, [4.0, 5.0, 5.5, 12.0])
    assert (step.measured, step.within_norm, step.median_minutes, step.p90_minutes) == (4, 2, 5.3, 12.0)


def test_step_finished_after_as_of_or_before_its_start_is_not_measured():
    start = at(2025, 5, 12, 9)
    events = {"biometric_start": start, "biometric_finish": start + timedelta(minutes=6)}
    assert rules.step_duration(events, "biometric", start + timedelta(minutes=5)) is None
    assert rules.step_duration(events, "biometric", start + timedelta(hours=1)) == timedelta(minutes=6)
    assert rules.step_duration({"biometric_start": start, "biometric_finish": start - timedelta(minutes=1)},
                               "biometric", start + timedelta(hours=1)) is None


def test_ranks_share_a_place_on_equal_rates_and_leave_no_rate_unranked():
    assert rules.ranks({"a": 0.9, "b": 0.95, "c": 0.9, "d": None, "e": 0.5}) == {
        "b": 1, "a": 2, "c": 2, "e": 4, "d": None}


def test_target_pro_rata_by_working_days_and_whole_year_is_the_target():
    assert rules.prorated_target(27_053, 240, 240) == 27_053
    assert rules.prorated_target(27_053, 20, 240) == 2254  # 2254.4 → 2254
    assert rules.achievement_percent(2300, 2254) == 102.04
    assert rules.achievement_percent(5, 0) is None
