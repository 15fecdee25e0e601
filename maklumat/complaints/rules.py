"""SLA clocks of complaint handling (pure: dataclasses in, values out, no ORM).

Each step of a complaint's workflow has a time norm (*mutu baku*) in minutes of **working
time** on the office's calendar (office hours of working days, in the office's own time zone;
weekends, national holidays, *cuti bersama* and closures do not count). The clock of a step
starts when the step becomes active, and stops while the complaint is paused (waiting for
the complainant): paused working time does not count against the norm.

Vocabulary:
- *due* — the moment the norm of working time has elapsed since the step started;
- *warning* — at least ``WARN_FRACTION`` of the norm has elapsed and the step is not done;
- *breach* — the step is not done at its due time (or was done after it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from maklumat.calendar.rules import WorkCalendar

# The owner of a step is warned once this share of the step's norm has elapsed.
WARN_FRACTION = 0.75

# Who is told when a step owned by a role is breached: one level up the office hierarchy (002, 004).
NEXT_LEVEL = {
    "duta_layanan": "petugas_yankomas",
    "petugas_yankomas": "kasubsi",
    "pengelola_medsos": "kasubsi",
    "kasubsi": "kasi",
    "kasi": "kepala_kantor",
    "kepala_kantor": "kepala_kantor",
}


class SlaState(StrEnum):
    PENDING = "pending"  # not started yet
    ON_TRACK = "on_track"
    WARNING = "warning"
    BREACHED = "breached"
    PAUSED = "paused"
    ON_TIME = "on_time"  # done before its due
    LATE = "late"  # done after its due
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Pause:
    """A stretch during which the clock stands still; ``end`` None = still paused."""

    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or (self.end is not None and self.end.tzinfo is None):
            raise ValueError("pause moments must be aware datetimes")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"pause ends ({self.end}) before it starts ({self.start})")


def merged_pauses(pauses: Iterable[Pause], since: datetime) -> list[Pause]:
    """Pauses clipped to start no earlier than ``since``, sorted, overlapping ones merged."""
    clipped = sorted(
        (Pause(max(p.start, since), p.end) for p in pauses if p.end is None or p.end > since),
        key=lambda p: p.start,
    )
    merged: list[Pause] = []
    for pause in clipped:
        if merged and (merged[-1].end is None or pause.start <= merged[-1].end):
            last = merged[-1]
            end = None if last.end is None or pause.end is None else max(last.end, pause.end)
            merged[-1] = Pause(last.start, end)
        else:
            merged.append(pause)
    return merged


def step_due(
    calendar: WorkCalendar, start: datetime, norm: timedelta, pauses: Iterable[Pause] = ()
) -> datetime | None:
    """When ``norm`` of unpaused working time has elapsed since ``start``.

    ``None`` while an open pause holds the clock before the norm is used up: a paused step
    has no due time until it resumes.
    """
    cursor = calendar.local(start)
    remaining = norm
    for pause in merged_pauses(pauses, cursor):
        candidate = calendar.add_working_time(cursor, remaining)
        if candidate <= pause.start:
            return candidate
        remaining -= calendar.working_time_between(cursor, pause.start)
        if pause.end is None:
            return None
        cursor = calendar.local(pause.end)
    return calendar.add_working_time(cursor, remaining)


def working_elapsed(
    calendar: WorkCalendar, start: datetime, now: datetime, pauses: Iterable[Pause] = ()
) -> timedelta:
    """Unpaused working time from ``start`` to ``now``."""
    total = calendar.working_time_between(start, now)
    for pause in merged_pauses(pauses, calendar.local(start)):
        if pause.start >= now:
            break
        end = now if pause.end is None else min(pause.end, now)
        total -= calendar.working_time_between(pause.start, end)
    return total


def is_paused_at(pauses: Iterable[Pause], moment: datetime) -> bool:
    return any(p.start <= moment and (p.end is None or moment < p.end) for p in pauses)


def step_state(
    calendar: WorkCalendar,
    *,
    start: datetime | None,
    norm: timedelta,
    now: datetime,
    pauses: Sequence[Pause] = (),
    completed_at: datetime | None = None,
    skipped: bool = False,
    warn_fraction: float = WARN_FRACTION,
) -> SlaState:
    """The SLA state of one step at ``now``."""
    if skipped:
        return SlaState.SKIPPED
    if start is None:
        return SlaState.PENDING
    if completed_at is not None:
        due = step_due(calendar, start, norm, pauses)
        return SlaState.ON_TIME if due is None or completed_at <= due else SlaState.LATE
    elapsed = working_elapsed(calendar, start, now, pauses)
    if elapsed > norm:
        return SlaState.BREACHED
    if is_paused_at(pauses, now):
        return SlaState.PAUSED
    if elapsed >= norm * warn_fraction:
        return SlaState.WARNING
    return SlaState.ON_TRACK


def warn_at(
    calendar: WorkCalendar, start: datetime, norm: timedelta, pauses: Iterable[Pause] = (),
    warn_fraction: float = WARN_FRACTION,
) -> datetime | None:
    """The moment the owner should be warned (``warn_fraction`` of the norm elapsed)."""
    return step_due(calendar, start, norm * warn_fraction, pauses)


def plan(
    calendar: WorkCalendar, start: datetime, norms: Sequence[timedelta], pauses: Iterable[Pause] = ()
) -> list[datetime | None]:
    """Projected due times of consecutive steps, each starting when the one before is due.

    This is the promise shown when a complaint is opened; once a step really starts, its own
    due time is computed from that moment. A step after an open pause has no due (None).
    """
    pauses = list(pauses)
    result: list[datetime | None] = []
    cursor: datetime | None = start
    for norm in norms:
        cursor = None if cursor is None else step_due(calendar, cursor, norm, pauses)
        result.append(cursor)
    return result


def next_level(role: str) -> str:
    """The role told when a step owned by ``role`` is breached."""
    return NEXT_LEVEL.get(role, "kasubsi")


def on_time_rate(outcomes: Iterable[bool]) -> float | None:
    """Share of steps done on time, in percent (None when there is nothing to rate)."""
    values = list(outcomes)
    if not values:
        return None
    return round(100 * sum(1 for ok in values if ok) / len(values), 1)


def average(durations: Iterable[timedelta]) -> timedelta | None:
    values = list(durations)
    if not values:
        return None
    return sum(values, timedelta(0)) / len(values)
