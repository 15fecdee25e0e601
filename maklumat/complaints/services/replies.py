"""The complainant's side: messages threaded onto a complaint, the rating; linking the application."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.complaints.models import Complaint, ComplaintEvent, Status
from maklumat.complaints.services.common import check_handler, clean_text, record_event


@transaction.atomic
def complaint_rate(*, tracking_code: str, rating: int, comment: str = "", now: datetime | None = None) -> Complaint:
    """The complainant rates the handling (1–4, the IKM scale) once the complaint is resolved."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(tracking_code=tracking_code)
    if complaint.status != Status.RESOLVED:
        raise ValidationError(_("Penilaian dapat diberikan setelah pengaduan selesai."))
    if complaint.rating is not None:
        raise ValidationError(_("Pengaduan ini sudah dinilai."))
    if rating not in (1, 2, 3, 4):
        raise ValidationError({"rating": _("Nilai harus 1 sampai 4.")})
    comment = clean_text("comment", comment)[:500]
    complaint.rating, complaint.rating_comment, complaint.rated_at = rating, comment, now
    complaint.save(update_fields=["rating", "rating_comment", "rated_at"])
    record_event(complaint, "rated", at=now, note=f"{rating}/4 {comment[:200]}")
    audit_record(actor=None, action="complaint.rate", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {rating}/4")
    return complaint


@transaction.atomic
def complaint_link_application(*, actor, complaint_id: int, number: str, now: datetime | None = None) -> Complaint:
    """Link the complaint to the passport application it concerns (so a compensation claim can start there)."""
    from maklumat.applications.models import Application

    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    check_handler(actor, complaint)
    number = clean_text("number", number)[:40]
    application = Application.objects.filter(office=complaint.office, number=number).first()
    if application is None:
        raise ValidationError({"application": _("Permohonan %(n)s tidak ada di kantor ini.") % {"n": number}})
    before = complaint.application.number if complaint.application_id else None
    complaint.application = application
    complaint.save(update_fields=["application"])
    record_event(complaint, "application_linked", at=now, actor=actor, note=application.number)
    audit_record(actor=actor, action="complaint.link_application", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code} → {application.number}",
                 before={"application": before}, after={"application": application.number})
    return complaint


@transaction.atomic
def complaint_message_add(*, complaint_id: int, note: str, at: datetime, actor=None,
                          kind: str = "message_received") -> ComplaintEvent:
    """Append a message from or to the complainant (e.g. an e-mail reply threaded by tracking code)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    event = record_event(complaint, kind, at=at, actor=actor, note=note.replace("\x00", "")[:5000])
    audit_record(actor=actor, action=f"complaint.{kind}", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code)
    return event
