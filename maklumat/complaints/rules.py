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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _

from maklumat.calendar.rules import WorkCalendar
from maklumat.lib.uploads import sniff_kind
from maklumat.lib.validation import bad_text

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


# --- What a complaint must carry, per channel (one check for form, API, mail intake and admin) ---

# Longest stored text of each field (the model's max_length; TextFields get a sane cap).
TEXT_LIMITS = {
    "subject": 200, "description": 5000, "reporter_name": 200, "reporter_phone": 20, "reporter_email": 254,
    "reporter_address": 300, "handle": 100, "letter_number": 100, "post_url": 500, "incident_place": 200,
    "reopen_reason": 1000,
}
PHONE_RE = re.compile(r"^\+?[0-9]{8,15}$")
# Shortest subject and description a person typing a complaint must give; mail and survey suggestions
# arrive as they were written and are never refused for being short.
MIN_SUBJECT, MIN_DESCRIPTION = 5, 20
TAKEN_AS_WRITTEN = frozenset({"email", "survey", "lapor"})


MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png"})


def scan_problem(name: str, size: int) -> str | None:
    """Why an uploaded letter scan cannot be stored (type by its name, size), or None."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in SCAN_TYPES:
        return _("Pindaian harus berupa PDF, JPG atau PNG.")
    if size > MAX_SCAN_BYTES:
        return _("Pindaian lebih dari 10 MB.")
    return None


@dataclass(frozen=True)
class IntakeFields:
    """What a new complaint says about itself, as plain values (no files: only whether a scan came)."""

    channel: str
    subject: str = ""
    description: str = ""
    anonymous: bool = False
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_address: str = ""
    platform: str = ""
    handle: str = ""
    post_url: str = ""
    letter_number: str = ""
    has_letter_scan: bool = False


def intake_problems(fields: IntakeFields) -> dict[str, str]:
    """Field → why a complaint with ``fields`` cannot be recorded; empty when it can.

    The channel rules: social media needs the platform and the account, an official letter its
    number and scan, a call its caller's number (unless anonymous), a walk-in the complainant's
    name (unless anonymous), the public web form a way to answer (e-mail or phone) and a name
    unless anonymous (then no contact either: the tracking code is the way back). Text may not hold
    NUL bytes nor exceed its field; what a person types has a minimum length (mail, survey suggestions
    and SP4N-LAPOR! forwards are taken as written).
    """
    problems: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        if not hasattr(fields, name):  # a text checked elsewhere (place of incident, reopening reason)
            continue
        message = bad_text(getattr(fields, name), max_length=limit)
        if message:
            problems[name] = message
    if "subject" not in problems and not fields.subject.strip():
        problems["subject"] = _("Perihal wajib diisi.")
    if "description" not in problems and not fields.description.strip():
        problems["description"] = _("Uraian pengaduan wajib diisi.")
    if fields.channel not in TAKEN_AS_WRITTEN:
        if fields.subject.strip() and len(fields.subject.strip()) < MIN_SUBJECT:
            problems.setdefault("subject", _("Perihal paling sedikit %(n)d karakter.") % {"n": MIN_SUBJECT})
        if fields.description.strip() and len(fields.description.strip()) < MIN_DESCRIPTION:
            problems.setdefault("description", _("Uraian paling sedikit %(n)d karakter.") % {"n": MIN_DESCRIPTION})
    phone = fields.reporter_phone.strip()
    if phone and "reporter_phone" not in problems and not PHONE_RE.fullmatch(phone):
        problems["reporter_phone"] = _("Nomor telepon hanya angka (8–15 digit), boleh diawali +.")
    named = fields.anonymous or fields.reporter_name.strip()
    if fields.channel == "social_media":
        if not fields.platform:
            problems.setdefault("platform", _("Wajib untuk pengaduan media sosial."))
        if not fields.handle.strip():
            problems.setdefault("handle", _("Wajib untuk pengaduan media sosial."))
    elif fields.channel == "letter":
        if not fields.letter_number.strip():
            problems.setdefault("letter_number", _("Wajib untuk pengaduan melalui surat dinas."))
        if not fields.has_letter_scan:
            problems.setdefault("letter_scan", _("Unggah pindaian surat."))
    elif fields.channel == "call_center":
        if not phone and not fields.anonymous:
            problems.setdefault("reporter_phone", _("Catat nomor penelepon (atau tandai anonim)."))
    elif fields.channel == "walk_in":
        if not named:
            problems.setdefault("reporter_name", _("Isi nama pelapor atau tandai anonim."))
    elif fields.channel == "web" and not fields.anonymous:
        # An anonymous web complaint needs no contact at all: its tracking code is the only way back.
        if not phone and not fields.reporter_email.strip():
            problems.setdefault("reporter_email",
                                _("Isi surel atau nomor telepon agar kami dapat menjawab pengaduan Anda."))
        if not named:
            problems.setdefault("reporter_name", _("Isi nama Anda atau centang \"Anonim\"."))
    return problems


# --- The national clocks of SP4N-LAPOR! (PermenPAN-RB 5/2025), next to the office's SOP ---
# Counted in working days of the office's calendar; "N working days after X" ends at 24:00 local time
# of the N-th working day, the day of X not counted (calendar.rules.WorkCalendar.end_of_nth_working_day).

# A complaint is verified (accepted and routed: the officer's triage step done) within 3 working days.
VERIFY_WORKING_DAYS = 3
# The follow-up (the answer to the complainant) is posted within 5 working days after verification.
FOLLOW_UP_WORKING_DAYS = 5
# After the answer the complainant has 10 working days to reply (reopen); then the complaint closes.
AUTO_CLOSE_WORKING_DAYS = 10


class ClockState(StrEnum):
    RUNNING = "running"  # not done yet, its due not passed
    OVERDUE = "overdue"  # not done and its due passed
    MET = "met"  # done before its due
    LATE = "late"  # done after its due
    WAITING = "waiting"  # cannot start yet (the follow-up waits for the verification)


@dataclass(frozen=True)
class NationalClock:
    due: datetime | None
    done_at: datetime | None
    state: ClockState


@dataclass(frozen=True)
class NationalClocks:
    verification: NationalClock
    follow_up: NationalClock


def _clock(due: datetime | None, done_at: datetime | None, now: datetime) -> NationalClock:
    if due is None:
        return NationalClock(None, done_at, ClockState.WAITING)
    if done_at is not None:
        return NationalClock(due, done_at, ClockState.MET if done_at < due else ClockState.LATE)
    return NationalClock(due, None, ClockState.OVERDUE if now >= due else ClockState.RUNNING)


def national_clocks(calendar: WorkCalendar, *, received_at: datetime, verified_at: datetime | None,
                    answered_at: datetime | None, now: datetime) -> NationalClocks:
    """The verification (3 working days after receipt) and follow-up (5 working days after verification)
    clocks of a complaint at ``now``. An answer given without a separate verification verifies it too."""
    verified_at = verified_at or answered_at
    verify_due = calendar.end_of_nth_working_day(received_at, VERIFY_WORKING_DAYS)
    follow_due = (calendar.end_of_nth_working_day(verified_at, FOLLOW_UP_WORKING_DAYS)
                  if verified_at is not None else None)
    return NationalClocks(_clock(verify_due, verified_at, now), _clock(follow_due, answered_at, now))


def reply_window_end(calendar: WorkCalendar, answered_at: datetime) -> datetime:
    """Until when the complainant may reply to (reopen) an answered complaint; after it, it closes."""
    return calendar.end_of_nth_working_day(answered_at, AUTO_CLOSE_WORKING_DAYS)


def may_reopen(calendar: WorkCalendar, *, answered_at: datetime | None, closed: bool, now: datetime) -> bool:
    """An answered complaint may be reopened, with a reason, inside its reply window and before it closed."""
    return answered_at is not None and not closed and now < reply_window_end(calendar, answered_at)


def auto_close_due(calendar: WorkCalendar, *, answered_at: datetime | None, closed: bool, now: datetime) -> bool:
    """The sweep closes an answered complaint once its reply window has passed without a reply."""
    return answered_at is not None and not closed and now >= reply_window_end(calendar, answered_at)


# --- Attachments: what a file IS (by its first bytes), never what its name says ---

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def attachment_problem(head: bytes, size: int) -> str | None:
    """Why a file cannot be attached (its content is not a photo or PDF, or it is too large), or None."""
    if size == 0:
        return _("Berkas kosong.")
    if size > MAX_ATTACHMENT_BYTES:
        return _("Berkas lebih dari %(mb)s MB.") % {"mb": f"{MAX_ATTACHMENT_BYTES / (1024 * 1024):g}"}
    if sniff_kind(head) is None:  # lib.uploads: the type is the content's, never the name's
        return _("Lampiran harus berupa foto (JPG/PNG) atau PDF.")
    return None


def incident_problem(incident_on: date | None, received_on: date) -> str | None:
    """The incident cannot have happened after the complaint about it was received."""
    if incident_on is not None and incident_on > received_on:
        return _("Tanggal kejadian tidak boleh sesudah tanggal pengaduan.")
    return None
