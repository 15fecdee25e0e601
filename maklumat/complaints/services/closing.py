"""After the answer: the complainant reopens with a reason inside the reply window, or the sweep closes.

SP4N-LAPOR! closes a report when the complainant does not reply within 10 working days after the
answer (``rules.AUTO_CLOSE_WORKING_DAYS``); until then the complainant may reopen it, by tracking code,
saying why. Both are audited; the reopened complaint goes back to the step that answered it, with a
fresh clock from the moment of reopening.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import rules
from maklumat.complaints.models import Complaint, Status, StepStatus
from maklumat.complaints.services.common import clean_text, notify_owners, pauses_of, record_event


def answered_at(complaint: Complaint) -> datetime | None:
    return complaint.replied_at or complaint.resolved_at if complaint.status == Status.RESOLVED else None


@transaction.atomic
def complaint_reopen(*, tracking_code: str, reason: str, now: datetime | None = None) -> Complaint:
    """The complainant reopens an answered complaint inside its reply window, saying why (public)."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(tracking_code=tracking_code)
    reason = clean_text("reopen_reason", reason)
    if len(reason) < rules.MIN_DESCRIPTION:
        raise ValidationError({"reason": _("Tuliskan alasan paling sedikit %(n)d karakter.")
                               % {"n": rules.MIN_DESCRIPTION}})
    calendar = work_calendar_for(complaint.office)
    if not rules.may_reopen(calendar, answered_at=answered_at(complaint), closed=complaint.closed_at is not None,
                            now=now):
        raise ValidationError({"reason": _("Pengaduan ini tidak dapat dibuka kembali: belum dijawab, sudah "
                                           "ditutup, atau batas 10 hari kerja setelah jawaban sudah lewat.")})
    step = complaint.steps.filter(status=StepStatus.DONE).order_by("-order").first()
    step.status = StepStatus.ACTIVE
    step.started_at = now
    step.completed_at = step.completed_by = step.warned_at = step.breached_at = None
    step.due_at = rules.step_due(calendar, now, timedelta(minutes=step.norm_minutes), pauses_of(complaint))
    step.save(update_fields=["status", "started_at", "completed_at", "completed_by", "warned_at", "breached_at",
                             "due_at"])
    before = {"status": complaint.status, "outcome": complaint.outcome,
              "resolved_at": complaint.resolved_at.isoformat() if complaint.resolved_at else None}
    complaint.status, complaint.outcome, complaint.resolved_at = Status.OPEN, "", None
    complaint.due_at, complaint.breached = step.due_at, False
    complaint.save(update_fields=["status", "outcome", "resolved_at", "due_at", "breached"])
    record_event(complaint, "reopened", at=now, step=step, note=reason, public=True)
    notify_owners(complaint, step, None)
    audit_record(actor=None, action="complaint.reopen", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {reason[:120]}", before=before,
                 after={"status": Status.OPEN, "step": step.code})
    return complaint


@transaction.atomic
def complaint_auto_close(*, complaint_id: int, now: datetime | None = None) -> bool:
    """Close an answered complaint whose reply window passed (the SLA sweep); False when not (or not yet)."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    calendar = work_calendar_for(complaint.office)
    answer = answered_at(complaint)
    if not rules.auto_close_due(calendar, answered_at=answer, closed=complaint.closed_at is not None, now=now):
        return False
    complaint.closed_at = now
    complaint.save(update_fields=["closed_at"])
    record_event(complaint, "auto_closed", at=now, public=True,
                 note=_("Tidak ada tanggapan pelapor dalam %(n)d hari kerja setelah jawaban.")
                 % {"n": rules.AUTO_CLOSE_WORKING_DAYS})
    audit_record(actor=None, action="complaint.auto_close", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code,
                 after={"closed_at": now.isoformat(), "answered_at": answer.isoformat(),
                        "window_end": rules.reply_window_end(calendar, answer).isoformat()})
    return True
