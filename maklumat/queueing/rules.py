"""Pure queue rules: calling order, check-in window, walk-in quota, waiting alerts, wait estimates.

No ORM and no request here: the services turn rows into these dataclasses and store the outcome.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _


class TicketClass(StrEnum):
    """Who a number is for (seed 001 step 1; seed 000 F.3 for compensation)."""

    GENERAL = "general"          # pemohon umum
    PRIORITY = "priority"        # berkebutuhan khusus: disabled, elderly, pregnant, toddlers
    COMPENSATION = "compensation"  # compensated applicants get their own, separate numbers


# Compensated applicants are served "bebas antrian" (queue-free, seed 000 point 1): before every queue class,
# and before the overdue tickets too.
QUEUE_FREE = TicketClass.COMPENSATION


class RuleKind(StrEnum):
    PRIORITY_FIRST = "priority_first"  # any waiting priority ticket goes before general ones
    RATIO = "ratio"                    # N general calls, then 1 priority call


@dataclass(frozen=True)
class CallingRule:
    """The office's calling rule. ``max_wait``: a ticket that has waited longer than this is called before
    every ticket that has waited less, whatever its class (anti-starvation); ``None``: class order alone."""

    kind: RuleKind = RuleKind.PRIORITY_FIRST
    general_per_priority: int = 3
    max_wait: timedelta | None = None

    def __post_init__(self) -> None:
        if self.general_per_priority < 1:
            raise ValueError("general_per_priority must be at least 1")
        if self.max_wait is not None and self.max_wait <= timedelta(0):
            raise ValueError("max_wait must be positive")


@dataclass(frozen=True)
class Waiting:
    """A ticket waiting at one step: ``waiting_since`` is when it joined this step's queue."""

    id: int
    ticket_class: TicketClass
    waiting_since: datetime
    number: int = 0


def _oldest(tickets: Sequence[Waiting]) -> Waiting | None:
    return min(tickets, key=lambda t: (t.waiting_since, t.number, t.id), default=None)


def class_order(rule: CallingRule, general_streak: int = 0, priority_room: bool = False) -> tuple[TicketClass, ...]:
    """The classes in the order a counter serves them now: the first class with a waiting ticket is called.

    Compensation tickets always go first (seed 000 F.3). A priority room (seed 003) always serves
    priority before general. Otherwise the office rule decides: priority first, or ``N`` general
    calls then one priority (``general_streak`` = general calls this counter made since its last
    priority call). The database applies the same order when it picks the next ticket.
    """
    if priority_room or rule.kind == RuleKind.PRIORITY_FIRST or general_streak >= rule.general_per_priority:
        return QUEUE_FREE, TicketClass.PRIORITY, TicketClass.GENERAL
    return QUEUE_FREE, TicketClass.GENERAL, TicketClass.PRIORITY


def overdue_before(rule: CallingRule, now: datetime | None) -> datetime | None:
    """Tickets waiting since strictly before this moment have waited longer than ``rule.max_wait`` at
    ``now`` (``None``: no limit, or no clock). The database compares ``waiting_since`` with the same moment."""
    if rule.max_wait is None or now is None:
        return None
    return now - rule.max_wait


def next_ticket(
    waiting: Sequence[Waiting], rule: CallingRule, general_streak: int = 0, priority_room: bool = False,
    now: datetime | None = None,
) -> Waiting | None:
    """The ticket a counter calls next, or ``None`` when nobody waits.

    Compensation tickets first, the longest waiting first (queue-free by the decree). Then the tickets
    that have waited longer than ``rule.max_wait`` at ``now``, longest waiting first whatever their
    class, so no class starves another (a general ticket is not jumped for ever by newer priority
    ones). Then the first class of ``class_order`` that has a waiting ticket; within a class, the
    longest waiting goes first.
    """
    free = _oldest([t for t in waiting if t.ticket_class == QUEUE_FREE])
    if free is not None:
        return free
    cutoff = overdue_before(rule, now)
    if cutoff is not None:
        late = _oldest([t for t in waiting if t.waiting_since < cutoff])
        if late is not None:
            return late
    for ticket_class in class_order(rule, general_streak, priority_room):
        oldest = _oldest([t for t in waiting if t.ticket_class == ticket_class])
        if oldest is not None:
            return oldest
    return None


def general_streak_of(recent_calls: Sequence[str]) -> int:
    """General calls since the last priority call, from a counter's calls newest first (compensation
    calls jump the line without changing the rhythm)."""
    streak = 0
    for ticket_class in recent_calls:
        if ticket_class == TicketClass.PRIORITY:
            break
        if ticket_class == TicketClass.GENERAL:
            streak += 1
    return streak


def streak_after(general_streak: int, called: TicketClass) -> int:
    """The counter's general streak after calling a ticket of class ``called``."""
    if called == TicketClass.GENERAL:
        return general_streak + 1
    if called == TicketClass.PRIORITY:
        return 0
    return general_streak  # compensation calls jump the line without changing the rhythm


def calling_order(
    waiting: Sequence[Waiting], rule: CallingRule, general_streak: int = 0, priority_room: bool = False,
    limit: int | None = None, now: datetime | None = None,
) -> list[Waiting]:
    """The order in which ``waiting`` would be called by one counter at ``now`` if nobody else arrived."""
    remaining = list(waiting)
    order: list[Waiting] = []
    streak = general_streak
    while remaining and (limit is None or len(order) < limit):
        chosen = next_ticket(remaining, rule, streak, priority_room, now)
        assert chosen is not None
        order.append(chosen)
        remaining.remove(chosen)
        streak = streak_after(streak, chosen.ticket_class)
    return order


def max_wait_for(configured_minutes: int | None, promise_warn_after: timedelta | None) -> timedelta | None:
    """The anti-starvation limit of an office: its own setting, else the warning point of its wait promise
    (the policy's "serve now or owe compensation" moment, so the oldest ticket is called before the promise
    breaks); ``None`` when neither exists (docs/decisions.md)."""
    if configured_minutes:
        return timedelta(minutes=configured_minutes)
    if promise_warn_after is not None and promise_warn_after > timedelta(0):
        return promise_warn_after
    return None


# --- no-show after a grace period, and its undo ---------------------------------------------------

@dataclass(frozen=True)
class NoShowRule:
    """A called number may be recorded as no-show only after ``recalls`` recalls and ``grace`` since the
    last call (so it was announced ``recalls + 1`` times and the applicant had time to walk up)."""

    recalls: int = 2
    grace: timedelta = timedelta(minutes=2)

    def __post_init__(self) -> None:
        if self.recalls < 0 or self.grace < timedelta(0):
            raise ValueError("recalls and grace must not be negative")


# How long after recording a no-show the officer may take it back (a wrong button, the applicant walks up).
NO_SHOW_UNDO_WINDOW = timedelta(minutes=1)


class NoShowVerdict(StrEnum):
    OK = "ok"
    NEEDS_RECALL = "needs_recall"  # not yet recalled often enough
    TOO_EARLY = "too_early"        # recalled enough, but the grace since the last call is not over


def no_show_verdict(calls: Sequence[datetime], rule: NoShowRule,
                    now: datetime) -> tuple[NoShowVerdict, datetime | None]:
    """May the number called at ``calls`` (its first call and recalls at this counter) be a no-show at
    ``now``? Returns the verdict and the moment it becomes allowed (``None`` while recalls are missing)."""
    if len(calls) - 1 < rule.recalls:
        return NoShowVerdict.NEEDS_RECALL, None
    opens = max(calls) + rule.grace
    return (NoShowVerdict.OK if now >= opens else NoShowVerdict.TOO_EARLY), opens


def no_show_undoable(recorded_at: datetime, now: datetime) -> bool:
    """A no-show recorded at ``recorded_at`` may still be taken back at ``now``."""
    return recorded_at <= now <= recorded_at + NO_SHOW_UNDO_WINDOW


# --- check-in of an M-Paspor booking ------------------------------------------------------------

class CheckInVerdict(StrEnum):
    OK = "ok"
    TOO_EARLY = "too_early"
    TOO_LATE = "too_late"


@dataclass(frozen=True)
class CheckInWindow:
    opens: datetime
    closes: datetime


def check_in_window(slot_start: datetime, slot_end: datetime, early_minutes: int, late_minutes: int) -> CheckInWindow:
    """A booking may check in from ``early_minutes`` before its slot until ``late_minutes`` after it ends."""
    if slot_end < slot_start:
        raise ValueError("slot ends before it starts")
    return CheckInWindow(slot_start - timedelta(minutes=early_minutes), slot_end + timedelta(minutes=late_minutes))


# An M-Paspor slot lies within this horizon (the app books weeks ahead, not years) and lasts at most a day.
BOOKING_HORIZON = timedelta(days=366)
MAX_SLOT_LENGTH = timedelta(days=1)
EARLIEST_SLOT = datetime(2000, 1, 1, tzinfo=UTC)
MAX_UTC_OFFSET = timedelta(hours=14)


def booking_slot_problem(slot_start: datetime, slot_end: datetime, now: datetime) -> tuple[str, str] | None:
    """``(field, why)`` when a booked slot cannot be real, or ``None``: every entry refuses the same slots."""
    for field, moment in (("slot_start", slot_start), ("slot_end", slot_end)):
        offset = moment.utcoffset()
        if offset is None:
            return field, _("Waktu slot harus menyertakan zona waktu.")
        if abs(offset) > MAX_UTC_OFFSET:
            return field, _("Zona waktu slot di luar ±14:00.")
        if moment < EARLIEST_SLOT or moment > now + BOOKING_HORIZON:
            return field, _("Waktu slot %(moment)s di luar rentang yang mungkin (tahun 2000 sampai satu tahun "
                            "ke depan).") % {"moment": f"{moment.year:04d}-{moment:%m-%d %H:%M}"}
    if slot_end < slot_start:
        return "slot_end", _("Slot selesai sebelum mulai.")
    if slot_end - slot_start > MAX_SLOT_LENGTH:
        return "slot_end", _("Slot lebih dari satu hari.")
    return None


def check_in_verdict(now: datetime, window: CheckInWindow) -> CheckInVerdict:
    if now < window.opens:
        return CheckInVerdict.TOO_EARLY
    if now > window.closes:
        return CheckInVerdict.TOO_LATE
    return CheckInVerdict.OK


# --- walk-in quota --------------------------------------------------------------------------------

class WalkInVerdict(StrEnum):
    OK = "ok"
    CLASS_NOT_ALLOWED = "class_not_allowed"
    QUOTA_FULL = "quota_full"


def walk_in_verdict(
    ticket_class: TicketClass, allowed: frozenset[TicketClass], issued_today: int, daily_quota: int | None
) -> WalkInVerdict:
    """May a walk-in applicant take a number? ``daily_quota`` ``None`` = no limit; 0 = no walk-ins."""
    if ticket_class not in allowed:
        return WalkInVerdict.CLASS_NOT_ALLOWED
    if daily_quota is not None and issued_today >= daily_quota:
        return WalkInVerdict.QUOTA_FULL
    return WalkInVerdict.OK


# --- waiting alerts (the office's wait promise, e.g. Blitar 2025 condition b., seed 000) -----------

class WaitAlert(StrEnum):
    OK = "ok"
    WARN = "warn"      # past the promise's warning point: serve now or the office owes compensation
    BREACH = "breach"  # strictly longer than the promised limit: the compensation condition holds


def wait_alert(waited: timedelta, limit: timedelta | None, warn_after: timedelta | None = None) -> WaitAlert:
    """The alert for a wait, against the office's promise (``limit`` ``None``: no promise, no alert).

    The thresholds are the policy's own (``lib.promises.WaitPromise``), never restated here: an
    office without a wait policy promises nothing, so nobody is warned or told they are owed.
    """
    if limit is None:
        return WaitAlert.OK
    if waited > limit:
        return WaitAlert.BREACH
    if warn_after is not None and waited > warn_after:
        return WaitAlert.WARN
    return WaitAlert.OK


# --- what an applicant may leave with a number --------------------------------------------------

PHONE_PATTERN = re.compile(r"\+?[0-9]{8,15}")


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` (already stripped; empty = none left) cannot be stored, or ``None``.

    The one rule for every entry (kiosk, check-in, officer form, API, M-Paspor feed).
    """
    if phone and not PHONE_PATTERN.fullmatch(phone):
        return _("Nomor telepon tidak valid: 8–15 angka, boleh diawali +.")
    return None


# --- wait estimate --------------------------------------------------------------------------------

def estimated_wait_minutes(ahead: int, open_counters: int, mean_service_minutes: float) -> int:
    """Minutes until a newcomer with ``ahead`` people before them is called.

    Counters work in parallel; a newcomer is called once every person ahead has been called,
    i.e. after ``ceil(ahead / counters)`` service rounds. With no counter open we still
    estimate as if one were, rather than promising nothing.
    """
    if ahead <= 0:
        return 0
    counters = max(1, open_counters)
    return math.ceil(math.ceil(ahead / counters) * max(0.0, mean_service_minutes))


def position_of_newcomer(
    counts: dict[TicketClass, int], newcomer: TicketClass, rule: CallingRule, general_streak: int = 0,
    priority_room: bool = False,
) -> int:
    """How many of the waiting tickets (``counts`` by class) would be called before a newcomer.

    Same order as ``calling_order`` (the newcomer is the youngest of its class), computed on
    counts so a kiosk can show an estimate without loading the whole queue.
    """
    left = {cls: max(0, counts.get(cls, 0)) for cls in TicketClass}
    left[newcomer] += 1
    streak, ahead = general_streak, 0
    while True:
        if left[TicketClass.COMPENSATION]:
            called = TicketClass.COMPENSATION
        elif not left[TicketClass.PRIORITY] or not left[TicketClass.GENERAL]:
            called = TicketClass.PRIORITY if left[TicketClass.PRIORITY] else TicketClass.GENERAL
        elif priority_room or rule.kind == RuleKind.PRIORITY_FIRST:
            called = TicketClass.PRIORITY
        else:
            called = TicketClass.PRIORITY if streak >= rule.general_per_priority else TicketClass.GENERAL
        if called == newcomer and left[called] == 1:
            return ahead
        left[called] -= 1
        ahead += 1
        streak = streak_after(streak, called)


# --- wait estimate from the fitted service times (issue 13) ---------------------------------------

# Fewer observed services than this and the fitted mean is not trusted: the step's SOP norm is used.
MIN_ESTIMATE_SAMPLES = 30


@dataclass(frozen=True)
class ServiceEstimate:
    """The mean service minutes of a step as fitted from the office's history, and on how many services."""

    mean_minutes: float
    samples: int


def service_minutes_for_estimate(fitted: ServiceEstimate | None, norm_minutes: float) -> tuple[float, bool]:
    """``(mean service minutes, fitted?)``: the fitted mean when enough services back it, else the SOP norm."""
    if fitted is not None and fitted.samples >= MIN_ESTIMATE_SAMPLES and fitted.mean_minutes > 0:
        return fitted.mean_minutes, True
    return float(max(norm_minutes, 0)), False


def newcomer_wait_minutes(ahead: int, open_counters: int, busy_counters: int, mean_service_minutes: float,
                          delay_minutes: int = 0) -> int:
    """Minutes until a newcomer with ``ahead`` people before them is called, plus a manual delay.

    ``open_counters`` serve in parallel and ``busy_counters`` of them are serving now. A free counter
    calls at once; otherwise the newcomer is called at the ``(ahead + 1 - free)``-th end of a service,
    which arrive on average every ``mean / counters`` minutes (an applicant already being served is
    half-way through, on average: so three people ahead never means "0 minutes" while counters are busy).
    With no counter open we still estimate as if one were, rather than promising nothing.
    """
    counters = max(1, open_counters)
    free = max(0, counters - max(0, busy_counters))
    delay = max(0, delay_minutes)
    if ahead < free:
        return delay
    ends_needed = ahead + 1 - free
    return math.ceil(ends_needed * max(0.0, mean_service_minutes) / counters) + delay
