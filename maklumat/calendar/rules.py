"""Working days and working time of one office, in its own time zone (pure, no ORM).

A *working day* is a date that is not a Saturday or Sunday, not a national holiday
(``holidays`` category ``public``), not *cuti bersama* (category ``government``) and not
one of the office's closures, unless the office re-opened it (an *extra opening*, e.g. a
Saturday service day). *Working time* is the part of working days inside office hours.

Every function takes aware datetimes (naive ones are read as the office's local time) and
returns aware datetimes in the office's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# Civil-service hours (Mon–Thu 07:30–16:00, Fri 07:30–16:30) used when an office sets none.
DEFAULT_HOURS: Mapping[int, tuple[time, time]] = {
    0: (time(7, 30), time(16, 0)),
    1: (time(7, 30), time(16, 0)),
    2: (time(7, 30), time(16, 0)),
    3: (time(7, 30), time(16, 0)),
    4: (time(7, 30), time(16, 30)),
}

# How far the walking functions look ahead before concluding a calendar has no working day.
_MAX_SEARCH_DAYS = 3660


class CalendarError(ValueError):
    """A calendar question that has no answer (e.g. no working day within ten years)."""


@lru_cache(maxsize=64)
def indonesian_holidays(year: int) -> Mapping[date, str]:
    """National holidays and *cuti bersama* of one year, with their Indonesian names."""
    public = holidays.country_holidays("ID", years=year, categories=("public",), language="id")
    joint = holidays.country_holidays("ID", years=year, categories=("government",), language="id")
    merged = {day: name for day, name in public.items()}
    for day, name in joint.items():
        merged[day] = f"{merged[day]}; {name}" if day in merged else name
    return merged


def _default_holiday_source(year: int) -> Mapping[date, str]:
    return indonesian_holidays(year)


@dataclass(frozen=True)
class Opening:
    """A date the office opens although it normally would not, with its hours."""

    opens: time
    closes: time
    reason: str = ""


@dataclass(frozen=True)
class WorkCalendar:
    """The working calendar of one office.

    ``hours`` maps a weekday (Monday = 0) to opening and closing time; a weekday missing
    from it is closed. ``closures`` maps closed dates to a reason; ``openings`` maps
    re-opened dates to their hours. ``holiday_source(year)`` returns that year's holidays
    (the ``holidays`` package by default; tests may pass their own).
    """

    tz_name: str = "Asia/Jakarta"
    hours: Mapping[int, tuple[time, time]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    closures: Mapping[date, str] = field(default_factory=dict)
    openings: Mapping[date, Opening] = field(default_factory=dict)
    holiday_source: Callable[[int], Mapping[date, str]] = _default_holiday_source

    def __post_init__(self) -> None:
        for weekday, (opens, closes) in self.hours.items():
            if not 0 <= weekday <= 6:
                raise CalendarError(f"weekday {weekday} is not 0 (Monday) to 6 (Sunday)")
            if opens >= closes:
                raise CalendarError(f"{WEEKDAY_NAMES[weekday]}: opens {opens} is not before closes {closes}")
        for day, opening in self.openings.items():
            if opening.opens >= opening.closes:
                raise CalendarError(f"{day}: opens {opening.opens} is not before closes {opening.closes}")
        # A per-instance memo of day → hours; frozen dataclass, so set through object.__setattr__.
        object.__setattr__(self, "_day_cache", {})

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    # ----- dates ---------------------------------------------------------------------------

    def holiday_name(self, day: date) -> str | None:
        """The national holiday or cuti bersama on ``day``, if any."""
        return self.holiday_source(day.year).get(day)

    def why_closed(self, day: date) -> str | None:
        """Why ``day`` is not a working day (``None`` when it is one)."""
        if day in self.closures:
            return self.closures[day] or "Kantor tutup"
        if day in self.openings:
            return None
        holiday = self.holiday_name(day)
        if holiday:
            return holiday
        if day.weekday() not in self.hours:
            return WEEKDAY_NAMES[day.weekday()]
        return None

    def hours_on(self, day: date) -> tuple[time, time] | None:
        """Opening and closing time on ``day``, or ``None`` if it is not a working day."""
        cache: dict[date, tuple[time, time] | None] = self._day_cache  # type: ignore[attr-defined]
        try:
            return cache[day]
        except KeyError:
            pass
        if self.why_closed(day) is not None:
            result = None
        elif day in self.openings:
            result = (self.openings[day].opens, self.openings[day].closes)
        else:
            result = self.hours[day.weekday()]
        cache[day] = result
        return result

    def is_working_day(self, day: date) -> bool:
        return self.hours_on(day) is not None

    def working_days(self, start: date, end: date) -> Iterator[date]:
        """Working days from ``start`` to ``end`` inclusive."""
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (``n`` ≥ 1); ``n`` = 0 gives
        ``day`` itself if it is a working day, else the next working day.

        ``day`` itself is never counted, working day or not: after a Friday, a Saturday or a
        Sunday alike, the following Monday is the 1st working day (docs/decisions.md)."""
        if n < 0:
            raise CalendarError(f"n must not be negative, got {n}")
        if n == 0:
            return self._next_working_day(day, include=True)
        current = day
        for _ in range(n):
            current = self._next_working_day(current, include=False)
        return current

    def _next_working_day(self, day: date, *, include: bool) -> date:
        current = day if include else day + timedelta(days=1)
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_working_day(current):
                return current
            current += timedelta(days=1)
        raise CalendarError(f"no working day within {_MAX_SEARCH_DAYS} days after {day}")

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end``."""
        if end <= start:
            return 0
        first = start + timedelta(days=1)
        # Days follow the weekly hours except on the exception dates (closures, openings, holidays):
        # count the regular weekdays by whole weeks, then correct for each exception in the range,
        # so a span of years costs its exceptions, not its days.
        count = self._regular_days(first, end)
        exceptions = {day for day in self.closures if first <= day <= end}
        exceptions.update(day for day in self.openings if first <= day <= end)
        for year in range(first.year, end.year + 1):
            exceptions.update(day for day in self.holiday_source(year) if first <= day <= end)
        for day in exceptions:
            count += self.is_working_day(day) - (day.weekday() in self.hours)
        return count

    def _regular_days(self, first: date, last: date) -> int:
        """Days from ``first`` to ``last`` inclusive whose weekday has opening hours."""
        days = (last - first).days + 1
        weeks, rest = divmod(days, 7)
        count = weeks * len(self.hours)
        weekday = first.weekday()
        for offset in range(rest):
            count += (weekday + offset) % 7 in self.hours
        return count

    # ----- moments -------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the office's time zone (naive = already local)."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    def end_of_nth_working_day(self, moment: datetime, n: int) -> datetime:
        """The end (24:00 local) of the ``n``-th working day after the local date of ``moment``.

        "At most 2 working days after payment" is met by anything done before this instant. The
        date is the office's local date of ``moment`` (a payment at 00:30 WITA on Saturday is a
        Saturday payment); that date is never counted, so after a payment on a Saturday, a
        Sunday or a holiday the first following working day is day 1: paid on Saturday, Monday
        is the 1st working day, Tuesday the 2nd, and an allocation on Wednesday is late.
        """
        local = self.local(moment)
        day = self.nth_working_day_after(local.date(), n)
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz)

    def close_of_nth_working_day(self, moment: datetime, n: int) -> datetime:
        """Closing time of the ``n``-th working day after the date of ``moment``."""
        local = self.local(moment)
        day = self.nth_working_day_after(local.date(), n)
        hours = self.hours_on(day)
        assert hours is not None
        return datetime.combine(day, hours[1], tzinfo=self.tz)

    def _intervals_from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """Office-hour intervals of working days, from ``day`` on."""
        current = day
        misses = 0
        while misses < _MAX_SEARCH_DAYS:
            hours = self.hours_on(current)
            if hours is None:
                misses += 1
            else:
                misses = 0
                yield (
                    datetime.combine(current, hours[0], tzinfo=self.tz),
                    datetime.combine(current, hours[1], tzinfo=self.tz),
                )
            current += timedelta(days=1)
        raise CalendarError(f"no working day within {_MAX_SEARCH_DAYS} days after {day}")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time (inside office hours of working days) from ``start`` to ``end``.

        Negative spans count as zero.
        """
        start, end = self.local(start), self.local(end)
        if end <= start:
            return timedelta(0)
        total = timedelta(0)
        for opens, closes in self._intervals_from(start.date()):
            if opens >= end:
                break
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta(0):
                total += overlap
        return total

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of working time has passed since ``start``.

        A clock started outside office hours begins at the next opening. A duration that
        ends exactly at closing time ends then, not at the next opening.
        """
        if duration < timedelta(0):
            raise CalendarError(f"duration must not be negative, got {duration}")
        start = self.local(start)
        remaining = duration
        for opens, closes in self._intervals_from(start.date()):
            if closes <= start:
                continue
            begin = max(opens, start)
            available = closes - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise CalendarError("unreachable")  # _intervals_from raises first

    def is_open_at(self, moment: datetime) -> bool:
        local = self.local(moment)
        hours = self.hours_on(local.date())
        return hours is not None and hours[0] <= local.time() < hours[1]
