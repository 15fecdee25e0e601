"""Use cases that change applications. Every write goes through these functions."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maklumat.applications.deadlines import PICKUP_DAYS, pickup_expired
from maklumat.applications.events import is_known_event
from maklumat.applications.models import Application, ApplicationEvent, BookingChannel, Program
from maklumat.applications.selectors import application_event_times
from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for


def application_event_record(
    *, application: Application, name: str, at: datetime, actor=None, source: str = "", note: str = ""
) -> tuple[ApplicationEvent, bool]:
    """Record that ``name`` happened at ``at``. Returns (event, created).

    Idempotent: recording the same (name, at) again returns the stored event, even when two
    callers race. Unknown names and naive datetimes are refused.
    """
    if not is_known_event(name):
        raise ValidationError({"name": f"peristiwa tidak dikenal: {name!r}"})
    if at.tzinfo is None:
        raise ValidationError({"at": "waktu harus memuat zona waktu"})
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
    except IntegrityError:
        # A concurrent caller stored the same event between our read and our insert.
        return ApplicationEvent.objects.get(application=application, name=name, at=at), False
    return event, True


FLAG_FIELDS = {"under_review": "under_review", "field_check": "needs_field_check", "broker": "broker_involved"}


@transaction.atomic
def application_create(*, actor, office, number: str, service, booking_channel: str, applicant_name: str,
                       smart_queue: bool = False, accelerated: bool = False, program: str = "in_office",
                       booking_code: str = "", applicant_nik: str = "", applicant_phone: str = "",
                       applicant_address: str = "", flags: tuple[str, ...] = ()) -> Application:
    """Register a passport application at ``office``; its number is unique in the office."""
    number = number.strip()
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
    field = FLAG_FIELDS.get(flag)
    if field is None:
        raise ValidationError({"flag": f"tanda tidak dikenal: {flag!r}"})
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
    candidates = (Application.objects.filter(events__name__in=["ready", "kasi_check"])
                  .exclude(events__name__in=["cancellation", "handover", "handover_finish"])
                  .select_related("office").distinct())
    for application in candidates:
        calendar = work_calendar_for(application.office)
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
