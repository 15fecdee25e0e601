"""'N working days after X' counts from the local date of X; a non-working day is never day 1 itself.

Exact dates from the real Indonesian calendar of the ``holidays`` package (2025 and 2026).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.calendar.rules import Opening, WorkCalendar

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
blitar = WorkCalendar(tz_name="Asia/Jakarta")
balikpapan = WorkCalendar(tz_name="Asia/Makassar")
jayapura = WorkCalendar(tz_name="Asia/Jayapura")


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def midnight_after(day: date, tz=WIB) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def test_payment_on_saturday_makes_monday_day_1_and_wednesday_late():
    # Given a payment on Saturday 17 May 2025 at 10:00 WIB
    paid = wib(2025, 5, 17, 10, 0)
    # When we ask for the 1st and 2nd working day after it and the allocation deadline
    # Then Monday 19 May is day 1, Tuesday 20 May day 2, and the deadline is Tuesday 24:00
    assert blitar.nth_working_day_after(paid.date(), 1) == date(2025, 5, 19)
    assert blitar.nth_working_day_after(paid.date(), 2) == date(2025, 5, 20)
    deadline = blitar.end_of_nth_working_day(paid, 2)
    assert deadline == wib(2025, 5, 21, 0, 0)
    assert wib(2025, 5, 20, 23, 59) < deadline  # Tuesday evening is in time
    assert wib(2025, 5, 21, 8, 0) >= deadline  # Wednesday morning is late


def test_payment_on_sunday_or_friday_gets_the_same_deadline_as_saturday():
    saturday = blitar.end_of_nth_working_day(wib(2025, 5, 17, 10, 0), 2)
    assert blitar.end_of_nth_working_day(wib(2025, 5, 18, 9, 0), 2) == saturday
    assert blitar.end_of_nth_working_day(wib(2025, 5, 16, 15, 0), 2) == saturday


def test_payment_on_a_national_holiday_counts_from_the_next_working_day():
    # Monday 12 May 2025 is Waisak (public), Tuesday 13 May its cuti bersama.
    assert blitar.holiday_name(date(2025, 5, 12)) == "Hari Raya Waisak"
    assert blitar.end_of_nth_working_day(wib(2025, 5, 12, 9, 0), 1) == midnight_after(date(2025, 5, 14))
    assert blitar.end_of_nth_working_day(wib(2025, 5, 12, 9, 0), 2) == midnight_after(date(2025, 5, 15))


def test_payment_on_cuti_bersama_counts_from_the_next_working_day():
    # Monday 18 August 2025 is cuti bersama for Independence Day (government category only).
    assert blitar.holiday_name(date(2025, 8, 18)) == "Cuti Bersama Hari Kemerdekaan Republik Indonesia"
    assert blitar.nth_working_day_after(date(2025, 8, 18), 1) == date(2025, 8, 19)
    assert blitar.end_of_nth_working_day(wib(2025, 8, 18, 11, 0), 2) == midnight_after(date(2025, 8, 20))


def test_idul_fitri_2026_holidays_and_cuti_bersama_push_the_deadline():
    # Idul Fitri 2026: cuti bersama Fri 20 Mar, Idul Fitri Sat 21–Sun 22 Mar, cuti bersama Mon 23–Tue 24 Mar.
    # Paid on Thursday 19 March 2026 (Nyepi, a holiday) or on Idul Fitri itself: Wed 25 is day 1, Thu 26 day 2.
    for paid in (wib(2026, 3, 19, 10, 0), wib(2026, 3, 21, 10, 0), wib(2026, 3, 24, 10, 0)):
        assert blitar.nth_working_day_after(paid.date(), 1) == date(2026, 3, 25)
        assert blitar.end_of_nth_working_day(paid, 2) == midnight_after(date(2026, 3, 26))


def test_christmas_2026_cuti_bersama_and_weekend_push_the_deadline():
    # Thu 24 Dec 2026 cuti bersama, Fri 25 Christmas, then the weekend: Mon 28 is day 1, Tue 29 day 2.
    assert blitar.end_of_nth_working_day(wib(2026, 12, 23, 15, 0), 1) == midnight_after(date(2026, 12, 28))
    assert blitar.end_of_nth_working_day(wib(2026, 12, 24, 10, 0), 2) == midnight_after(date(2026, 12, 29))


def test_the_day_of_an_event_on_a_working_day_is_not_counted_either():
    # Paid Tuesday 20 May 2025: Wednesday is day 1, Thursday day 2.
    assert blitar.end_of_nth_working_day(wib(2025, 5, 20, 8, 0), 2) == midnight_after(date(2025, 5, 22))


def test_an_extra_saturday_opening_is_not_counted_when_the_event_happens_on_it():
    # The office opens on Saturday 17 May 2025 and takes the payment then: Monday is still day 1.
    cal = WorkCalendar(openings={date(2025, 5, 17): Opening(time(8), time(12), "Layanan Sabtu")})
    assert cal.nth_working_day_after(date(2025, 5, 17), 1) == date(2025, 5, 19)
    # Paid on Friday, the Saturday opening is day 1 and Monday day 2.
    assert cal.nth_working_day_after(date(2025, 5, 16), 2) == date(2025, 5, 19)


@pytest.mark.parametrize("calendar, tz", [(balikpapan, WITA), (jayapura, WIT)])
def test_the_date_is_the_offices_local_date(calendar, tz):
    # 00:30 local on Saturday 17 May 2025 is still Friday in UTC: a Saturday payment for the office.
    paid_utc = datetime(2025, 5, 17, 0, 30, tzinfo=tz).astimezone(UTC)
    assert paid_utc.date() == date(2025, 5, 16)
    assert calendar.end_of_nth_working_day(paid_utc, 2) == midnight_after(date(2025, 5, 20), tz)
    # 23:30 local on Friday is a Friday payment: the same deadline.
    assert calendar.end_of_nth_working_day(datetime(2025, 5, 16, 23, 30, tzinfo=tz), 2) == midnight_after(
        date(2025, 5, 20), tz)


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 20), timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(moment=moments, n=st.integers(min_value=1, max_value=5),
       calendar=st.sampled_from([blitar, balikpapan, jayapura]))
def test_deadline_ends_the_nth_working_day_strictly_after_the_local_date(moment, n, calendar):
    local_day = calendar.local(moment).date()
    deadline = calendar.end_of_nth_working_day(moment, n)
    last_day = (deadline - timedelta(days=1)).date()
    # The deadline is local midnight ending a working day ...
    assert deadline.timetz().replace(tzinfo=None) == time(0) and deadline.tzinfo == calendar.tz
    assert calendar.is_working_day(last_day)
    # ... and exactly n working days lie after the event's local date up to and including it.
    assert calendar.working_days_between(local_day, last_day) == n
    # A non-working event date gets no extra day: its deadline is that of the last day before it.
    if not calendar.is_working_day(local_day):
        previous = local_day - timedelta(days=1)
        assert calendar.nth_working_day_after(previous, n) == last_day
