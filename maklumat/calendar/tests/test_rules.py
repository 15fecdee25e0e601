"""The working-day calendar, against the real 2025 Indonesian calendar and properties."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.calendar.rules import CalendarError, Opening, WorkCalendar, indonesian_holidays

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
UTC = ZoneInfo("UTC")

blitar = WorkCalendar(tz_name="Asia/Jakarta")
balikpapan = WorkCalendar(tz_name="Asia/Makassar")


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


# ----- which days are working days ---------------------------------------------------------


def test_idul_fitri_2025_holidays_and_cuti_bersama_are_not_working_days():
    # Given the 2025 Idul Fitri period: Nyepi 28–29 Mar, Idul Fitri 31 Mar–1 Apr,
    # cuti bersama 2, 3, 4 and 7 April.
    closed = [date(2025, 3, 28), date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 2),
              date(2025, 4, 3), date(2025, 4, 4), date(2025, 4, 7)]
    # Then none of them is a working day, and the days around them are.
    assert [d for d in closed if blitar.is_working_day(d)] == []
    assert blitar.is_working_day(date(2025, 3, 27))
    assert blitar.is_working_day(date(2025, 4, 8))


def test_cuti_bersama_alone_closes_the_office():
    # 2 April 2025 is cuti bersama only (government category), not a public holiday.
    assert date(2025, 4, 2) in indonesian_holidays(2025)
    assert blitar.why_closed(date(2025, 4, 2)) is not None


def test_weekend_is_closed_with_the_day_name_as_reason():
    assert blitar.why_closed(date(2025, 3, 22)) == "Sabtu"
    assert blitar.why_closed(date(2025, 3, 23)) == "Minggu"


def test_office_closure_closes_a_working_day():
    cal = WorkCalendar(closures={date(2025, 5, 2): "Renovasi ruang layanan"})
    assert not cal.is_working_day(date(2025, 5, 2))
    assert cal.why_closed(date(2025, 5, 2)) == "Renovasi ruang layanan"


def test_extra_opening_reopens_a_saturday_with_its_own_hours():
    cal = WorkCalendar(openings={date(2025, 5, 3): Opening(time(8), time(12), "Layanan Sabtu")})
    assert cal.is_working_day(date(2025, 5, 3))
    assert cal.hours_on(date(2025, 5, 3)) == (time(8), time(12))


def test_closure_wins_over_an_extra_opening_of_the_same_date():
    cal = WorkCalendar(
        closures={date(2025, 5, 3): "Listrik padam"},
        openings={date(2025, 5, 3): Opening(time(8), time(12))},
    )
    assert not cal.is_working_day(date(2025, 5, 3))


def test_bad_hours_are_refused():
    with pytest.raises(CalendarError, match="Senin"):
        WorkCalendar(hours={0: (time(16), time(8))})


# ----- counting working days ----------------------------------------------------------------


def test_second_working_day_after_a_friday_is_tuesday():
    assert blitar.nth_working_day_after(date(2025, 5, 16), 2) == date(2025, 5, 20)


def test_vesak_and_its_cuti_bersama_push_the_count():
    # Friday 9 May 2025; Monday 12 May is Waisak, Tuesday 13 May its cuti bersama.
    assert blitar.nth_working_day_after(date(2025, 5, 9), 2) == date(2025, 5, 15)


def test_working_days_skip_idul_fitri():
    # Paid on Thursday 27 March 2025: the next working days are 8 and 9 April.
    assert blitar.nth_working_day_after(date(2025, 3, 27), 1) == date(2025, 4, 8)
    assert blitar.nth_working_day_after(date(2025, 3, 27), 2) == date(2025, 4, 9)


def test_nth_zero_is_the_day_itself_or_the_next_working_day():
    assert blitar.nth_working_day_after(date(2025, 4, 8), 0) == date(2025, 4, 8)
    assert blitar.nth_working_day_after(date(2025, 4, 5), 0) == date(2025, 4, 8)


def test_end_of_nth_working_day_is_local_midnight():
    deadline = blitar.end_of_nth_working_day(wib(2025, 3, 27, 15, 0), 2)
    assert deadline == wib(2025, 4, 10, 0, 0)


def test_end_of_nth_working_day_uses_the_local_date_of_a_utc_moment():
    # 20:00 UTC on 27 March is 03:00 WIB on 28 March (Nyepi joint holiday).
    moment = datetime(2025, 3, 27, 20, 0, tzinfo=UTC)
    assert blitar.end_of_nth_working_day(moment, 1) == wib(2025, 4, 9, 0, 0)


def test_working_days_between_counts_after_start_up_to_end():
    assert blitar.working_days_between(date(2025, 3, 27), date(2025, 4, 9)) == 2
    assert blitar.working_days_between(date(2025, 4, 9), date(2025, 3, 27)) == 0


# ----- working time -------------------------------------------------------------------------


def test_working_time_within_one_day():
    assert blitar.working_time_between(wib(2025, 5, 8, 9, 0), wib(2025, 5, 8, 11, 30)) == timedelta(
        hours=2, minutes=30
    )


def test_working_time_over_a_weekend_counts_only_office_hours():
    # Friday 15:00 → Monday 09:00: 1 h 30 m on Friday (closes 16:30) + 1 h 30 m on Monday.
    assert blitar.working_time_between(wib(2025, 5, 16, 15, 0), wib(2025, 5, 19, 9, 0)) == timedelta(
        hours=3
    )


def test_working_time_is_zero_when_end_is_before_start():
    assert blitar.working_time_between(wib(2025, 5, 9, 15), wib(2025, 5, 9, 14)) == timedelta(0)


def test_add_working_time_skips_the_idul_fitri_break():
    # A one-hour step started at 15:30 on Thursday 27 March 2025: 30 minutes left that
    # day, the rest on Tuesday 8 April after opening at 07:30.
    assert blitar.add_working_time(wib(2025, 3, 27, 15, 30), timedelta(hours=1)) == wib(2025, 4, 8, 8, 0)


def test_add_working_time_started_before_opening_starts_at_opening():
    assert blitar.add_working_time(wib(2025, 5, 8, 6, 0), timedelta(minutes=30)) == wib(2025, 5, 8, 8, 0)


def test_add_working_time_ending_at_closing_time_ends_then():
    assert blitar.add_working_time(wib(2025, 5, 8, 15, 0), timedelta(hours=1)) == wib(2025, 5, 8, 16, 0)


def test_negative_duration_is_refused():
    with pytest.raises(CalendarError):
        blitar.add_working_time(wib(2025, 5, 8, 9), timedelta(minutes=-1))


def test_office_in_wita_counts_in_its_own_local_time():
    # Both open at 07:30 local; WITA is an hour ahead of WIB. Same instant, different answers.
    instant = datetime(2025, 5, 8, 0, 15, tzinfo=UTC)  # 07:15 WIB, 08:15 WITA
    assert not blitar.is_open_at(instant)
    assert balikpapan.is_open_at(instant)
    # 15 minutes of a Balikpapan clock started at that instant end at 08:30 WITA.
    assert balikpapan.add_working_time(instant, timedelta(minutes=15)) == datetime(
        2025, 5, 8, 8, 30, tzinfo=WITA
    )


def test_wita_office_end_of_day_is_wita_midnight():
    # 16:30 UTC on Friday 16 May is 00:30 WITA on Saturday 17 May (still Friday in UTC):
    # the first working day after Saturday is Monday 19 May, which ends at 24:00 WITA.
    moment = datetime(2025, 5, 16, 16, 30, tzinfo=UTC)
    assert balikpapan.end_of_nth_working_day(moment, 1) == datetime(2025, 5, 20, 0, 0, tzinfo=WITA)


def test_naive_moment_is_read_as_office_local_time():
    assert balikpapan.local(datetime(2025, 5, 8, 9, 0)) == datetime(2025, 5, 8, 9, 0, tzinfo=WITA)


def test_a_calendar_that_never_opens_says_so():
    with pytest.raises(CalendarError, match="no working day"):
        WorkCalendar(hours={}).nth_working_day_after(date(2025, 1, 1), 1)


# ----- properties ----------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda d: d.replace(tzinfo=WIB)
)
durations = st.integers(min_value=0, max_value=60 * 60 * 24 * 5).map(lambda s: timedelta(seconds=s))


@settings(max_examples=300, deadline=None)
@given(start=moments, duration=durations)
def test_adding_working_time_then_measuring_it_gives_it_back(start, duration):
    end = blitar.add_working_time(start, duration)
    assert end >= start
    assert blitar.working_time_between(start, end) == duration


@settings(max_examples=300, deadline=None)
@given(a=moments, b=moments, c=moments)
def test_working_time_is_additive(a, b, c):
    a, b, c = sorted([a, b, c])
    assert blitar.working_time_between(a, c) == blitar.working_time_between(
        a, b
    ) + blitar.working_time_between(b, c)


@settings(max_examples=300, deadline=None)
@given(start=moments, n=st.integers(min_value=1, max_value=30))
def test_nth_working_day_is_a_working_day_with_n_working_days_up_to_it(start, n):
    day = blitar.nth_working_day_after(start.date(), n)
    assert blitar.is_working_day(day)
    assert blitar.working_days_between(start.date(), day) == n


def test_every_day_of_2025_is_classified_consistently():
    # Exhaustive over a year: a day is working exactly when it is a weekday that is neither
    # a public holiday nor cuti bersama.
    book = indonesian_holidays(2025)
    day = date(2025, 1, 1)
    working = 0
    while day.year == 2025:
        expected = day.weekday() < 5 and day not in book
        assert blitar.is_working_day(day) == expected, day
        working += expected
        day += timedelta(days=1)
    assert working == 261 - sum(1 for d in book if d.weekday() < 5)


days_2024_2027 = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def calendars(draw):
    """Calendars with any weekly hours, closures and re-openings, even on holidays and weekends."""
    weekdays = draw(st.sets(st.integers(min_value=0, max_value=6)))
    closures = draw(st.dictionaries(days_2024_2027, st.just("Tutup"), max_size=8))
    opened = draw(st.sets(days_2024_2027, max_size=8))
    return WorkCalendar(
        hours={weekday: (time(8), time(16)) for weekday in weekdays},
        closures=closures,
        openings={day: Opening(opens=time(9), closes=time(12)) for day in opened},
    )


@settings(max_examples=300, deadline=None)
@given(calendar=calendars(), a=days_2024_2027, b=days_2024_2027)
def test_working_days_between_counts_exactly_the_working_days_after_start(calendar, a, b):
    # Given any calendar and any two dates, when the working days between them are counted by
    # weeks and exceptions, then the count equals the day-by-day count.
    expected = sum(1 for _ in calendar.working_days(a + timedelta(days=1), b)) if b > a else 0
    assert calendar.working_days_between(a, b) == expected
