"""The promises, measured (pure: no ORM, no request).

Each application carries clocks (``payment``, ``allocation``, ``completion``, ``pickup``,
``biometric_wait``). The application clocks and their due moments are
``applications.deadlines.application_deadlines`` (one source per rule: 30 days, 2 working days, the
service's term, the calendar's ``end_of_nth_working_day``); this module adds the biometric wait
clock, classifies every clock as of a moment and counts them per period, per SOP step and per
officer.

Statuses: ``met`` (kept on time), ``late`` (kept after due), ``open`` (not kept, not yet due),
``overdue`` (not kept, past due). A clock belongs to the period of the office's local date on which
it started. ``on_time_rate`` = met ÷ (met + late + overdue), ``None`` when that is 0.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from maklumat.applications.deadlines import (
    LATE,
    MET,
    NOT_STARTED,
    OPEN,
    OVERDUE,
    ServiceTerms,
    application_deadlines,
)
from maklumat.calendar.rules import WorkCalendar

PROMISE_CODES = ("payment", "allocation", "completion", "pickup", "biometric_wait")
STATUSES = (MET, LATE, OPEN, OVERDUE)


@dataclass(frozen=True)
class Clock:
    """One promise of one application: started at ``started``, due at ``due``, kept at ``kept``."""

    code: str
    started: datetime
    due: datetime
    kept: datetime | None
    status: str


def wait_status(*, ticket: datetime, started: datetime | None, limit: timedelta, as_of: datetime) -> str:
    """The biometric wait as of ``as_of``: served within ``limit`` (exactly the limit is met, seed 000
    b. owes compensation only for a wait strictly longer) or not."""
    due = ticket + limit
    if started is not None and started <= as_of:
        return MET if started <= due else LATE
    return OVERDUE if as_of > due else OPEN


def application_clocks(
    *, events: Mapping[str, datetime], terms: ServiceTerms, calendar: WorkCalendar, as_of: datetime,
    wait_limit: timedelta | None,
) -> list[Clock]:
    """Every started clock of one application as of ``as_of`` (events after it have not happened).

    ``wait_limit`` is the office's biometric wait promise on the ticket's day; ``None`` = no such
    promise, so no biometric clock.
    """
    clocks = [
        Clock(row.code, row.starts, row.due, row.met_at, row.status)
        for row in application_deadlines(events=events, terms=terms, calendar=calendar, as_of=as_of)
        if row.status != NOT_STARTED and row.starts is not None and row.due is not None
    ]
    ticket = events.get("biometric_ticket")
    if wait_limit is not None and ticket is not None and ticket <= as_of:
        started = events.get("biometric_start")
        status = wait_status(ticket=ticket, started=started, limit=wait_limit, as_of=as_of)
        clocks.append(Clock("biometric_wait", ticket, ticket + wait_limit,
                            started if status in (MET, LATE) else None, status))
    return clocks


@dataclass
class PromiseCount:
    """Counts of one promise's clocks in a period."""

    code: str
    met: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.met + self.late + self.open + self.overdue

    @property
    def decided(self) -> int:
        return self.met + self.late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.met, self.decided)

    def add(self, status: str, count: int = 1) -> None:
        setattr(self, status, getattr(self, status) + count)

    def merge(self, other: PromiseCount) -> None:
        for status in STATUSES:
            self.add(status, getattr(other, status))


def rate(part: int, whole: int) -> float | None:
    """``part ÷ whole`` rounded to 4 places, ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    return round(part / whole, 4)


def local_date(moment: datetime, calendar: WorkCalendar) -> date:
    return calendar.local(moment).date()


def in_period(moment: datetime, calendar: WorkCalendar, start: date, end: date) -> bool:
    """Whether ``moment``'s local date (office time) lies in ``start``–``end`` inclusive."""
    return start <= local_date(moment, calendar) <= end


def count_clocks(clocks: Iterable[Clock], codes: Sequence[str] = PROMISE_CODES) -> dict[str, PromiseCount]:
    """Counts per promise code (every code in ``codes`` present, zeros included)."""
    counts = {code: PromiseCount(code) for code in codes}
    for clock in clocks:
        if clock.code in counts:
            counts[clock.code].add(clock.status)
    return counts


def combined_rate(counts: Iterable[PromiseCount]) -> float | None:
    """The on-time rate of all promises together: Σ met ÷ Σ (met + late + overdue)."""
    rows = list(counts)
    return rate(sum(c.met for c in rows), sum(c.decided for c in rows))


# ----- SOP steps ------------------------------------------------------------------------------

def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least ``p`` % of values at or below it
    (``sorted[ceil(p/100 · n) − 1]``); ``None`` for no values. Always a measured value."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(Fraction(str(p)) / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float | None:
    """The median (mean of the two middle values for an even count); ``None`` for no values."""
    return statistics.median(values) if values else None


def minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


@dataclass
class StepCount:
    """Durations of one SOP step (``<code>_start`` → ``<code>_finish``) against its norm."""

    code: str
    norm_minutes: int | None
    durations: list[float] = field(default_factory=list)

    @property
    def measured(self) -> int:
        return len(self.durations)

    @property
    def within_norm(self) -> int:
        if self.norm_minutes is None:
            return 0
        return sum(1 for value in self.durations if value <= self.norm_minutes)

    @property
    def median_minutes(self) -> float | None:
        value = median(self.durations)
        return None if value is None else float(half_up(value, 1))

    @property
    def p90_minutes(self) -> float | None:
        value = percentile(self.durations, 90)
        return None if value is None else float(half_up(value, 1))


def step_duration(events: Mapping[str, datetime], code: str, as_of: datetime) -> timedelta | None:
    """How long step ``code`` took, when both its start and finish are known as of ``as_of`` and in
    order; else ``None`` (not measured)."""
    started, finished = events.get(f"{code}_start"), events.get(f"{code}_finish")
    if started is None or finished is None or finished > as_of or finished < started:
        return None
    return finished - started


# ----- stored step order statistics (docs/scaling.md) ----------------------------------------------
#
# A step's figures are counts and two order statistics rounded to 0.1 minute, so durations need not
# be stored one by one: a histogram whose buckets never straddle a rounding edge of ``half_up(minutes,
# 1)`` (every 0.05 min = 3 s, odd multiples) nor a norm (whole minutes, ``minutes <= norm``) gives the
# same figures, provided each bucket keeps its smallest and largest duration (a median of an even
# count whose two middle values fall in different buckets is the mean of the lower bucket's largest
# and the upper bucket's smallest). Buckets add up over months and offices exactly.

ROUNDING_UNIT_US = 3_000_000  # 0.05 minute: the rounding edges of 0.1 minute lie on its odd multiples
MINUTE_US = 60_000_000


def step_bucket(duration_us: int) -> int:
    """The histogram bucket of a duration (µs, ≥ 0), increasing with it: bucket ``2k`` holds the
    durations rounding to ``k/10`` minute (``[(2k−1)·3 s, (2k+1)·3 s)``), except that at a whole
    minute (``k`` a multiple of 10) the durations above the minute go to ``2k + 1``. The same
    expression is ``step_bucket_sql``."""
    k = (duration_us + ROUNDING_UNIT_US) // (2 * ROUNDING_UNIT_US)
    return 2 * k + (1 if k % 10 == 0 and duration_us > k * 2 * ROUNDING_UNIT_US else 0)


def step_bucket_sql(column: str) -> str:
    """``step_bucket`` as an SQL expression of an integer column (integer division of non-negative
    integers truncates alike on PostgreSQL and SQLite), for a statement with parameters (``%%``)."""
    k = f"(({column} + {ROUNDING_UNIT_US}) / {2 * ROUNDING_UNIT_US})"
    return f"(2 * {k} + CASE WHEN {k} %% 10 = 0 AND {column} > {k} * {2 * ROUNDING_UNIT_US} THEN 1 ELSE 0 END)"


def step_bucket_bounds(bucket: int) -> tuple[int, int] | None:
    """The smallest and largest duration (µs, inclusive) of ``bucket`` (``step_bucket``'s inverse), or
    None for a bucket no duration falls in (an odd bucket away from a whole minute)."""
    k, above_minute = divmod(bucket, 2)
    centre = k * 2 * ROUNDING_UNIT_US
    if above_minute:
        return (centre + 1, centre + ROUNDING_UNIT_US - 1) if k % 10 == 0 else None
    return max(centre - ROUNDING_UNIT_US, 0), centre if k % 10 == 0 else centre + ROUNDING_UNIT_US - 1


def norm_bucket(norm_minutes: int) -> int:
    """The last bucket within a norm of whole minutes: a duration is within the norm (``duration <=
    norm``) exactly when its bucket is at most this one."""
    return 20 * norm_minutes


def bucket_within_norm(bucket: int, norm_minutes: int) -> bool:
    """Every duration of ``bucket`` is within a norm of whole minutes (``duration <= norm``)."""
    return bucket <= norm_bucket(norm_minutes)


def order_ranks(n: int) -> tuple[int, int, int]:
    """The ranks (1-based, of ``n`` sorted durations) the figures need: the two middle ones of the
    median (one rank twice when ``n`` is odd) and the 90th percentile's (``percentile``)."""
    return (n + 1) // 2, n // 2 + 1, max(1, (9 * n + 9) // 10)


def order_ranks_sql(n: str) -> tuple[str, str, str]:
    """``order_ranks`` as SQL expressions of an integer expression ``n`` (integer division of positive
    integers truncates alike on PostgreSQL and SQLite)."""
    return f"(({n} + 1) / 2)", f"({n} / 2 + 1)", f"(CASE WHEN {n} < 1 THEN 1 ELSE ({n} * 9 + 9) / 10 END)"


@dataclass(frozen=True)
class Bucket:
    """Durations of one histogram bucket: how many, the smallest and the largest (µs)."""

    key: int
    n: int
    low_us: int
    high_us: int


def merge_buckets(rows: Iterable[tuple[int, int, int, int]]) -> list[Bucket]:
    """(key, n, low, high) rows (e.g. of several months or offices) merged per key, in key order."""
    merged: dict[int, list[int]] = {}
    for key, n, low, high in rows:
        row = merged.get(key)
        if row is None:
            merged[key] = [n, low, high]
        else:
            row[0] += n
            row[1] = min(row[1], low)
            row[2] = max(row[2], high)
    return [Bucket(key, *merged[key]) for key in sorted(merged)]


def _rounded(duration_us: int) -> float:
    return float(half_up(minutes(timedelta(microseconds=duration_us)), 1))


def bucket_figures(buckets: Sequence[Bucket], norm_minutes: int | None,
                   unknown_edges: Collection[int] = ()) -> tuple[int, int, float | None, float | None] | None:
    """(measured, within norm, median minutes, 90th percentile minutes) of the durations in
    ``buckets`` (in key order), equal to ``StepCount``'s figures of the durations themselves.
    ``unknown_edges``: buckets whose smallest/largest may be stale (durations taken out); ``None``
    when the median needs one of them exactly (the caller then counts the durations themselves)."""
    n = sum(bucket.n for bucket in buckets)
    within = (sum(bucket.n for bucket in buckets if bucket_within_norm(bucket.key, norm_minutes))
              if norm_minutes is not None else 0)
    if not n:
        return 0, within, None, None
    wanted = sorted(set(order_ranks(n)))
    found: dict[int, Bucket] = {}  # rank → its bucket
    seen, position = 0, 0
    for bucket in buckets:
        while position < len(wanted) and wanted[position] <= seen + bucket.n:
            found[wanted[position]] = bucket
            position += 1
        seen += bucket.n
    return figures_at_ranks(n, within, found, unknown_edges)


def figures_at_ranks(n: int, within: int, found: Mapping[int, Bucket],
                     unknown_edges: Collection[int] = ()) -> tuple[int, int, float | None, float | None] | None:
    """``bucket_figures`` from what it needs of the histogram: the count ``n`` (> 0), how many are
    within the norm, and the bucket holding each rank of ``order_ranks(n)`` (located in Python, or
    in SQL by the roll-ups)."""
    low_rank, high_rank, p90_rank = order_ranks(n)
    low, high = found[low_rank], found[high_rank]
    if n % 2 or low.key == high.key:
        # One bucket: every value in it (and the mean of two of them) rounds alike.
        median_minutes = _rounded(low.low_us)
    else:
        # Different buckets: rank n/2 is its bucket's largest, rank n/2 + 1 the next one's smallest.
        if low.key in unknown_edges or high.key in unknown_edges:
            return None
        middle = [minutes(timedelta(microseconds=low.high_us)), minutes(timedelta(microseconds=high.low_us))]
        median_minutes = float(half_up(median(middle), 1))
    return n, within, median_minutes, _rounded(found[p90_rank].low_us)


# ----- offices, targets -----------------------------------------------------------------------

def ranks(rates: Mapping[str, float | None]) -> dict[str, int | None]:
    """Standard competition ranking ("1224") by rate, highest first; an office with no rate
    (nothing decided) has no rank."""
    ordered = sorted((value, key) for key, value in rates.items() if value is not None)
    ordered.sort(key=lambda pair: -pair[0])
    result: dict[str, int | None] = {key: None for key in rates}
    previous, position = None, 0
    for index, (value, key) in enumerate(ordered, start=1):
        if value != previous:
            position, previous = index, value
        result[key] = position
    return result


def half_up(value: Fraction | Decimal | float, places: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def prorated_target(yearly: int, working_days_in_period: int, working_days_in_year: int) -> int:
    """A yearly target's share of a period, pro rata by the office's working days, half up."""
    if working_days_in_year <= 0:
        return 0
    return int(half_up(Fraction(yearly * working_days_in_period, working_days_in_year)))


def achievement_percent(realised: int | float | Decimal | None, target: int | float | Decimal | None) -> float | None:
    """Realised ÷ target × 100, two places (003's *capaian*); ``None`` without a positive target."""
    if realised is None or not target:
        return None
    return float(half_up(Fraction(str(realised)) / Fraction(str(target)) * 100, 2))


def change(current: float | int | None, previous: float | int | None) -> float | None:
    """Year-on-year change ``current − previous`` (4 places); ``None`` when either is unknown."""
    if current is None or previous is None:
        return None
    return round(current - previous, 4)
