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
