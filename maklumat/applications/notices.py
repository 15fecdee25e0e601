"""Messages to applicants about their passport, queued in the outbox inside the transaction of the
event that causes them (``notifications.services.message_enqueue``): the passport is ready, and the
pickup period is about to end. Written in Indonesian (the office's language) whatever the language
of the officer whose action caused them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maklumat.applications.deadlines import pickup_due
from maklumat.calendar.selectors import work_calendar_for
from maklumat.notifications.services import message_enqueue

# Events that make a passport ready (as the pickup clock reads them, ``deadlines._first``).
READY_EVENTS = ("ready", "kasi_check")
# An event recorded later than this after it happened (history imported, a backlog typed in) is not
# news to the applicant: no message.
FRESH_FOR = timedelta(days=1)


def is_fresh(at: datetime, now: datetime | None = None) -> bool:
    return at >= (now or timezone.now()) - FRESH_FOR


def passport_ready(application, *, ready: datetime) -> None:
    """Tell the applicant the passport is ready and until when to collect it."""
    from maklumat.applications.public import moment_text

    if not application.applicant_phone or not is_fresh(ready):
        return
    office = application.office
    due = office.localtime(pickup_due(ready, work_calendar_for(office)))
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(office)s: paspor permohonan %(number)s sudah siap. Ambil paling lambat %(when)s dengan "
                 "membawa tanda terima; lewat dari itu permohonan dibatalkan.") % {
            "office": office.short_name, "number": application.number, "when": moment_text(due)}
        subject = _("Paspor siap diambil")
    message_enqueue(office=office, kind="passport_ready", key=f"passport_ready:{application.pk}", subject=subject,
                    body=body, phone=application.applicant_phone)


def pickup_reminder(application, *, ready: datetime) -> list:
    """Remind the applicant, before the cancellation, that the passport still waits."""
    from maklumat.applications.public import moment_text

    if not application.applicant_phone:
        return []
    office = application.office
    due = office.localtime(pickup_due(ready, work_calendar_for(office)))
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(office)s: paspor permohonan %(number)s belum diambil. Batas pengambilan %(when)s; "
                 "setelah itu permohonan dibatalkan dan Anda harus mengajukan ulang.") % {
            "office": office.short_name, "number": application.number, "when": moment_text(due)}
        subject = _("Batas pengambilan paspor mendekat")
    return message_enqueue(office=office, kind="pickup_reminder", key=f"pickup_reminder:{application.pk}",
                    subject=subject, body=body, phone=application.applicant_phone)


def delivery_dispatched(item, *, now: datetime | None = None) -> list:
    """Tell the applicant the passport left with the courier, with the tracking number."""
    application = item.application
    if not application.applicant_phone or not is_fresh(item.dispatched_at, now):
        return []
    office = application.office
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(office)s: paspor permohonan %(number)s dikirim ke alamat Anda melalui %(courier)s, nomor resi "
                 "%(tracking)s. Tanda terima wajib ditandatangani saat paspor diterima.") % {
            "office": office.short_name, "number": application.number, "courier": item.courier,
            "tracking": item.tracking_number}
        subject = _("Paspor dikirim ke alamat pemohon")
    return message_enqueue(office=office, kind="delivery_dispatched", key=f"delivery_dispatched:{item.pk}",
                           subject=subject, body=body, phone=application.applicant_phone)


def delivery_received(item, *, now: datetime | None = None) -> list:
    """Confirm to the applicant who received the delivered passport and when."""
    from maklumat.applications.public import moment_text

    application = item.application
    if not application.applicant_phone or not is_fresh(item.delivered_at, now):
        return []
    office = application.office
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(office)s: paspor permohonan %(number)s telah diterima oleh %(receiver)s pada %(when)s. Jika "
                 "Anda tidak menerimanya, hubungi kantor.") % {
            "office": office.short_name, "number": application.number, "receiver": item.received_by,
            "when": moment_text(office.localtime(item.delivered_at))}
        subject = _("Paspor kiriman diterima")
    return message_enqueue(office=office, kind="delivery_received", key=f"delivery_received:{item.pk}",
                           subject=subject, body=body, phone=application.applicant_phone)
