"""Messages to complainants, queued in the outbox inside the transaction that opens or answers the
complaint (``notifications.services.message_enqueue``): every channel is acknowledged with the
tracking code, and the answer reaches the complainant by e-mail and/or by phone (SMS or WhatsApp), so
a complainant who left only a phone number receives it too. No contact (anonymous), no message."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from maklumat.notifications.services import message_enqueue

# A text message carries the answer up to this length; the rest is on the status page.
PHONE_ANSWER_CHARS = 600


def _status_link(complaint) -> str:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    path = reverse("complaints:public_status", args=[complaint.tracking_code])
    return f"{base}{path}" if base else ""


def complaint_acknowledge(complaint) -> None:
    """Acknowledge a new complaint on whatever contact it left (the subject carries the tracking code,
    so an e-mail reply threads back to it)."""
    if not (complaint.reporter_email or complaint.reporter_phone):
        return
    office, link = complaint.office, _status_link(complaint)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(code)s] Pengaduan diterima: %(subject)s") % {"code": complaint.tracking_code,
                                                                     "subject": complaint.subject}
        body = _("%(office)s: pengaduan Anda telah kami terima dengan kode pelacakan %(code)s.") % {
            "office": office.name, "code": complaint.tracking_code}
        if link:
            body += " " + _("Ikuti perkembangannya di %(link)s") % {"link": link}
        email_body = body + "\n" + _("Balas surel ini untuk menambahkan keterangan.")
    key = f"complaint_ack:{complaint.pk}"
    message_enqueue(office=office, kind="complaint_ack", key=key, subject=subject, body=email_body,
                    email=complaint.reporter_email)
    message_enqueue(office=office, kind="complaint_ack", key=key, subject=subject, body=body,
                    phone=complaint.reporter_phone)


def complaint_answer_notify(complaint) -> None:
    """Send the recorded answer to the complainant's e-mail and phone (once per answer)."""
    if not complaint.reply or not (complaint.reporter_email or complaint.reporter_phone):
        return
    office, link = complaint.office, _status_link(complaint)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(code)s] Tanggapan pengaduan: %(subject)s") % {"code": complaint.tracking_code,
                                                                      "subject": complaint.subject}
        email_body = f"{complaint.reply}\n\n--\n{office.name}\n" + _("Kode pelacakan: %(code)s") % {
            "code": complaint.tracking_code}
        reply = complaint.reply if len(complaint.reply) <= PHONE_ANSWER_CHARS else (
            complaint.reply[:PHONE_ANSWER_CHARS].rstrip() + "…")
        phone_body = _("%(office)s, pengaduan %(code)s: %(reply)s") % {
            "office": office.short_name, "code": complaint.tracking_code, "reply": reply}
        if link:
            phone_body += " " + link
    key = f"complaint_answer:{complaint.pk}:{complaint.replied_at.isoformat() if complaint.replied_at else ''}"
    message_enqueue(office=office, kind="complaint_answer", key=key, subject=subject, body=email_body,
                    email=complaint.reporter_email)
    message_enqueue(office=office, kind="complaint_answer", key=key, subject=subject, body=phone_body,
                    phone=complaint.reporter_phone)
