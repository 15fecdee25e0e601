"""Queue use cases: issuing numbers, check-in, calling, recall, no-show, transfer, end of service.

Correctness under concurrency:
- numbers come from one ``DaySequence`` row per series and office day, incremented with an
  ``UPDATE … RETURNING`` that holds the row lock until commit, so numbers are gapless and
  never repeat;
- calling next locks the head ticket of each class ``FOR UPDATE SKIP LOCKED`` and moves the
  chosen one from waiting to called with a conditional update, so two counters never get
  the same ticket and never wait for each other. On SQLite the IMMEDIATE transactions
  serialise writers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from django.db import DataError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maklumat.applications.events import is_known_event
from maklumat.applications.models import Application
from maklumat.applications.notify import batched
from maklumat.applications.services import application_event_record
from maklumat.audit.chain import chain_name, counter_chain_name
from maklumat.audit.fastpath import (
    PendingEntry,
    audit_ctes,
    audit_write,
    ensure_head,
    forget_heads,
    is_missing_head,
    written_or_fail,
)
from maklumat.audit.services import audit_record
from maklumat.lib.validation import bad_text
from maklumat.notifications.services import message_enqueue
from maklumat.offices.scoping import authorize_in_office
from maklumat.queueing import rules
from maklumat.queueing.hot import setup_of
from maklumat.queueing.kiosk_devices import KioskDevice, authorize_kiosk
from maklumat.queueing.models import (
    Booking,
    BreakReason,
    Call,
    Counter,
    CounterBreak,
    DaySequence,
    QueueConfig,
    Series,
    Step,
    Ticket,
    TicketOrigin,
    TicketStatus,
    Visit,
    VisitOutcome,
)
from maklumat.queueing.rules import TicketClass
from maklumat.queueing.selectors import (
    calling_rule_of,
    calls_of_stay,
    config_for,
    current_ticket,
    general_streak,
    kiosk_walk_ins,
    max_wait_of,
    no_show_rule_of,
    office_day,
    waiting_heads,
)

EVENT_SOURCE = "antrian"
COMPENSATION_SERIES_CODE = "K"


class QueueError(Exception):
    """A refused queue action, with a message an officer or applicant can act on.

    ``field`` names the input at fault when the input itself is wrong (the API answers 422
    naming it); without it the action was refused by the state of the queue (409).
    """

    def __init__(self, message: str, code: str = "refused", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


def _invalid(field: str, message: str) -> QueueError:
    return QueueError(message, "invalid", field=field)


def clean_phone(phone: str) -> str:
    """The phone as stored, or a refusal naming the field: the same rule for every entry."""
    phone = (phone or "").strip()
    problem = bad_text(phone, max_length=Ticket._meta.get_field("phone").max_length) or rules.phone_problem(phone)
    if problem:
        raise _invalid("phone", problem)
    return phone


def clean_text(field: str, value: str, max_length: int) -> str:
    value = (value or "").strip()
    problem = bad_text(value, max_length=max_length)
    if problem:
        raise _invalid(field, problem)
    return value


def _saved_config(office) -> QueueConfig:
    """The office's queue settings as a stored row (created with the defaults on first use), to lock."""
    config, _created = QueueConfig.objects.get_or_create(office=office)
    return config


# --- issuing numbers -----------------------------------------------------------------------------

def _take_number(ticket: Ticket) -> int:
    """Give ``ticket`` the next number of its series and day, as the last write of the transaction.

    The series-day row is incremented with ``UPDATE … RETURNING``, which locks it until commit:
    numbers are gapless and never repeat. Because it comes last, the lock is held only for this
    statement and the commit, so kiosks wait for each other as briefly as possible. On
    PostgreSQL the increment and the ticket update are one statement.
    """
    table, tickets = DaySequence._meta.db_table, Ticket._meta.db_table
    params = [ticket.series_id, ticket.day]
    with connection.cursor() as cursor:
        for attempt in range(2):
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"WITH s AS (UPDATE {table} SET last_number = last_number + 1 WHERE series_id = %s AND day = %s "
                    f"RETURNING last_number) UPDATE {tickets} SET number = s.last_number FROM s "
                    f"WHERE {tickets}.id = %s "
                    f"RETURNING s.last_number", [*params, ticket.pk])
                row = cursor.fetchone()
            else:
                cursor.execute(f"UPDATE {table} SET last_number = last_number + 1 WHERE series_id = %s AND day = %s "
                               f"RETURNING last_number", params)
                row = cursor.fetchone()
                if row is not None:
                    cursor.execute(f"UPDATE {tickets} SET number = %s WHERE id = %s", [row[0], ticket.pk])
            if row is not None:
                ticket.number = row[0]
                return row[0]
            if attempt == 0:
                # First number of the day: create the row (a concurrent creator wins silently), then count.
                DaySequence.objects.bulk_create(
                    [DaySequence(office_id=ticket.office_id, series_id=ticket.series_id, day=ticket.day)],
                    ignore_conflicts=True)
    raise RuntimeError("day sequence row missing after creation")


def _record(application: Application | None, name: str, at: datetime, actor) -> None:
    if application is not None and is_known_event(name):
        application_event_record(application=application, name=name, at=at, actor=actor, source=EVENT_SOURCE)


def _record_step(ticket: Ticket, step: Step, edge: str, at: datetime, actor) -> None:
    """``<step code>_start`` / ``_finish`` on the timeline, for steps that are SOP steps (e.g. ``intake``)."""
    if ticket.application_id is not None:
        _record(ticket.application, f"{step.code}_{edge}", at, actor)


def ticket_issue(
    *, office, actor, series: Series, step: Step, origin: str, application: Application | None = None,
    booking: Booking | None = None, phone: str = "", now: datetime | None = None,
) -> Ticket:
    """Give the next number of ``series`` for ``step`` (an officer's hand, or another area's remedy)."""
    authorize_in_office(actor, office, "queueing.ticket_issue")
    phone = clean_phone(phone)
    with transaction.atomic():
        return _issue(office=office, actor=actor, series=series, step=step, origin=origin, application=application,
                      booking=booking, phone=phone, now=now)


def _issue(*, office, actor, series, step, origin, application, booking, phone, now) -> Ticket:
    """The body of every issuing use case: the caller has authorized the actor, cleaned the
    phone and holds the transaction (no savepoint needed)."""
    if series.office_id != office.pk or step.office_id != office.pk:
        raise QueueError(_("Seri atau langkah bukan milik kantor ini."), "wrong_office")
    if application is not None and application.office_id != office.pk:
        raise QueueError(_("Permohonan bukan milik kantor ini."), "wrong_office")
    now = now or timezone.now()
    day = office_day(office, now)
    if connection.vendor == "postgresql" and application is None:
        return _issue_in_one_statement(office=office, actor=actor, series=series, step=step, origin=origin,
                                       booking=booking, phone=phone, now=now, day=day)
    first_today = application is not None and not Ticket.objects.filter(application=application, day=day).exists()
    ticket = Ticket.objects.create(
        office=office, series=series, day=day, number=None, ticket_class=series.ticket_class, origin=origin,
        step=step, waiting_since=now, issued_at=now, issued_by=actor if getattr(actor, "is_authenticated", False)
        else None, application=application, booking=booking, phone=phone,
    )
    Visit.objects.create(ticket=ticket, office=office, day=day, step=step, ticket_class=ticket.ticket_class,
                         joined_at=now)
    if application is not None:
        with batched():  # both events of the application recounted once
            if first_today:
                _record(application, "queue_ticket", now, actor)
            if step.is_biometric:
                _record(application, "biometric_ticket", now, actor)
    # The audit row names the series; the number itself is on the ticket, taken last of all.
    audit_record(actor=actor, action="queue.ticket_issue", obj=ticket, office=office,
                 summary=_issue_summary(series, origin, step, actor),
                 after={"series": series.code, "day": day.isoformat(), "step": step.code, "origin": origin})
    _take_number(ticket)  # last: from here the series row is locked until commit
    return ticket


def _actor_id(actor) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def _issue_summary(series: Series, origin: str, step: Step, actor=None) -> str:
    by_device = f" · {actor.audit_label}" if isinstance(actor, KioskDevice) else ""
    return f"seri {series.code} ({TicketOrigin(origin).label}) → {step.name}{by_device}"


def _issue_in_one_statement(*, office, actor, series, step, origin, booking, phone, now, day) -> Ticket:
    """PostgreSQL: number, ticket, visit and audit row in ONE statement (no application to record).

    The series-day row is upserted (first number of the day included) and its lock held to the
    commit: gapless, never repeated. The office's audit chain head is locked in the same statement,
    after the number (one lock order for every writer), and the entry hashed by the database.
    Outside a transaction (the kiosk's issue) the statement is its own transaction: both locks are
    released by the database itself at its end, with no Python work and no round trip while held.
    """
    actor_id = _actor_id(actor)
    summary = _issue_summary(series, origin, step, actor)
    after = {"series": series.code, "day": day.isoformat(), "step": step.code, "origin": origin}
    entry = PendingEntry(at=timezone.now(), actor_id=actor_id, office_id=office.pk, action="queue.ticket_issue",
                         object_type=Ticket._meta.label_lower, object_id_sql="t.id::text", summary=summary,
                         after=after)
    chain = chain_name(office.pk)
    ensure_head(chain)
    audit, audit_params, inserted = audit_ctes([entry], chain=chain, after_cte="t")
    own_transaction = not connection.in_atomic_block  # then no entry may be missing: the statement fails
    seq, tickets, visits = DaySequence._meta.db_table, Ticket._meta.db_table, Visit._meta.db_table
    sql = (
        f"WITH s AS (INSERT INTO {seq} (office_id, series_id, day, last_number) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (series_id, day) DO UPDATE SET last_number = {seq}.last_number + 1 RETURNING last_number), "
        f"t AS (INSERT INTO {tickets} (office_id, series_id, day, number, ticket_class, origin, step_id, status, "
        f"waiting_since, issued_at, issued_by_id, booking_id, phone) "
        f"SELECT %s, %s, %s, s.last_number, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM s RETURNING id, number), "
        f"v AS (INSERT INTO {visits} (ticket_id, office_id, day, step_id, ticket_class, joined_at, outcome) "
        f"SELECT t.id, %s, %s, %s, %s, %s, '' FROM t), {audit} "
        f"SELECT t.id, t.number, "
        + (written_or_fail(inserted) if own_transaction else f"(SELECT count(*) FROM {inserted})") + " FROM t"
    )
    params = [office.pk, series.pk, day,
              office.pk, series.pk, day, series.ticket_class, origin, step.pk, TicketStatus.WAITING, now, now,
              actor_id, booking.pk if booking is not None else None, phone,
              office.pk, day, step.pk, series.ticket_class, now, *audit_params]
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql, params)  # noqa: S608 - table names are our models'
        except DataError as exc:
            if not (own_transaction and is_missing_head(exc)):
                raise
            forget_heads()  # the head row was gone (a flushed test database): create it, then once more
            ensure_head(chain)
            cursor.execute(sql, params)  # noqa: S608
        pk, number, audited = cursor.fetchone()
    ticket = Ticket(pk=pk, office=office, series=series, day=day, number=number, ticket_class=series.ticket_class,
                    origin=origin, step=step, status=TicketStatus.WAITING, waiting_since=now, issued_at=now,
                    issued_by_id=actor_id, booking=booking, phone=phone)
    ticket._state.adding, ticket._state.db = False, "default"
    if not audited:  # the chain's head row did not exist (first entry, or a flushed test database)
        forget_heads()
        audit_record(actor=actor, action="queue.ticket_issue", obj=ticket, office=office, summary=summary,
                     after=after)
    return ticket


def _series_of_class(office, ticket_class: str, prefer_code: str | None = None) -> Series:
    candidates = list(Series.objects.filter(office=office, ticket_class=ticket_class))
    if not candidates:
        raise QueueError(_("Kantor ini belum punya seri nomor untuk kelas ini."), "no_series")
    preferred = [s for s in candidates if s.code == prefer_code]
    return (preferred or candidates)[0]


def entry_step(office) -> Step:
    step = Step.objects.filter(office=office, kiosk_visible=True).first() or Step.objects.filter(office=office).first()
    if step is None:
        raise QueueError(_("Kantor ini belum mengatur langkah antrian."), "no_step")
    return step


def kiosk_ticket_issue(
    *, office, actor, ticket_class: str, step: Step, phone: str = "", now: datetime | None = None
) -> Ticket:
    """A walk-in number from the kiosk, within the daily walk-in quota and the classes allowed to walk in.

    One transaction; on PostgreSQL without a walk-in quota, the one statement that writes the number,
    ticket, visit and audit entry is that transaction (committed by the database at its end).
    """
    kwargs = {"office": office, "actor": actor, "ticket_class": ticket_class, "step": step, "phone": phone, "now": now}
    if (connection.vendor == "postgresql" and not connection.in_atomic_block
            and setup_of(office).config.walk_in_daily_quota is None):
        return _kiosk_ticket_issue(**kwargs)
    with transaction.atomic():
        return _kiosk_ticket_issue(**kwargs)


def _kiosk_ticket_issue(
    *, office, actor, ticket_class: str, step: Step, phone: str = "", now: datetime | None = None
) -> Ticket:
    authorize_kiosk(actor, office)
    phone = clean_phone(phone)
    if not step.kiosk_visible or step.office_id != office.pk:
        raise QueueError(_("Layanan ini tidak dapat dipilih di kiosk."), "step_not_allowed")
    if ticket_class not in {c.value for c in TicketClass}:
        shown = ticket_class[:20].replace("\x00", "")  # echo what was sent, never a NUL or a megabyte of it
        raise _invalid("ticket_class", _("Kelas antrian tidak dikenal: %(value)s.") % {"value": shown})
    setup = setup_of(office)
    config = setup.config
    walk_in = [s for s in setup.series if s.walk_in_allowed]
    series = next((s for s in walk_in if s.ticket_class == ticket_class), None)
    allowed = frozenset(rules.TicketClass(s.ticket_class) for s in walk_in)
    issued_today = 0
    if config.walk_in_daily_quota is not None:
        # Lock the office's queue settings so two kiosks cannot both take the last walk-in place.
        saved = config.pk or _saved_config(office).pk
        config = QueueConfig.objects.select_for_update(no_key=True).get(pk=saved)
        issued_today = kiosk_walk_ins(office, office_day(office, now))
    verdict = rules.walk_in_verdict(rules.TicketClass(ticket_class), allowed, issued_today, config.walk_in_daily_quota)
    if verdict == rules.WalkInVerdict.CLASS_NOT_ALLOWED or series is None:
        raise QueueError(_("Kelas antrian ini tidak melayani pemohon datang langsung."), verdict.value)
    if verdict == rules.WalkInVerdict.QUOTA_FULL:
        raise QueueError(_("Kuota pemohon datang langsung hari ini sudah habis. Silakan daftar lewat M-Paspor."),
                         verdict.value)
    return _issue(office=office, actor=actor, series=series, step=step, origin=TicketOrigin.KIOSK,
                  application=None, booking=None, phone=phone, now=now)


@transaction.atomic
def booking_check_in(*, office, actor, code: str, phone: str = "", now: datetime | None = None) -> Ticket:
    """Check in an M-Paspor booking by its code within its slot window; links the application if known."""
    authorize_kiosk(actor, office)
    now = now or timezone.now()
    code = clean_text("code", code, Booking._meta.get_field("code").max_length).upper()
    phone = clean_phone(phone)
    booking = Booking.objects.select_for_update(no_key=True).filter(office=office, code=code).first()
    if booking is None:
        raise QueueError(_("Kode booking %(code)s tidak ditemukan di kantor ini.") % {"code": code}, "unknown")
    if booking.checked_in_at is not None:
        ticket = Ticket.objects.filter(booking=booking).select_related("series").first()
        number = ticket.display_number if ticket else "-"
        raise QueueError(_("Kode booking ini sudah check-in (nomor %(number)s).") % {"number": number}, "twice")
    config = config_for(office)
    window = rules.check_in_window(booking.slot_start, booking.slot_end, config.check_in_early_minutes,
                                   config.check_in_late_minutes)
    verdict = rules.check_in_verdict(now, window)
    if verdict == rules.CheckInVerdict.TOO_EARLY:
        opens = office.localtime(window.opens)
        raise QueueError(_("Terlalu awal: check-in dibuka pukul %(time)s.") % {"time": f"{opens:%H:%M}"}, verdict.value)
    if verdict == rules.CheckInVerdict.TOO_LATE:
        raise QueueError(_("Slot booking sudah lewat. Silakan hubungi petugas atau pesan ulang di M-Paspor."),
                         verdict.value)
    application = Application.objects.filter(office=office, booking_code__iexact=code).first()
    series = _series_of_class(office, booking.ticket_class)
    Booking.objects.filter(pk=booking.pk).update(checked_in_at=now)
    return _issue(office=office, actor=actor, series=series, step=entry_step(office), origin=TicketOrigin.BOOKING,
                  application=application, booking=booking, phone=phone or booking.phone, now=now)


def officer_ticket_issue(
    *, office, actor, series: Series, step: Step, phone: str = "", application: Application | None = None,
    now: datetime | None = None,
) -> Ticket:
    """A number given by an officer (outside the walk-in quota, e.g. for someone sent back)."""
    return ticket_issue(office=office, actor=actor, series=series, step=step, origin=TicketOrigin.OFFICER,
                        application=application, phone=phone, now=now)


@transaction.atomic
def compensation_ticket_issue(*, office, actor, application: Application | None = None,
                              now: datetime | None = None) -> Ticket:
    """A number of the compensation series (default ``K``), called before every other (seed 000 F.3).

    The applicant continues at the step of their open ticket of today, if any; otherwise at
    the office's entry step.
    """
    authorize_in_office(actor, office, "queueing.ticket_issue")
    series = _series_of_class(office, TicketClass.COMPENSATION, prefer_code=COMPENSATION_SERIES_CODE)
    step = None
    if application is not None:
        open_ticket = (Ticket.objects.filter(application=application, day=office_day(office, now))
                       .exclude(status__in=[TicketStatus.DONE, TicketStatus.NO_SHOW]).select_related("step").last())
        step = open_ticket.step if open_ticket else None
    return _issue(office=office, actor=actor, series=series, step=step or entry_step(office),
                  origin=TicketOrigin.COMPENSATION, application=application, booking=None, phone="", now=now)


# --- counters ------------------------------------------------------------------------------------

def _lock_heads(office, day, step_ids: list[int]) -> list[Ticket]:
    """The longest-waiting ticket of each class, locked ``FOR NO KEY UPDATE SKIP LOCKED``.

    A head another counter is calling right now is skipped instead of waited for, so counters
    never block each other and never take the same ticket. (SQLite ignores row locks; its
    writers are serialised.)
    """
    heads: list[Ticket] = []
    for ticket_class in TicketClass:
        head = (Ticket.objects.filter(office=office, day=day, step_id__in=step_ids, status=TicketStatus.WAITING,
                                      ticket_class=ticket_class)
                .select_related("series", "step", "application")
                .select_for_update(skip_locked=True, no_key=True, of=("self",))
                .order_by("waiting_since", "number", "id").first())
        if head is not None:
            heads.append(head)
    return heads


def _close_visit(ticket: Ticket, now: datetime, outcome: str) -> None:
    Visit.objects.filter(ticket=ticket, ended_at__isnull=True).update(ended_at=now, outcome=outcome)


def _finish(ticket: Ticket, *, office, actor, now: datetime, status: str, outcome: str, action: str,
            chain: str | None = None) -> None:
    if not Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(status=status, finished_at=now):
        raise QueueError(_("Nomor ini sudah tidak dilayani di loket ini."), "stale")
    _close_visit(ticket, now, outcome)
    if outcome == VisitOutcome.DONE:
        _record_step(ticket, ticket.step, "finish", now, actor)
    with translation.override("id"):  # the audit trail is kept in the office's language, with labels
        label = str(VisitOutcome(outcome).label)
    audit_record(actor=actor, action=action, obj=ticket, office=office, summary=f"{ticket.display_number}: {label}",
                 chain=chain)


@transaction.atomic
def call_next(*, counter: Counter, actor, now: datetime | None = None) -> Ticket | None:
    """End the counter's current ticket and call the next one by the office's rule (or ``None``)."""
    _authorize_counter(actor, counter)
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        setup = setup_of(counter.office)
        if counter.pk in setup.counters:
            return _call_next_fast(counter=setup.counters[counter.pk], setup=setup, actor=actor, now=now)
    counter = (Counter.objects.select_for_update(no_key=True, of=("self",))
               .select_related("office", "office__queue_config").get(pk=counter.pk))
    office = counter.office
    if CounterBreak.objects.filter(counter=counter, ended_at__isnull=True).exists():
        raise _paused()
    current = current_ticket(counter)
    if current is not None:
        _finish(current, office=office, actor=actor, now=now, status=TicketStatus.DONE, outcome=VisitOutcome.DONE,
                action="queue.ticket_end", chain=counter_chain_name(office.pk, counter.pk))
    step_ids = list(counter.steps.values_list("id", flat=True))
    if not step_ids:
        raise QueueError(_("Loket ini belum melayani langkah apa pun."), "no_step")
    config = getattr(office, "queue_config", None) or config_for(office)
    day = office_day(office, now)
    rule = calling_rule_of(config, max_wait_of(office, day, config))
    # The streak only matters when a ratio rule can apply at this counter.
    needs_streak = rule.kind == rules.RuleKind.RATIO and not counter.priority_room
    streak = general_streak(counter, day, rule.general_per_priority) if needs_streak else 0
    locked = _lock_heads(office, day, step_ids)
    heads = [rules.Waiting(id=t.pk, ticket_class=rules.TicketClass(t.ticket_class), waiting_since=t.waiting_since,
                           number=t.number or 0) for t in locked]
    # The head of each class is its longest waiting, so the oldest overdue ticket is among the heads.
    chosen = rules.next_ticket(heads, rule, streak, counter.priority_room, now)
    if chosen is None:
        return None
    moved = Ticket.objects.filter(pk=chosen.id, status=TicketStatus.WAITING).update(
        status=TicketStatus.CALLED, counter=counter, called_at=now)
    if moved != 1:  # cannot happen while the head is locked; refuse rather than double-call
        raise QueueError(_("Nomor ini baru saja dipanggil loket lain. Coba lagi."), "race")
    ticket = next(t for t in locked if t.pk == chosen.id)
    ticket.status, ticket.counter, ticket.called_at = TicketStatus.CALLED, counter, now
    officer = actor if getattr(actor, "is_authenticated", False) else None
    Visit.objects.filter(ticket=ticket, ended_at__isnull=True).update(called_at=now, counter=counter, officer=officer)
    Call.objects.create(office=office, ticket=ticket, counter=counter, officer=officer, at=now,
                        ticket_class=ticket.ticket_class)
    _record_step(ticket, ticket.step, "start", now, actor)  # biometric_start at a biometric counter
    audit_record(actor=actor, action="queue.call", obj=ticket, office=office,
                 summary=f"{ticket.display_number} → {counter.name}", chain=counter_chain_name(office.pk, counter.pk))
    if config.near_notice_ahead:
        _notify_near(office, day, step_ids, rule, streak_after_call=rules.streak_after(streak, chosen.ticket_class),
                     priority_room=counter.priority_room, ahead=config.near_notice_ahead, now=now)
    return ticket


def _call_next_fast(*, counter: Counter, setup, actor, now: datetime) -> Ticket | None:
    """PostgreSQL: end the current ticket and call the next in three short statements, no ORM.

    1. lock this counter's row (its actions run one at a time; nobody else waits for it) and read
       its calls of today when the ratio rule needs the streak;
    2. one statement ends the current ticket and its visit, picks the first waiting ticket in the
       order of ``rules.class_order`` (``FOR NO KEY UPDATE SKIP LOCKED``: counters never wait for
       each other nor take the same ticket), calls it, updates its visit and inserts the call;
    3. one statement locks the office's audit chain head and writes the audit rows; then commit.
    Timeline events of a linked application and near notifications happen between 2 and 3, while
    only this counter's rows are locked.
    """
    office, rule, config = setup.office, setup.rule, setup.config
    step_ids = list(setup.counter_steps.get(counter.pk, ()))
    if not step_ids:
        raise QueueError(_("Loket ini belum melayani langkah apa pun."), "no_step")
    day = office_day(office, now)
    rule = replace(rule, max_wait=max_wait_of(office, day, config))
    cutoff = rules.overdue_before(rule, now)
    paused_sql = (f"EXISTS (SELECT 1 FROM {CounterBreak._meta.db_table} WHERE counter_id = %s "
                  f"AND ended_at IS NULL)")
    needs_streak = rule.kind == rules.RuleKind.RATIO and not counter.priority_room
    counters, tickets, visits, calls = (Counter._meta.db_table, Ticket._meta.db_table, Visit._meta.db_table,
                                        Call._meta.db_table)
    with connection.cursor() as cursor:
        if needs_streak:
            cursor.execute(
                f"SELECT ARRAY(SELECT c.ticket_class FROM {calls} c JOIN {tickets} t ON t.id = c.ticket_id "
                f"WHERE c.counter_id = %s AND NOT c.is_recall AND c.at >= %s AND t.day = %s "
                f"ORDER BY c.id DESC LIMIT %s), {paused_sql} FROM {counters} WHERE id = %s "
                f"FOR NO KEY UPDATE OF {counters}",
                [counter.pk, office.start_of_day(day) - timedelta(days=1), day, rule.general_per_priority + 20,
                 counter.pk, counter.pk])
            recent, paused = cursor.fetchone()
            streak = rules.general_streak_of(recent)
        else:
            cursor.execute(f"SELECT {paused_sql} FROM {counters} WHERE id = %s FOR NO KEY UPDATE",
                           [counter.pk, counter.pk])
            paused = cursor.fetchone()[0]
            streak = 0
        if paused:
            raise _paused()
        order = rules.class_order(rule, streak, counter.priority_room)
        officer_id = _actor_id(actor)
        returned = ("id, series_id, number, step_id, application_id, ticket_class, waiting_since, issued_at, "
                    "origin, phone")
        cursor.execute(
            f"WITH cur AS (UPDATE {tickets} SET status = %s, finished_at = %s WHERE counter_id = %s AND status = %s "
            f"RETURNING {returned}), "
            f"curv AS (UPDATE {visits} v SET ended_at = %s, outcome = %s FROM cur "
            f"WHERE v.ticket_id = cur.id AND v.ended_at IS NULL), "
            f"pick AS (SELECT id FROM {tickets} WHERE office_id = %s AND day = %s AND step_id = ANY(%s) "
            # rules.next_ticket: the queue-free class, then the overdue (longest waiting, any class), then
            # the class order; within each, the longest waiting.
            f"AND status = %s ORDER BY CASE WHEN ticket_class = %s THEN 0 "
            f"WHEN waiting_since < %s::timestamptz THEN 1 ELSE 2 END, "
            f"CASE WHEN ticket_class = %s OR waiting_since < %s::timestamptz THEN 0 "
            f"ELSE CASE ticket_class WHEN %s THEN 1 WHEN %s THEN 2 ELSE 3 END END, "
            f"waiting_since, number, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED), "
            f"nxt AS (UPDATE {tickets} t SET status = %s, counter_id = %s, called_at = %s FROM pick "
            f"WHERE t.id = pick.id AND t.status = %s RETURNING "
            + ", ".join(f"t.{c.strip()}" for c in returned.split(",")) + "), "
            f"nv AS (UPDATE {visits} v SET called_at = %s, counter_id = %s, officer_id = %s FROM nxt "
            f"WHERE v.ticket_id = nxt.id AND v.ended_at IS NULL), "
            f"c AS (INSERT INTO {calls} (office_id, ticket_id, counter_id, officer_id, at, is_recall, ticket_class) "
            f"SELECT %s, nxt.id, %s, %s, %s, false, nxt.ticket_class FROM nxt), "
            f"near AS (SELECT EXISTS (SELECT 1 FROM {tickets} WHERE office_id = %s AND day = %s "
            f"AND step_id = ANY(%s) AND status = %s AND near_notified_at IS NULL AND phone <> '') AS any) "
            f"SELECT 'cur', cur.*, near.any FROM cur, near UNION ALL SELECT 'nxt', nxt.*, near.any FROM nxt, near",
            [TicketStatus.DONE, now, counter.pk, TicketStatus.CALLED,
             now, VisitOutcome.DONE,
             office.pk, day, step_ids, TicketStatus.WAITING, rules.QUEUE_FREE.value, cutoff, rules.QUEUE_FREE.value,
             cutoff, order[1].value, order[2].value,
             TicketStatus.CALLED, counter.pk, now, TicketStatus.WAITING,
             now, counter.pk, officer_id,
             office.pk, counter.pk, officer_id, now,
             office.pk, day, step_ids, TicketStatus.WAITING])
        rows = cursor.fetchall()
    series = {s.pk: s for s in setup.series}
    steps = {s.pk: s for s in setup.steps.values()}
    found = {}
    near_with_phone = False
    for kind, pk, series_id, number, step_id, application_id, ticket_class, since, issued_at, origin, phone, near \
            in rows:
        near_with_phone = near
        ticket = Ticket(pk=pk, office=office, series=series[series_id], day=day, number=number,
                        ticket_class=ticket_class, origin=origin, step=steps[step_id], waiting_since=since,
                        issued_at=issued_at, application_id=application_id, phone=phone)
        ticket._state.adding, ticket._state.db = False, "default"
        if kind == "cur":
            ticket.status, ticket.finished_at = TicketStatus.DONE, now
        else:
            ticket.status, ticket.counter, ticket.called_at = TicketStatus.CALLED, counter, now
        found[kind] = ticket
    current, called = found.get("cur"), found.get("nxt")
    entries = []
    steps = [(ticket, edge) for ticket, edge in ((current, "finish"), (called, "start"))
             if ticket is not None and ticket.application_id is not None]
    if steps:
        with batched():  # the ended and the called application recounted together
            for ticket, edge in steps:
                _record_step(ticket, ticket.step, edge, now, actor)
    if current is not None:
        with translation.override("id"):
            label = str(VisitOutcome.DONE.label)
        entries.append(("queue.ticket_end", current, f"{current.display_number}: {label}"))
    if called is not None:
        entries.append(("queue.call", called, f"{called.display_number} → {counter.name}"))
        if config.near_notice_ahead and near_with_phone:
            _notify_near(office, day, step_ids, rule,
                         streak_after_call=rules.streak_after(streak, rules.TicketClass(called.ticket_class)),
                         priority_room=counter.priority_room, ahead=config.near_notice_ahead, now=now)
    if entries:
        _audit_fast(entries, actor=actor, office=office, chain=counter_chain_name(office.pk, counter.pk))
    return called


def _audit_fast(entries: list[tuple[str, Ticket, str]], *, actor, office, chain: str) -> None:
    """The audit rows of one action in one statement: the chain's head is locked last."""
    at = timezone.now()
    pending = [PendingEntry(at=at, actor_id=_actor_id(actor), office_id=office.pk, action=action,
                            object_type=Ticket._meta.label_lower, object_id=str(ticket.pk), summary=summary)
               for action, ticket, summary in entries]
    ensure_head(chain)
    if audit_write(pending, chain=chain) != len(pending):
        forget_heads()  # the chain's head row did not exist: the plain path creates it
        for action, ticket, summary in entries:
            audit_record(actor=actor, action=action, obj=ticket, office=office, summary=summary, chain=chain)


def _notify_near(office, day, step_ids, rule, *, streak_after_call, priority_room, ahead, now) -> None:
    """Tell applicants who left a phone that their number is near (queued in the outbox, once per ticket)."""
    with_phone = (Ticket.objects.filter(office=office, day=day, step_id__in=step_ids, status=TicketStatus.WAITING,
                                        near_notified_at__isnull=True).exclude(phone=""))
    if not with_phone.exists():
        return
    heads = waiting_heads(office, day, step_ids, per_class=ahead)
    near_ids = [w.id for w in rules.calling_order(heads, rule, streak_after_call, priority_room, limit=ahead,
                                                  now=now)]
    for ticket in with_phone.filter(pk__in=near_ids).select_related("series"):
        if Ticket.objects.filter(pk=ticket.pk, near_notified_at__isnull=True).update(near_notified_at=now):
            position = near_ids.index(ticket.pk) + 1
            message = (f"{office.short_name}: nomor antrian {ticket.display_number} tinggal {position} "
                       f"antrean lagi. Mohon bersiap di ruang tunggu.")
            message_enqueue(office=office, kind="queue_near", key=f"queue_near:{ticket.pk}", body=message,
                            subject=message, phone=ticket.phone)  # the outbox, in this transaction


def _authorize_counter(actor, counter: Counter) -> None:
    authorize_in_office(actor, counter.office, "queueing.counter_serve")


def _paused() -> QueueError:
    return QueueError(_("Loket sedang jeda: lanjutkan layanan dulu untuk memanggil nomor."), "paused")


def _lock_counter(counter: Counter, actor) -> None:
    """Authorize, then lock the counter row: its actions run one at a time (other counters never wait)."""
    _authorize_counter(actor, counter)
    Counter.objects.select_for_update(no_key=True).filter(pk=counter.pk).values_list("pk").get()


def _require_current(counter: Counter, actor) -> Ticket:
    """The counter's current ticket; the counter row is locked so its actions run one at a time."""
    _lock_counter(counter, actor)
    ticket = current_ticket(counter)
    if ticket is None:
        raise QueueError(_("Tidak ada nomor yang sedang dilayani di loket ini."), "nothing_called")
    return ticket


@transaction.atomic
def ticket_recall(*, counter: Counter, actor, now: datetime | None = None) -> Ticket:
    """Call the counter's current number again (the board announces it again)."""
    now = now or timezone.now()
    ticket = _require_current(counter, actor)
    Call.objects.create(office_id=counter.office_id, ticket=ticket, counter=counter, at=now, is_recall=True,
                        officer=actor if getattr(actor, "is_authenticated", False) else None,
                        ticket_class=ticket.ticket_class)
    audit_record(actor=actor, action="queue.recall", obj=ticket, office=counter.office,
                 summary=f"{ticket.display_number} dipanggil ulang ke {counter.name}")
    return ticket


@transaction.atomic
def ticket_no_show(*, counter: Counter, actor, now: datetime | None = None) -> Ticket:
    """The called applicant did not come: the number ends as no-show, once the office's grace is over
    (``rules.no_show_verdict``: enough recalls, and the grace since the last call)."""
    now = now or timezone.now()
    ticket = _require_current(counter, actor)
    rule = no_show_rule_of(config_for(counter.office))
    calls = calls_of_stay(ticket)
    verdict, opens = rules.no_show_verdict(calls, rule, now)
    if verdict == rules.NoShowVerdict.NEEDS_RECALL:
        raise QueueError(_("Panggil ulang %(number)s dulu: tidak hadir baru dapat dicatat setelah %(needed)d kali "
                           "panggil ulang (sudah %(done)d).")
                         % {"number": ticket.display_number, "needed": rule.recalls, "done": max(0, len(calls) - 1)},
                         verdict.value)
    if verdict == rules.NoShowVerdict.TOO_EARLY:
        raise QueueError(_("Tunggu sampai pukul %(time)s: masa tenggang sejak panggilan terakhir %(number)s belum "
                           "lewat.") % {"time": f"{counter.office.localtime(opens):%H:%M:%S}",
                                         "number": ticket.display_number}, verdict.value)
    _finish(ticket, office=counter.office, actor=actor, now=now, status=TicketStatus.NO_SHOW,
            outcome=VisitOutcome.NO_SHOW, action="queue.no_show")
    ticket.status, ticket.finished_at = TicketStatus.NO_SHOW, now
    return ticket


@transaction.atomic
def ticket_no_show_undo(*, counter: Counter, actor, ticket_id: int, now: datetime | None = None) -> Ticket:
    """Take back a no-show recorded at this counter within ``rules.NO_SHOW_UNDO_WINDOW``: the number is
    called at the counter again, its visit reopened (a wrong button, or the applicant walks up late)."""
    now = now or timezone.now()
    _lock_counter(counter, actor)
    ticket = (Ticket.objects.select_for_update(no_key=True, of=("self",)).select_related("series", "step")
              .filter(pk=ticket_id, counter=counter, office_id=counter.office_id).first())
    if ticket is None or ticket.status != TicketStatus.NO_SHOW:
        raise QueueError(_("Tidak ada catatan tidak hadir nomor ini di loket ini untuk dibatalkan."), "nothing_to_undo")
    if not rules.no_show_undoable(ticket.finished_at, now):
        raise QueueError(_("Catatan tidak hadir %(number)s tidak dapat dibatalkan lagi: batasnya %(seconds)d detik.")
                         % {"number": ticket.display_number,
                            "seconds": int(rules.NO_SHOW_UNDO_WINDOW.total_seconds())}, "too_late")
    busy = current_ticket(counter)
    if busy is not None:
        raise QueueError(_("Loket sedang melayani %(number)s: selesaikan atau tunda dulu.")
                         % {"number": busy.display_number}, "busy")
    Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.NO_SHOW).update(status=TicketStatus.CALLED,
                                                                            finished_at=None)
    visit = Visit.objects.filter(ticket=ticket, outcome=VisitOutcome.NO_SHOW).order_by("-joined_at", "-id").first()
    if visit is not None:
        Visit.objects.filter(pk=visit.pk).update(ended_at=None, outcome="")
    audit_record(actor=actor, action="queue.no_show_undo", obj=ticket, office=counter.office,
                 summary=f"{ticket.display_number}: tidak hadir dibatalkan di {counter.name}")
    ticket.status, ticket.finished_at = TicketStatus.CALLED, None
    return ticket


@transaction.atomic
def ticket_end(*, counter: Counter, actor, now: datetime | None = None) -> Ticket:
    """Service at this counter is finished and the applicant needs no further step."""
    ticket = _require_current(counter, actor)
    _finish(ticket, office=counter.office, actor=actor, now=now or timezone.now(), status=TicketStatus.DONE,
            outcome=VisitOutcome.DONE, action="queue.ticket_end")
    return ticket


@transaction.atomic
def ticket_transfer(*, counter: Counter, actor, step: Step, now: datetime | None = None) -> Ticket:
    """Send the current number, keeping it, to wait for another step (e.g. intake → biometric)."""
    now = now or timezone.now()
    ticket = _require_current(counter, actor)
    if step.office_id != counter.office_id:
        raise QueueError(_("Langkah bukan milik kantor ini."), "wrong_office")
    if step.pk == ticket.step_id:
        raise QueueError(_("Nomor ini sudah berada di langkah tersebut."), "same_step")
    _close_visit(ticket, now, VisitOutcome.TRANSFERRED)
    with batched():  # the step's finish and the biometric ticket recounted once
        _record_step(ticket, ticket.step, "finish", now, actor)
        Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(
            status=TicketStatus.WAITING, step=step, counter=None, called_at=None, waiting_since=now,
            near_notified_at=None)
        Visit.objects.create(ticket=ticket, office_id=ticket.office_id, day=ticket.day, step=step,
                             ticket_class=ticket.ticket_class, joined_at=now)
        if step.is_biometric:
            _record(ticket.application, "biometric_ticket", now, actor)
    audit_record(actor=actor, action="queue.transfer", obj=ticket, office=counter.office,
                 summary=f"{ticket.display_number}: {ticket.step.name} → {step.name}")
    ticket.refresh_from_db()
    return ticket


# --- pause, call by number, park -----------------------------------------------------------------

@transaction.atomic
def counter_pause(*, counter: Counter, actor, reason: str, note: str = "", now: datetime | None = None) -> CounterBreak:
    """Pause the counter with a reason (*jeda*): it calls nobody until resumed; breaks are in the statistics."""
    now = now or timezone.now()
    if reason not in BreakReason.values:
        raise _invalid("reason", _("Pilih alasan jeda."))
    note = clean_text("note", note, CounterBreak._meta.get_field("note").max_length)
    if reason == BreakReason.OTHER and not note:
        raise _invalid("note", _("Tulis keterangan jeda untuk alasan 'Lainnya'."))
    _lock_counter(counter, actor)
    existing = CounterBreak.objects.filter(counter=counter, ended_at__isnull=True).first()
    if existing is not None:
        raise QueueError(_("Loket sudah jeda sejak pukul %(time)s.")
                         % {"time": f"{counter.office.localtime(existing.started_at):%H:%M}"}, "already_paused")
    busy = current_ticket(counter)
    if busy is not None:
        raise QueueError(_("Selesaikan, tunda, atau alihkan dulu %(number)s sebelum jeda.")
                         % {"number": busy.display_number}, "busy")
    pause = CounterBreak.objects.create(office_id=counter.office_id, counter=counter, officer=_officer(actor),
                                        day=office_day(counter.office, now), reason=reason, note=note,
                                        started_at=now)
    with translation.override("id"):
        label = str(BreakReason(reason).label)
    audit_record(actor=actor, action="queue.counter_pause", obj=pause, office=counter.office,
                 summary=f"{counter.name} jeda: {label}{f' ({note})' if note else ''}",
                 after={"counter": counter.pk, "reason": reason, "note": note})
    return pause


@transaction.atomic
def counter_resume(*, counter: Counter, actor, now: datetime | None = None) -> CounterBreak:
    """End the counter's pause: it calls again."""
    now = now or timezone.now()
    _lock_counter(counter, actor)
    pause = CounterBreak.objects.filter(counter=counter, ended_at__isnull=True).first()
    if pause is None:
        raise QueueError(_("Loket tidak sedang jeda."), "not_paused")
    pause.ended_at = max(now, pause.started_at)
    pause.save(update_fields=["ended_at"])
    minutes = int((pause.ended_at - pause.started_at).total_seconds() // 60)
    audit_record(actor=actor, action="queue.counter_resume", obj=pause, office=counter.office,
                 summary=f"{counter.name} lanjut setelah jeda {minutes} menit",
                 after={"counter": counter.pk, "minutes": minutes})
    return pause


def _officer(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


NUMBER_PATTERN = re.compile(r"([A-Za-z]{1,3})\s*-?\s*0*([0-9]{1,6})")


def parse_display_number(text: str) -> tuple[str, int]:
    """"A-012", "a12", "A 12" → ("A", 12), or a refusal naming the field."""
    text = clean_text("number", text, 20)
    match = NUMBER_PATTERN.fullmatch(text)
    if match is None or int(match[2]) == 0:
        raise _invalid("number", _("Tulis nomor antrian seperti A-012."))
    return match[1].upper(), int(match[2])


def _call_at_counter(ticket: Ticket, counter: Counter, actor, now: datetime, *, from_status: str,
                     is_recall: bool) -> None:
    """Move ``ticket`` (locked by the caller) to called at ``counter`` and announce it on the board."""
    officer = _officer(actor)
    moved = Ticket.objects.filter(pk=ticket.pk, status=from_status).update(
        status=TicketStatus.CALLED, counter=counter, called_at=now)
    if moved != 1:
        raise QueueError(_("Nomor ini baru saja dipanggil loket lain. Coba lagi."), "race")
    Visit.objects.filter(ticket=ticket, ended_at__isnull=True, called_at__isnull=True).update(
        called_at=now, counter=counter, officer=officer)
    Call.objects.create(office_id=counter.office_id, ticket=ticket, counter=counter, officer=officer, at=now,
                        is_recall=is_recall, ticket_class=ticket.ticket_class)
    ticket.status, ticket.counter, ticket.called_at = TicketStatus.CALLED, counter, now


def _take_over(counter: Counter, actor, now: datetime) -> list[int]:
    """Before calling a chosen number: refuse on a pause, end the current number as call-next does.
    Returns the steps the counter serves."""
    if CounterBreak.objects.filter(counter=counter, ended_at__isnull=True).exists():
        raise _paused()
    current = current_ticket(counter)
    if current is not None:
        _finish(current, office=counter.office, actor=actor, now=now, status=TicketStatus.DONE,
                outcome=VisitOutcome.DONE, action="queue.ticket_end")
    return list(counter.steps.values_list("id", flat=True))


@transaction.atomic
def ticket_call_number(*, counter: Counter, actor, number: str, reason: str, now: datetime | None = None) -> Ticket:
    """Call one waiting number out of the rule's order (e.g. an applicant who came back), with the reason
    in the audit trail. The counter's current number ends first, as with call-next."""
    now = now or timezone.now()
    code, value = parse_display_number(number)
    reason = clean_text("reason", reason, 200)
    if not reason:
        raise _invalid("reason", _("Tulis alasan memanggil nomor di luar urutan."))
    _lock_counter(counter, actor)
    office = counter.office
    ticket = (Ticket.objects.select_for_update(no_key=True, of=("self",))
              .select_related("series", "step", "application")
              .filter(office=office, day=office_day(office, now), series__code=code, number=value).first())
    shown = f"{code}-{value:03d}"
    if ticket is None:
        raise QueueError(_("Nomor %(number)s tidak ada hari ini.") % {"number": shown}, "unknown")
    if ticket.status != TicketStatus.WAITING:
        raise QueueError(_("Nomor %(number)s tidak sedang menunggu (%(status)s).")
                         % {"number": shown, "status": ticket.get_status_display()}, "not_waiting")
    step_ids = _take_over(counter, actor, now)
    if ticket.step_id not in step_ids:
        raise QueueError(_("Nomor %(number)s menunggu di %(step)s, yang tidak dilayani loket ini.")
                         % {"number": shown, "step": ticket.step.name}, "wrong_step")
    _call_at_counter(ticket, counter, actor, now, from_status=TicketStatus.WAITING, is_recall=False)
    _record_step(ticket, ticket.step, "start", now, actor)
    audit_record(actor=actor, action="queue.call_number", obj=ticket, office=office,
                 summary=f"{ticket.display_number} → {counter.name} di luar urutan: {reason}",
                 after={"reason": reason, "counter": counter.pk})
    return ticket


@transaction.atomic
def ticket_park(*, counter: Counter, actor, now: datetime | None = None) -> Ticket:
    """Set the current number aside (*tunda*, e.g. to fetch a missing document): the counter is free,
    the number keeps its visit open and any counter of its step may call it back."""
    now = now or timezone.now()
    ticket = _require_current(counter, actor)
    Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(status=TicketStatus.PARKED)
    audit_record(actor=actor, action="queue.park", obj=ticket, office=counter.office,
                 summary=f"{ticket.display_number} ditunda di {counter.name}")
    ticket.status = TicketStatus.PARKED
    return ticket


@transaction.atomic
def ticket_call_parked(*, counter: Counter, actor, ticket_id: int, now: datetime | None = None) -> Ticket:
    """Call a parked number back to this counter (announced on the board again)."""
    now = now or timezone.now()
    _lock_counter(counter, actor)
    ticket = (Ticket.objects.select_for_update(no_key=True, of=("self",))
              .select_related("series", "step", "application")
              .filter(pk=ticket_id, office_id=counter.office_id).first())
    if ticket is None or ticket.status != TicketStatus.PARKED:
        raise QueueError(_("Nomor ini tidak sedang ditunda."), "not_parked")
    step_ids = _take_over(counter, actor, now)
    if ticket.step_id not in step_ids:
        raise QueueError(_("Nomor %(number)s ditunda di %(step)s, yang tidak dilayani loket ini.")
                         % {"number": ticket.display_number, "step": ticket.step.name}, "wrong_step")
    _call_at_counter(ticket, counter, actor, now, from_status=TicketStatus.PARKED, is_recall=True)
    audit_record(actor=actor, action="queue.call_parked", obj=ticket, office=counter.office,
                 summary=f"{ticket.display_number} dipanggil kembali dari tunda ke {counter.name}")
    return ticket


# --- M-Paspor bookings ---------------------------------------------------------------------------

def booking_clean(*, code: str, applicant_name: str, phone: str, slot_start: datetime, slot_end: datetime,
                  ticket_class: str, now: datetime | None = None) -> dict:
    """An M-Paspor booking's fields as stored, or a ``QueueError`` naming the field at fault.

    The one check for every entry: the feed (API), the service and the admin form.
    """
    code = clean_text("code", code, Booking._meta.get_field("code").max_length).upper()
    if not code:
        raise _invalid("code", _("Kode booking wajib diisi."))
    applicant_name = clean_text("applicant_name", applicant_name,
                                Booking._meta.get_field("applicant_name").max_length)
    phone = clean_phone(phone)
    problem = rules.booking_slot_problem(slot_start, slot_end, now or timezone.now())
    if problem is not None:
        raise _invalid(*problem)
    if ticket_class not in (TicketClass.GENERAL, TicketClass.PRIORITY):
        raise _invalid("ticket_class", _("Kelas booking harus umum atau prioritas."))
    return {"code": code, "applicant_name": applicant_name, "phone": phone}


@transaction.atomic
def booking_register(*, office, actor, code: str, applicant_name: str, slot_start: datetime, slot_end: datetime,
                     phone: str = "", ticket_class: str = TicketClass.GENERAL,
                     now: datetime | None = None) -> tuple[Booking, bool]:
    """Register (or update, while not checked in) an M-Paspor booking. Returns (booking, created).

    Idempotent by code, so the M-Paspor feed can be sent again; a booking already checked in
    is not changed.
    """
    authorize_in_office(actor, office, "queueing.setup_manage")
    cleaned = booking_clean(code=code, applicant_name=applicant_name, phone=phone, slot_start=slot_start,
                            slot_end=slot_end, ticket_class=ticket_class, now=now)
    code, applicant_name, phone = cleaned["code"], cleaned["applicant_name"], cleaned["phone"]
    booking = Booking.objects.select_for_update(no_key=True).filter(office=office, code=code).first()
    values = {"applicant_name": applicant_name, "phone": phone, "slot_start": slot_start, "slot_end": slot_end,
              "ticket_class": ticket_class}
    if booking is not None:
        if booking.checked_in_at is not None:
            raise QueueError(_("Booking %(code)s sudah check-in dan tidak dapat diubah.") % {"code": code}, "twice")
        for field, value in values.items():
            setattr(booking, field, value)
        booking.save(update_fields=list(values))
        created = False
    else:
        booking = Booking.objects.create(office=office, code=code, **values)
        created = True
    audit_record(actor=actor, action="queue.booking_register", obj=booking, office=office,
                 summary=f"{code} {slot_start.isoformat()}", after={"code": code, "created": created})
    return booking, created
