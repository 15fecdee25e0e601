"""The pure SLA rules: due times, warnings, breaches and pauses on working time."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.calendar.rules import WorkCalendar
from maklumat.complaints import rules
from maklumat.complaints.rules import Pause, SlaState

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
HOURS = {d: (time(8), time(16)) for d in range(5)}


# A calendar with one holiday (Wed 15 Jan 2025) and no package lookups: fast and predictable for hypothesis.
SIMPLE = WorkCalendar(hours=HOURS, holiday_source=lambda year: {date(2025, 1, 15): "Libur uji"})
REAL = WorkCalendar()  # civil-service hours, real Indonesian holidays and cuti bersama


def at(day, hour, minute=0, tz=WIB):
    return datetime(2025, 1, day, hour, minute, tzinfo=tz)


def test_due_inside_one_day_is_start_plus_norm():
    assert rules.step_due(SIMPLE, at(13, 9), timedelta(minutes=30)) == at(13, 9, 30)


def test_due_rolls_over_closing_time_to_the_next_working_day():
    assert rules.step_due(SIMPLE, at(13, 15, 45), timedelta(minutes=30)) == at(14, 8, 15)


def test_due_skips_a_holiday():
    assert rules.step_due(SIMPLE, at(14, 15, 30), timedelta(minutes=60)) == at(16, 8, 30)


def test_a_clock_started_at_night_starts_at_next_opening():
    assert rules.step_due(SIMPLE, at(13, 22), timedelta(minutes=10)) == at(14, 8, 10)


def test_due_on_the_real_calendar_skips_weekend_isra_mikraj_cuti_bersama_and_imlek():
    # Friday 24 Jan 2025 16:15 WIB; Mon 27 Isra Mikraj, Tue 28 cuti bersama Imlek, Wed 29 Imlek.
    assert rules.step_due(REAL, at(24, 16, 15), timedelta(minutes=60)) == at(30, 8, 15)


def test_a_closed_pause_moves_the_due_by_the_paused_working_time():
    pauses = [Pause(at(13, 9, 10), at(13, 9, 40))]
    assert rules.step_due(SIMPLE, at(13, 9), timedelta(minutes=30), pauses) == at(13, 10)


def test_a_pause_after_the_due_changes_nothing():
    pauses = [Pause(at(13, 11), at(13, 12))]
    assert rules.step_due(SIMPLE, at(13, 9), timedelta(minutes=30), pauses) == at(13, 9, 30)


def test_an_open_pause_before_the_due_leaves_no_due_time():
    assert rules.step_due(SIMPLE, at(13, 9), timedelta(minutes=30), [Pause(at(13, 9, 10))]) is None


def test_a_pause_over_a_night_only_counts_its_working_time():
    pauses = [Pause(at(13, 15, 50), at(14, 8, 20))]  # 10 min Monday + 20 min Tuesday paused
    assert rules.step_due(SIMPLE, at(13, 15, 30), timedelta(minutes=30), pauses) == at(14, 8, 30)


def test_overlapping_pauses_are_counted_once():
    pauses = [Pause(at(13, 9, 10), at(13, 9, 30)), Pause(at(13, 9, 20), at(13, 9, 40))]
    assert rules.step_due(SIMPLE, at(13, 9), timedelta(minutes=30), pauses) == at(13, 10)


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        Pause(at(13, 10), at(13, 9))


def test_naive_pause_is_refused():
    with pytest.raises(ValueError, match="aware"):
        Pause(datetime(2025, 1, 13, 9))


def test_step_states_through_the_life_of_a_step():
    start, norm = at(13, 9), timedelta(minutes=60)
    assert rules.step_state(SIMPLE, start=None, norm=norm, now=at(13, 9)) == SlaState.PENDING
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=at(13, 9, 44)) == SlaState.ON_TRACK
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=at(13, 9, 45)) == SlaState.WARNING
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=at(13, 10)) == SlaState.WARNING
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=at(13, 10, 1)) == SlaState.BREACHED
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=at(14, 9), completed_at=at(13, 10)) \
        == SlaState.ON_TIME
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=at(14, 9), completed_at=at(13, 10, 1)) \
        == SlaState.LATE
    assert rules.step_state(SIMPLE, start=None, norm=norm, now=at(13, 9), skipped=True) == SlaState.SKIPPED


def test_a_paused_step_is_paused_not_warned():
    state = rules.step_state(SIMPLE, start=at(13, 9), norm=timedelta(minutes=60), now=at(13, 12),
                             pauses=[Pause(at(13, 9, 30))])
    assert state == SlaState.PAUSED


def test_a_step_breached_before_its_pause_stays_breached():
    state = rules.step_state(SIMPLE, start=at(13, 9), norm=timedelta(minutes=30), now=at(13, 12),
                             pauses=[Pause(at(13, 10))])
    assert state == SlaState.BREACHED


def test_time_outside_office_hours_does_not_bring_a_breach():
    # Started Friday 15:30 with 60 minutes: at Saturday noon only 30 minutes have elapsed.
    assert rules.step_state(SIMPLE, start=at(17, 15, 30), norm=timedelta(minutes=60), now=at(18, 12)) \
        == SlaState.ON_TRACK


def test_warn_at_is_three_quarters_of_the_norm():
    assert rules.warn_at(SIMPLE, at(13, 9), timedelta(minutes=60)) == at(13, 9, 45)


def test_plan_chains_steps_each_from_the_previous_due():
    norms = [timedelta(minutes=m) for m in (2, 30, 60, 60, 60, 60)]
    assert rules.plan(REAL, at(24, 15, 45), norms) == [
        at(24, 15, 47), at(24, 16, 17), at(30, 8, 17), at(30, 9, 17), at(30, 10, 17), at(30, 11, 17)]


def test_plan_in_wita_uses_balikpapan_local_hours():
    wita = WorkCalendar(tz_name="Asia/Makassar")
    # Monday 3 Feb 2025 15:55 WITA: the office closes at 16:00 WITA (15:00 WIB).
    due = rules.plan(wita, datetime(2025, 2, 3, 15, 55, tzinfo=WITA), [timedelta(minutes=10)])[0]
    assert due == datetime(2025, 2, 4, 7, 35, tzinfo=WITA)
    assert due.utcoffset() == timedelta(hours=8)


def test_next_level_goes_up_the_office_hierarchy():
    assert [rules.next_level(r) for r in ("petugas_yankomas", "pengelola_medsos", "kasubsi", "kasi")] == [
        "kasubsi", "kasubsi", "kasi", "kepala_kantor"]


def test_on_time_rate_and_average():
    assert rules.on_time_rate([True, True, False, True]) == 75.0
    assert rules.on_time_rate([]) is None
    assert rules.average([timedelta(minutes=10), timedelta(minutes=20)]) == timedelta(minutes=15)
    assert rules.average([]) is None


# ----- properties -------------------------------------------------------------------------

moments = st.builds(
    lambda day, minute: datetime(2025, 1, 6, tzinfo=WIB) + timedelta(days=day, minutes=minute),
    st.integers(0, 20), st.integers(0, 24 * 60 - 1),
)
norms = st.integers(1, 600).map(lambda m: timedelta(minutes=m))


@st.composite
def closed_pauses(draw, start):
    result = []
    for _ in range(draw(st.integers(0, 3))):
        begin = start + timedelta(minutes=draw(st.integers(0, 5000)))
        result.append(Pause(begin, begin + timedelta(minutes=draw(st.integers(0, 3000)))))
    return result


@settings(max_examples=150, deadline=None)
@given(moments, norms)
def test_without_pauses_due_is_add_working_time(start, norm):
    assert rules.step_due(SIMPLE, start, norm) == SIMPLE.add_working_time(start, norm)


@settings(max_examples=150, deadline=None)
@given(st.data(), moments, norms)
def test_at_the_due_exactly_the_norm_of_unpaused_working_time_has_elapsed(data, start, norm):
    pauses = data.draw(closed_pauses(start))
    due = rules.step_due(SIMPLE, start, norm, pauses)
    assert rules.working_elapsed(SIMPLE, start, due, pauses) == norm
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=due, pauses=pauses) != SlaState.BREACHED


@settings(max_examples=150, deadline=None)
@given(st.data(), moments, norms)
def test_pauses_never_bring_the_due_forward(data, start, norm):
    pauses = data.draw(closed_pauses(start))
    assert rules.step_due(SIMPLE, start, norm, pauses) >= rules.step_due(SIMPLE, start, norm)


@settings(max_examples=100, deadline=None)
@given(moments, st.lists(norms, min_size=1, max_size=6))
def test_plan_never_goes_back_in_time(start, step_norms):
    due_times = rules.plan(SIMPLE, start, step_norms)
    assert due_times == sorted(due_times) and due_times[0] > start


@settings(max_examples=100, deadline=None)
@given(moments, norms, st.integers(1, 600))
def test_a_minute_of_working_time_after_the_due_is_a_breach(start, norm, extra):
    due = rules.step_due(SIMPLE, start, norm)
    later = SIMPLE.add_working_time(due, timedelta(minutes=extra))
    assert rules.step_state(SIMPLE, start=start, norm=norm, now=later) == SlaState.BREACHED



year_2025 = st.builds(
    lambda day, minute: datetime(2025, 1, 1, tzinfo=WIB) + timedelta(days=day, minutes=minute),
    st.integers(0, 364), st.integers(0, 24 * 60 - 1),
)


@settings(max_examples=200, deadline=None)
@given(year_2025, norms)
def test_on_the_real_2025_calendar_a_due_time_always_falls_inside_office_hours(start, norm):
    due = rules.step_due(REAL, start, norm)
    hours = REAL.hours_on(due.date())
    assert hours is not None, f"{due} is not a working day ({REAL.why_closed(due.date())})"
    assert hours[0] < due.timetz().replace(tzinfo=None) <= hours[1]
