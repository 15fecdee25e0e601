"""Use cases that change applications. Every write goes through these functions."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.applications import notices
from maklumat.applications.deadlines import (
    ACCELERATED_PICKUP_FROM,
    PICKUP_DAYS,
    pickup_expired,
    pickup_reminder_at,
    pickup_too_early,
    service_terms,
)
from maklumat.applications.events import is_known_event
from maklumat.applications.models import (
    Application,
    ApplicationEvent,
    BookingChannel,
    DeliveryStatus,
    HomeDelivery,
    Program,
)
from maklumat.applications.notices import READY_EVENTS, passport_ready, pickup_reminder
from maklumat.applications.notify import application_events_changed
from maklumat.applications.selectors import application_event_times
from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.lib.validation import bad_text, implausible_moment
from maklumat.offices.scoping import authorize_in_office

# The passport changing hands (calling the applicant to the counter, ``handover_start``, may come earlier).
HANDOVER_EVENTS = ("handover", "handover_finish")


def _authorize(actor, office, action: str) -> None:
    """Refuse a person whose role or reach does not allow ``action`` (404 / 403). ``actor=None`` is the
    system itself (the pickup job, seeds), which acts on its own authority."""
    if actor is not None:
        authorize_in_office(actor, office, action)


def _check_text(errors: dict, field: str, value: str, max_length: int) -> None:
    problem = bad_text(value, max_length=max_length)
    if problem:
        errors[field] = problem


def check_event_moment(application: Application, at: datetime, *, now: datetime | None = None) -> str | None:
    """Why ``at`` cannot be the time of an event of ``application`` (year 2000 or later, not more than a
    few minutes ahead of now, an offset within ±14:00), or ``None``."""
    return implausible_moment(at, now=now or timezone.now())


def application_event_record(
    *, application: Application, name: str, at: datetime, actor=None, source: str = "", note: str = ""
) -> tuple[ApplicationEvent, bool]:
    """Record that ``name`` happened at ``at``. Returns (event, created).

    Idempotent: recording the same (name, at) again returns the stored event, even when two
    callers race. Unknown names, naive or implausible moments (before 2000, in the future) and
    text with NUL bytes or too long are refused, naming the field, whoever calls (form, API,
    queue, CLI). Who may record is checked by the callers that act for a person (views, API);
    the queue system and the jobs record consequences of actions already authorised.
    """
    errors: dict[str, str] = {}
    if not is_known_event(name):
        errors["name"] = _("peristiwa tidak dikenal: %(name)r") % {"name": name[:60]}
    if at.tzinfo is None:
        errors["at"] = _("waktu harus memuat zona waktu")
    else:
        problem = check_event_moment(application, at)
        if problem:
            errors["at"] = problem
    if not errors and name in HANDOVER_EVENTS and service_terms(application).accelerated:
        payment = application_event_times(application).get("payment")
        if pickup_too_early(at, payment=payment, calendar=work_calendar_for(application.office)):
            errors["at"] = _("Paspor percepatan diambil mulai pukul %(time)s pada hari layanannya.") % {
                "time": ACCELERATED_PICKUP_FROM.strftime("%H.%M")}
    _check_text(errors, "source", source, ApplicationEvent._meta.get_field("source").max_length)
    _check_text(errors, "note", note, ApplicationEvent._meta.get_field("note").max_length)
    if errors:
        raise ValidationError(errors)
    existing = ApplicationEvent.objects.filter(application=application, name=name, at=at).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            event = ApplicationEvent.objects.create(
                application=application, name=name, at=at, source=source, note=note,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(actor=actor, action="application.event", obj=application, office=application.office,
                         summary=f"{name} @ {at.isoformat()}", after={"name": name, "at": at.isoformat()})
            application_events_changed(office=application.office, application_ids=[application.pk], first=at, last=at)
            if name in READY_EVENTS:
                passport_ready(application, ready=at)
    except IntegrityError:
        # A concurrent caller stored the same event between our read and our insert.
        return ApplicationEvent.objects.get(application=application, name=name, at=at), False
    return event, True


@transaction.atomic
def application_event_void(*, actor, event: ApplicationEvent, reason: str) -> ApplicationEvent:
    """Void an event entered by mistake (Kasubsi or above). The row stays, marked and audited with the
    reason; it no longer counts in any deadline, clock, decision or watchlist."""
    office = event.application.office
    _authorize(actor, office, "applications.event_void")
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("tuliskan alasan pembatalan")
    _check_text(errors, "reason", reason, ApplicationEvent._meta.get_field("void_reason").max_length)
    if errors:
        raise ValidationError(errors)
    event = ApplicationEvent.all_objects.select_for_update().get(pk=event.pk)
    if event.voided_at is not None:
        raise ValidationError({"event": _("peristiwa ini sudah dibatalkan")})
    event.voided_at, event.voided_by, event.void_reason = timezone.now(), actor, reason
    event.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(actor=actor, action="application.event_void", obj=event.application, office=office,
                 summary=f"{event.name} @ {event.at.isoformat()}: {reason}",
                 before={"name": event.name, "at": event.at.isoformat(), "voided": False},
                 after={"voided": True, "reason": reason})
    application_events_changed(office=office, application_ids=[event.application_id], first=event.at, last=event.at)
    return event


FLAG_FIELDS = {"under_review": "under_review", "field_check": "needs_field_check", "broker": "broker_involved"}


@transaction.atomic
def application_create(*, actor, office, number: str, service, booking_channel: str, applicant_name: str,
                       smart_queue: bool = False, accelerated: bool = False, program: str = "in_office",
                       booking_code: str = "", applicant_nik: str = "", applicant_phone: str = "",
                       applicant_address: str = "", flags: tuple[str, ...] = ()) -> Application:
    """Register a passport application at ``office``; its number is unique in the office."""
    _authorize(actor, office, "applications.create")
    number = number.strip()
    errors: dict[str, str] = {}
    for field, value in (("number", number), ("booking_code", booking_code), ("applicant_name", applicant_name),
                         ("applicant_phone", applicant_phone), ("applicant_address", applicant_address)):
        limit = Application._meta.get_field(field).max_length or 2000
        _check_text(errors, field, value, limit)
    if not applicant_name.strip():
        errors["applicant_name"] = _("nama pemohon wajib diisi")
    if errors:
        raise ValidationError(errors)
    if not number:
        raise ValidationError({"number": "nomor permohonan wajib diisi"})
    if Application.objects.filter(office=office, number=number).exists():
        raise ValidationError({"number": f"nomor permohonan {number} sudah ada di kantor ini"})
    if booking_channel not in BookingChannel.values:
        raise ValidationError({"booking_channel": f"kanal tidak dikenal: {booking_channel!r}"})
    if program not in Program.values:
        raise ValidationError({"program": f"program tidak dikenal: {program!r}"})
    unknown = [flag for flag in flags if flag not in FLAG_FIELDS]
    if unknown:
        raise ValidationError({"flags": f"tanda tidak dikenal: {', '.join(unknown)}"})
    if applicant_nik and (len(applicant_nik) != 16 or not applicant_nik.isdigit()):
        raise ValidationError({"applicant_nik": "NIK harus 16 angka"})
    application = Application.objects.create(
        office=office, number=number, service=service, booking_channel=booking_channel, smart_queue=smart_queue,
        accelerated=accelerated, program=program, booking_code=booking_code, applicant_name=applicant_name,
        applicant_nik=applicant_nik, applicant_phone=applicant_phone, applicant_address=applicant_address,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{FLAG_FIELDS[flag]: True for flag in flags},
    )
    audit_record(actor=actor, action="application.create", obj=application, office=office, summary=number,
                 after={"service": service.code, "booking_channel": booking_channel, "flags": list(flags)})
    return application


@transaction.atomic
def application_flag_set(*, actor, application: Application, flag: str, value: bool, note: str = "") -> Application:
    """Set or clear a flag (under review, needs field check, broker involved); audited with the reason."""
    _authorize(actor, application.office, "applications.flag_set")
    field = FLAG_FIELDS.get(flag)
    if field is None:
        raise ValidationError({"flag": f"tanda tidak dikenal: {flag[:40]!r}"})
    errors: dict[str, str] = {}
    _check_text(errors, "note", note, 300)
    if errors:
        raise ValidationError(errors)
    application = Application.objects.select_for_update().get(pk=application.pk)
    before = getattr(application, field)
    if before != value:
        setattr(application, field, value)
        application.save(update_fields=[field])
        audit_record(actor=actor, action="application.flag", obj=application, office=application.office,
                     summary=f"{flag}={'ya' if value else 'tidak'} {note}".strip(),
                     before={flag: before}, after={flag: value})
    return application


def application_cancel_uncollected(*, as_of: datetime, actor=None) -> list[Application]:
    """Cancel every passport not collected within 30 days of being ready (the pickup job).

    Idempotent: an application already cancelled or collected is skipped, and the cancellation
    event is recorded through the idempotent event log with the reason in its note.
    """
    cancelled = []
    # Only passports ready more than 30 days ago and not yet collected or cancelled can have expired: the
    # rest (nearly all of a year's history) are left out in SQL. Voided events count nowhere: a voided
    # handover does not keep a passport from being cancelled (``objects`` leaves voided rows out).
    ready_long_ago = ApplicationEvent.objects.filter(application=OuterRef("pk"), name__in=["ready", "kasi_check"],
                                                     at__lte=as_of - timedelta(days=PICKUP_DAYS))
    settled = ApplicationEvent.objects.filter(application=OuterRef("pk"),
                                              name__in=[*HANDOVER_EVENTS, "cancellation"])
    candidates = (Application.objects.filter(Exists(ready_long_ago)).exclude(Exists(settled))
                  .select_related("office"))
    calendars: dict[int, object] = {}
    for application in candidates:
        calendar = calendars.get(application.office_id)
        if calendar is None:
            calendar = calendars[application.office_id] = work_calendar_for(application.office)
        times = application_event_times(application)
        expired = pickup_expired(events=times, calendar=calendar, as_of=as_of)
        if expired is None:
            continue
        ready = min(at for name, at in times.items() if name in ("ready", "kasi_check"))
        note = (f"Paspor tidak diambil dalam {PICKUP_DAYS} hari sejak siap "
                f"({calendar.local(ready):%Y-%m-%d}); batas {calendar.local(expired):%Y-%m-%d %H:%M}")
        _, created = application_event_record(application=application, name="cancellation", at=expired,
                                              actor=actor, source="job", note=note)
        if created:
            cancelled.append(application)
    return cancelled


# --- Paid home delivery (applications.delivery holds the rules) ---

def _delivery_errors(errors: dict, *, courier: str = "", tracking_number: str = "", address: str = "",
                     received_by: str = "") -> None:
    for field, value, limit in (("courier", courier, 60), ("tracking_number", tracking_number, 60),
                                ("address", address, 2000), ("received_by", received_by, 200)):
        _check_text(errors, field, value, limit)


@transaction.atomic
def home_delivery_request(*, actor, application: Application, courier: str, cost: int | None,
                          address: str = "", now: datetime | None = None) -> HomeDelivery:
    """The applicant asks (and pays) for the finished passport to be delivered home."""
    from maklumat.applications import delivery

    _authorize(actor, application.office, "applications.delivery_manage")
    Application.objects.select_for_update().get(pk=application.pk)
    if HomeDelivery.objects.filter(application=application).exists():
        raise ValidationError(_("Antar paspor untuk permohonan ini sudah dicatat."))
    address = (address or application.applicant_address).strip()
    errors: dict[str, str] = {}
    _delivery_errors(errors, courier=courier, address=address)
    if not courier.strip():
        errors.setdefault("courier", _("Isi nama kurir."))
    if not address:
        errors.setdefault("address", _("Isi alamat pengantaran."))
    problem = delivery.cost_problem(cost)
    if problem:
        errors["cost"] = problem
    if errors:
        raise ValidationError(errors)
    item = HomeDelivery.objects.create(application=application, courier=courier.strip(), cost=cost,
                                       address=address, requested_at=now or timezone.now())
    audit_record(actor=actor, action="home_delivery.request", obj=item, office=application.office,
                 summary=f"{application.number} {item.courier} Rp {cost}",
                 after={"courier": item.courier, "cost": cost})
    return item


@transaction.atomic
def home_delivery_dispatch(*, actor, delivery_id: int, tracking_number: str, at: datetime | None = None,
                           now: datetime | None = None) -> HomeDelivery:
    """Hand the ready passport to the courier with its tracking number; refused before it is ready."""
    from maklumat.applications import delivery

    now = now or timezone.now()
    at = at or now
    item = HomeDelivery.objects.select_for_update().select_related("application__office").get(pk=delivery_id)
    application = item.application
    _authorize(actor, application.office, "applications.delivery_manage")
    if item.status != DeliveryStatus.REQUESTED:
        raise ValidationError(_("Paspor ini sudah dikirim."))
    errors: dict[str, str] = {}
    _delivery_errors(errors, tracking_number=tracking_number)
    if not tracking_number.strip():
        errors.setdefault("tracking_number", _("Isi nomor resi pengiriman."))
    problem = implausible_moment(at, now=now) or delivery.dispatch_problem(
        ready_at=delivery.passport_ready_at(application_event_times(application)), at=at)
    if problem:
        errors["at"] = problem
    if errors:
        raise ValidationError(errors)
    item.status, item.tracking_number, item.dispatched_at = DeliveryStatus.DISPATCHED, tracking_number.strip(), at
    item.save(update_fields=["status", "tracking_number", "dispatched_at"])
    audit_record(actor=actor, action="home_delivery.dispatch", obj=item, office=application.office,
                 summary=f"{application.number} {item.courier} {item.tracking_number}",
                 after={"tracking_number": item.tracking_number, "dispatched_at": at.isoformat()})
    notices.delivery_dispatched(item, now=now)
    return item


@transaction.atomic
def home_delivery_deliver(*, actor, delivery_id: int, received_by: str, receipt, delivered_at: datetime | None = None,
                          now: datetime | None = None) -> HomeDelivery:
    """Record the delivery with the receipt the applicant signed (photo or PDF, stored without metadata).

    The passport has then changed hands: a ``handover`` event at the moment of delivery ends the
    30-day pickup clock like a handover at the counter."""
    from django.core.files.base import ContentFile

    from maklumat.applications import delivery
    from maklumat.lib import uploads

    now = now or timezone.now()
    delivered_at = delivered_at or now
    item = HomeDelivery.objects.select_for_update().select_related("application__office").get(pk=delivery_id)
    application = item.application
    _authorize(actor, application.office, "applications.delivery_manage")
    if item.status == DeliveryStatus.DELIVERED:
        raise ValidationError(_("Penerimaan sudah dicatat."))
    errors: dict[str, str] = {}
    _delivery_errors(errors, received_by=received_by)
    if not received_by.strip():
        errors.setdefault("received_by", _("Isi nama penerima yang menandatangani tanda terima."))
    problem = delivery.receipt_problem(dispatched_at=item.dispatched_at, delivered_at=delivered_at, now=now)
    if problem:
        errors["delivered_at"] = problem
    kind = content = None
    if not receipt:
        errors["receipt"] = _("Unggah tanda terima yang ditandatangani pemohon (foto atau PDF).")
    elif getattr(receipt, "size", 0) > RECEIPT_MAX_BYTES:
        errors["receipt"] = _("Berkas lebih dari 5 MB.")
    else:
        try:
            receipt.seek(0)
            kind, content = uploads.reencode(receipt.read(RECEIPT_MAX_BYTES + 1))
        except uploads.UnreadableFile:
            errors["receipt"] = _("Tanda terima harus berupa foto (JPG/PNG) atau PDF yang sah.")
    if errors:
        raise ValidationError(errors)
    item.status, item.delivered_at, item.received_by, item.receipt_kind = (
        DeliveryStatus.DELIVERED, delivered_at, received_by.strip(), kind)
    item.receipt.save(f"tanda-terima.{uploads.SUFFIXES[kind]}", ContentFile(content), save=False)
    item.save(update_fields=["status", "delivered_at", "received_by", "receipt", "receipt_kind"])
    application_event_record(application=application, name="handover", at=delivered_at, actor=actor,
                             source="antar", note=f"{item.courier} {item.tracking_number}"[:300])
    audit_record(actor=actor, action="home_delivery.deliver", obj=item, office=application.office,
                 summary=f"{application.number} diterima {item.received_by}",
                 after={"delivered_at": delivered_at.isoformat(), "received_by": item.received_by})
    notices.delivery_received(item, now=now)
    return item


RECEIPT_MAX_BYTES = 5 * 1024 * 1024
def application_remind_uncollected(*, as_of: datetime) -> list[Application]:
    """Queue the pickup reminder for every passport whose pickup period ends within the reminder window
    (``deadlines.pickup_reminder_at``) and that is neither collected nor cancelled (the pickup job).

    Idempotent: the outbox keys the reminder by application, so a second pass queues nothing (and
    returns only the applications reminded in this pass)."""
    reminded = []
    # Only passports ready within the last PICKUP_DAYS days (plus a day of slack for the local midnight)
    # can be inside the window; the rest are left out in SQL.
    recent_ready = ApplicationEvent.objects.filter(application=OuterRef("pk"), name__in=["ready", "kasi_check"],
                                                   at__gte=as_of - timedelta(days=PICKUP_DAYS + 1), at__lte=as_of)
    settled = ApplicationEvent.objects.filter(application=OuterRef("pk"),
                                              name__in=[*HANDOVER_EVENTS, "cancellation"])
    candidates = (Application.objects.filter(Exists(recent_ready)).exclude(Exists(settled))
                  .exclude(applicant_phone="").select_related("office"))
    calendars: dict[int, object] = {}
    for application in candidates:
        calendar = calendars.get(application.office_id)
        if calendar is None:
            calendar = calendars[application.office_id] = work_calendar_for(application.office)
        times = application_event_times(application)
        ready = min(at for name, at in times.items() if name in ("ready", "kasi_check"))
        if not pickup_reminder_at(ready, calendar) <= as_of or pickup_expired(events=times, calendar=calendar,
                                                                              as_of=as_of):
            continue
        with transaction.atomic():
            if pickup_reminder(application, ready=ready):
                reminded.append(application)
    return reminded
