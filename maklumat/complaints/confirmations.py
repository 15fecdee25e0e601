"""What an officer reads after acting on a complaint, in the office's words and the office's time.

"Diteruskan ke Kasubsi Infokim — tenggat Rabu 14 Mei 08:50", not "Tersimpan.": the message names
where the complaint went and when that step is due (office time, the reader's language).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maklumat.complaints import labels, workflow
from maklumat.complaints.models import Complaint, ComplaintStep, StepStatus


def office_moment(complaint: Complaint, moment: datetime) -> str:
    """``moment`` in the office's time zone, e.g. "Rabu 14 Mei 08:50" (English: "Wednesday 14 May 08:50")."""
    local = timezone.localtime(moment, complaint.office.tz)
    return f"{formats.date_format(local, 'l j F')} {local:%H:%M}"


def step_holder(step: ComplaintStep) -> str:
    """Who the step waits for: its named owner, else the SOP's actor (``Kasubsi Infokim``)."""
    role = step.actor_label or step.get_actor_role_display()
    return f"{step.owner.display_name} ({role})" if step.owner_id else role


def _next(complaint: Complaint) -> ComplaintStep | None:
    return (ComplaintStep.objects.select_related("owner")
            .filter(complaint=complaint, status=StepStatus.ACTIVE).first())


def action_done(action: str, complaint: Complaint) -> str:
    """The confirmation of ``action`` (a ``workflow`` action name) just applied to ``complaint``."""
    code = complaint.tracking_code
    if action in (workflow.CLOSE_GENERAL, workflow.RESOLVE_ACTION):
        return _("Pengaduan %(code)s selesai; jawaban tercatat dan dikirim kepada pelapor.") % {"code": code}
    if action == workflow.PAUSE:
        return _("Pengaduan %(code)s dijeda menunggu pelapor: tenggat berhenti berjalan.") % {"code": code}
    step = _next(complaint)
    if step is None:
        return _("Pengaduan %(code)s tersimpan.") % {"code": code}
    due = (_("tenggat %(due)s") % {"due": office_moment(complaint, step.due_at)} if step.due_at
           else _("tanpa tenggat"))
    values = {"who": step_holder(step), "due": due, "step": labels.step_title(step)}
    if action == workflow.ASK_DIRECTION:
        return _("Diminta arahan %(who)s — %(due)s") % values
    if action == workflow.HANDLE:
        return _("Ditangani Kasubsi; diteruskan ke %(who)s untuk diselesaikan — %(due)s") % values
    if action == workflow.DIRECT:
        return _("Arahan tercatat; diteruskan ke %(who)s — %(due)s") % values
    if action == workflow.RESUME:
        return _("Dilanjutkan: %(step)s oleh %(who)s — %(due)s") % values
    return _("Diteruskan ke %(who)s — %(due)s") % values


def opened(complaint: Complaint) -> str:
    """The confirmation of a newly recorded complaint: where it waits now and until when."""
    step = _next(complaint)
    if step is None or step.due_at is None:
        return _("Pengaduan %(code)s tercatat.") % {"code": complaint.tracking_code}
    return _("Pengaduan %(code)s tercatat — %(step)s oleh %(who)s, tenggat %(due)s") % {
        "code": complaint.tracking_code, "step": labels.step_title(step), "who": step_holder(step),
        "due": office_moment(complaint, step.due_at)}


def owner_changed(step: ComplaintStep, *, took_over: bool) -> str:
    title = labels.step_title(step)
    if took_over:
        return _("Anda sekarang penanggung jawab langkah \"%(step)s\".") % {"step": title}
    return _("Langkah \"%(step)s\" ditugaskan kepada %(name)s.") % {"step": title, "name": step.owner.display_name}
