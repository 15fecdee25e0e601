"""Deadlines and SOP step clocks of one passport application (pure: no ORM, no request).

From the seeds (001 Muara Enim, 003 Blitar): payment within 30 days of the billing slip;
allocation at most 2 working days after payment (001 step 8); completion within the service's
own term (``standards.Service.completion_working_days``: 3 working days for a new passport, the
same working day for accelerated service with pickup from 12:00, no clock for a lost or damaged
passport, whose term "depends on the examination"); pickup within 30 days of the passport being
ready, after which it is cancelled. "30 days" are calendar days (see docs/decisions.md).
Working-day clocks are the calendar's ``end_of_nth_working_day``, never re-counted here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from maklumat.calendar.rules import WorkCalendar

PAYMENT_DAYS = 30
# SOP 001 step 8 ("alokasi paspor maksimal 2 hari kerja setelah pembayaran"): the one place this
# number lives for the application clock; compensation reads its own policy data.
ALLOCATION_WORKING_DAYS = 2
PICKUP_DAYS = 30
# The applicant is reminded this many days before an uncollected passport is cancelled (issue 14).
PICKUP_REMINDER_DAYS = 5
ACCELERATED_PICKUP_FROM = time(12, 0)


@dataclass(frozen=True)
class ServiceTerms:
    """What the service promises an application: ``completion_working_days`` None = no fixed term
    (depends on an examination), 0 = the same working day (accelerated, pickup from 12:00)."""

    completion_working_days: int | None
    allocation_working_days: int = ALLOCATION_WORKING_DAYS

    @property
    def accelerated(self) -> bool:
        return self.completion_working_days == 0


def service_terms(application) -> ServiceTerms:
    """The terms of ``application``'s service (an accelerated application is same-day whatever its
    passport type)."""
    if application.accelerated:
        return ServiceTerms(0)
    return ServiceTerms(application.service.completion_working_days)


def pickup_too_early(moment: datetime, *, payment: datetime | None, calendar: WorkCalendar) -> bool:
    """An accelerated passport is picked up from 12:00 on its day: a handover before that is refused."""
    local = calendar.local(moment)
    if local.time() >= ACCELERATED_PICKUP_FROM:
        return False
    return payment is None or calendar.local(payment).date() == local.date()

MET, LATE, OPEN, OVERDUE, NOT_STARTED = "met", "late", "open", "overdue", "not_started"


@dataclass(frozen=True)
class Deadline:
    """One promise with its clock: due at ``due``, kept by the ``met_by`` event."""

    code: str
    label_id: str
    label_en: str
    starts: datetime | None
    due: datetime | None
    met_by: str
    met_at: datetime | None
    status: str

    @property
    def is_late(self) -> bool:
        return self.status in (LATE, OVERDUE)


def _status(due: datetime | None, met_at: datetime | None, as_of: datetime) -> str:
    if due is None:
        return NOT_STARTED
    if met_at is not None:
        return MET if met_at < due else LATE
    return OVERDUE if as_of >= due else OPEN


def _end_of_days_after(calendar: WorkCalendar, moment: datetime, days: int) -> datetime:
    """End (24:00 local) of the ``days``-th calendar day after ``moment``'s date."""
    local = calendar.local(moment)
    return datetime.combine(local.date() + timedelta(days=days + 1), time(0), tzinfo=calendar.tz)


def _first(events: Mapping[str, datetime], *names: str) -> datetime | None:
    found = [events[name] for name in names if name in events]
    return min(found) if found else None


def application_deadlines(
    *, events: Mapping[str, datetime], terms: ServiceTerms, calendar: WorkCalendar, as_of: datetime,
) -> list[Deadline]:
    """The clocks of an application as of ``as_of``; events later than ``as_of`` are unknown.

    A service without a fixed completion term (lost or damaged passport) has no completion clock.
    """
    known = {name: at for name, at in events.items() if at <= as_of}
    billing = _first(known, "billing_issued", "billing_finish")
    payment = known.get("payment")
    ready = _first(known, "ready", "kasi_check")
    handover = _first(known, "handover", "handover_finish")
    rows = []
    due = _end_of_days_after(calendar, billing, PAYMENT_DAYS) if billing else None
    rows.append(Deadline("payment", f"Pembayaran PNBP paling lambat {PAYMENT_DAYS} hari",
                         f"PNBP payment within {PAYMENT_DAYS} days",
                         billing, due, "payment", payment, _status(due, payment, as_of)))
    n = terms.allocation_working_days
    due = calendar.end_of_nth_working_day(payment, n) if payment else None
    allocation = known.get("allocation")
    rows.append(Deadline("allocation", f"Alokasi paspor paling lambat {n} hari kerja setelah pembayaran",
                         f"Passport allocation at most {n} working days after payment",
                         payment, due, "allocation", allocation, _status(due, allocation, as_of)))
    days = terms.completion_working_days
    if days == 0:
        due = calendar.close_of_nth_working_day(payment, 0) if payment else None
        label = ("Percepatan: paspor selesai pada hari kerja yang sama (diambil mulai 12.00)",
                 "Accelerated: passport ready the same working day (pickup from 12:00)")
        rows.append(Deadline("completion", *label, payment, due, "ready", ready, _status(due, ready, as_of)))
    elif days is not None:
        due = calendar.end_of_nth_working_day(payment, days) if payment else None
        label = (f"Paspor selesai dalam {days} hari kerja setelah pembayaran",
                 f"Passport ready within {days} working days of payment")
        rows.append(Deadline("completion", *label, payment, due, "ready", ready, _status(due, ready, as_of)))
    due = pickup_due(ready, calendar) if ready else None
    rows.append(Deadline("pickup", f"Paspor diambil paling lambat {PICKUP_DAYS} hari setelah selesai",
                         f"Passport collected within {PICKUP_DAYS} days of being ready",
                         ready, due, "handover", handover, _status(due, handover, as_of)))
    return rows


def pickup_due(ready: datetime, calendar: WorkCalendar) -> datetime:
    """When the pickup period of a passport ready at ``ready`` ends (the cancellation moment)."""
    return _end_of_days_after(calendar, ready, PICKUP_DAYS)


def pickup_reminder_at(ready: datetime, calendar: WorkCalendar) -> datetime:
    """When the applicant is reminded: ``PICKUP_REMINDER_DAYS`` days before the pickup period ends."""
    return pickup_due(ready, calendar) - timedelta(days=PICKUP_REMINDER_DAYS)


def pickup_expired(*, events: Mapping[str, datetime], calendar: WorkCalendar, as_of: datetime) -> datetime | None:
    """When the 30-day pickup period ran out, if it has and the passport was neither collected nor
    cancelled; else None. The cancellation job acts on this."""
    if "cancellation" in events or "handover" in events or "handover_finish" in events:
        return None
    ready = _first(events, "ready", "kasi_check")
    if ready is None:
        return None
    due = pickup_due(ready, calendar)
    return due if as_of >= due else None


@dataclass(frozen=True)
class StepNorm:
    """One step of the issuance SOP with its time norm (*mutu baku*)."""

    order: int
    code: str
    label: str
    norm_minutes: int


@dataclass(frozen=True)
class StepClock:
    step: StepNorm
    started: datetime | None
    finished: datetime | None
    took: timedelta | None
    status: str  # met, late, open (running within norm), overdue (running past norm), not_started

    @property
    def is_late(self) -> bool:
        return self.status in (LATE, OVERDUE)


def step_clocks(*, steps: Sequence[StepNorm], events: Mapping[str, datetime], as_of: datetime) -> list[StepClock]:
    """Each SOP step against its norm: ``<code>_start`` to ``<code>_finish``, late when it took longer."""
    rows = []
    for step in steps:
        started = events.get(f"{step.code}_start")
        finished = events.get(f"{step.code}_finish")
        if started is not None and started > as_of:
            started = None
        if finished is not None and finished > as_of:
            finished = None
        norm = timedelta(minutes=step.norm_minutes)
        if started is None:
            rows.append(StepClock(step, None, finished, None, MET if finished else NOT_STARTED))
            continue
        took = (finished or as_of) - started
        over = took > norm
        status = (LATE if over else MET) if finished is not None else (OVERDUE if over else OPEN)
        rows.append(StepClock(step, started, finished, took, status))
    return rows
