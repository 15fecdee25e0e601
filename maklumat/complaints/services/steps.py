"""Acting on a complaint's SOP steps (forward, close, handle, direct, resolve) and pausing its clock.

Which actions a step offers to whom, and which step comes next, is ``complaints.workflow``'s
decision; these functions apply it to the rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import labels, rules, workflow
from maklumat.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintPause,
    ComplaintStep,
    Outcome,
    ReplyChannel,
    Status,
    StepBehaviour,
    StepStatus,
)
from maklumat.complaints.notices import complaint_answer_notify
from maklumat.complaints.services.common import (
    StepConflict,
    activate,
    check_handler,
    clean_text,
    complete,
    pauses_of,
    project,
    record_event,
    workflow_steps,
)
from maklumat.complaints.services.desk import reply_add


def _escalation(behaviour: str) -> str:
    """Passing a complaint on is "ask the Kasi for direction" at the Kasubsi's decision step."""
    return workflow.ASK_DIRECTION if behaviour == StepBehaviour.DECIDE else workflow.FORWARD


def _lock(complaint_id: int, step_id: int, actor, *, action) -> tuple[Complaint, ComplaintStep]:
    """The complaint, locked, with its active step, once the workflow lets ``actor`` take ``action``
    (an action name, or a function of the active step's behaviour giving one)."""
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    check_handler(actor, complaint)
    steps = list(complaint.steps.order_by("order"))
    step = next((s for s in steps if s.status == StepStatus.ACTIVE), None)
    if complaint.status == Status.RESOLVED or step is None:
        raise StepConflict(_("Pengaduan ini sudah selesai."))
    if step.pk != step_id:
        raise StepConflict(_("Langkah ini sudah ditangani oleh orang lain; muat ulang halaman."))
    if complaint.status == Status.PAUSED:
        raise ValidationError(_("Pengaduan sedang dijeda menunggu pelapor; lanjutkan dulu."))
    if callable(action):
        action = action(step.behaviour)
    if action not in workflow.STEP_ACTIONS.get(step.behaviour, ()):
        raise ValidationError(_("Tindakan ini tidak berlaku untuk langkah \"%(s)s\".") % {
            "s": labels.step_title(step)})
    role = workflow.acting_role(actor.role, step.actor_role, superuser=actor.is_superuser)
    if not workflow.may_act_on(role, step.actor_role):
        raise PermissionDenied(_("Langkah ini milik %(r)s.") % {"r": step.actor_label or step.get_actor_role_display()})
    plain = workflow_steps(steps)
    offered = workflow.step_actions(plain[steps.index(step)], role,
                                    next_owner_role=workflow.next_owner(plain, step.order))
    if action not in offered:
        raise PermissionDenied(_("Tindakan \"%(a)s\" tidak tersedia bagi Anda pada langkah ini.") % {
            "a": labels.action_label(action)})
    return complaint, step


def _advance(complaint: Complaint, after: ComplaintStep, at: datetime, actor, *, to_behaviour: str | None = None,
             skip_note: str = "") -> ComplaintStep | None:
    """Apply the workflow's transition after ``after``: skip what it skips, start what it starts."""
    calendar = work_calendar_for(complaint.office)
    steps = list(complaint.steps.order_by("order"))
    by_order = {s.order: s for s in steps}
    transition = workflow.advance(workflow_steps(steps), after.order, to_behaviour=to_behaviour)
    for order in transition.skipped:
        complete(by_order[order], at, None, skip_note, StepStatus.SKIPPED)
        record_event(complaint, "step_skipped", at=at, actor=actor, step=by_order[order], note=skip_note)
    if transition.activate is None:
        return None
    target = by_order[transition.activate]
    activate(complaint, target, at, calendar, actor)
    project(steps, calendar, pauses_of(complaint))
    return target


def _finish(complaint: Complaint, step: ComplaintStep, at: datetime, actor, *, outcome: str, resolution: str,
            reply: str) -> None:
    resolution, reply = clean_text("resolution", resolution), clean_text("reply", reply)
    if not resolution:
        raise ValidationError({"resolution": _("Penyelesaian wajib diisi.")})
    if not reply:
        raise ValidationError({"reply": _("Jawaban kepada pelapor wajib diisi.")})
    for rest in complaint.steps.filter(status=StepStatus.PENDING):
        complete(rest, at, None, _("Tidak diperlukan: pengaduan sudah selesai."), StepStatus.SKIPPED)
    complaint.status = Status.RESOLVED
    complaint.outcome = outcome
    complaint.resolution = resolution
    complaint.reply = reply
    complaint.replied_at = at
    complaint.resolved_at = at
    complaint.due_at = None
    complaint.breached = False
    complaint.save()
    record_event(complaint, "resolved", at=at, actor=actor, step=step, note=resolution, public=True)
    record_event(complaint, "replied", at=at, actor=actor, step=step, note=reply)
    reply_add(complaint, channel=ReplyChannel.OFFICIAL, text=reply, sent_at=at, actor=actor)
    complaint_answer_notify(complaint)  # e-mail and phone, through the outbox


@transaction.atomic
def complaint_escalate(*, actor, complaint_id: int, step_id: int, note: str = "",
                       category: ComplaintCategory | None = None, now: datetime | None = None) -> Complaint:
    """Complete the active step and pass the complaint to the next step's owner (002/004 chains).

    On the Kasubsi's decision step this is "ask the Kasi for direction"."""
    now = now or timezone.now()
    note = clean_text("note", note)
    complaint, step = _lock(complaint_id, step_id, actor, action=_escalation)
    if category is not None:
        complaint.category = category
    if step.behaviour == StepBehaviour.TRIAGE and complaint.category is None:
        raise ValidationError({"category": _("Pilih kategori pengaduan sebelum meneruskan.")})
    complete(step, now, actor, note)
    record_event(complaint, "escalated" if step.behaviour != StepBehaviour.PASS else "step_completed", at=now,
                 actor=actor, step=step, note=note, public=step.behaviour == StepBehaviour.TRIAGE)
    _advance(complaint, step, now, actor)
    complaint.save(update_fields=["category", "due_at", "breached"])
    audit_record(actor=actor, action="complaint.escalate", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {labels.step_title(step)} → berikutnya",
                 after={"step": step.code})
    return complaint


@transaction.atomic
def complaint_close_general(*, actor, complaint_id: int, step_id: int, category: ComplaintCategory | None,
                            resolution: str, reply: str, now: datetime | None = None) -> Complaint:
    """The first-line officer closes a *general* complaint alone (002 step 2b)."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, action=workflow.CLOSE_GENERAL)
    if category is None:
        raise ValidationError({"category": _("Pilih kategori.")})
    if not category.is_general:
        raise ValidationError({"category": _("Kategori \"%(c)s\" harus diteruskan ke Kasubsi.") % {"c": category}})
    complaint.category = category
    complete(step, now, actor, clean_text("resolution", resolution))
    _finish(complaint, step, now, actor, outcome=Outcome.BY_OFFICER, resolution=resolution, reply=reply)
    audit_record(actor=actor, action="complaint.close_general", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code, after={"category": category.code})
    return complaint


@transaction.atomic
def complaint_handle_at_kasubsi(*, actor, complaint_id: int, step_id: int, note: str,
                                now: datetime | None = None) -> Complaint:
    """The Kasubsi handles it without the Kasi (002 step 3): straight to the resolving step."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, action=workflow.HANDLE)
    note = clean_text("note", note)
    if not note:
        raise ValidationError({"note": _("Tuliskan penanganan/arahan Kasubsi.")})
    complete(step, now, actor, note)
    complaint.direction = note
    record_event(complaint, "handled_by_kasubsi", at=now, actor=actor, step=step, note=note)
    _advance(complaint, step, now, actor, to_behaviour=StepBehaviour.RESOLVE,
             skip_note=_("Tidak diperlukan: ditangani Kasubsi."))
    complaint.save(update_fields=["direction", "due_at", "breached"])
    audit_record(actor=actor, action="complaint.handle_at_kasubsi", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code)
    return complaint


@transaction.atomic
def complaint_direct(*, actor, complaint_id: int, step_id: int, direction: str,
                     now: datetime | None = None) -> Complaint:
    """The Kasi records directions (002 step 4, 004 step 4)."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, action=workflow.DIRECT)
    direction = clean_text("direction", direction)
    if not direction:
        raise ValidationError({"direction": _("Arahan Kasi wajib diisi.")})
    complete(step, now, actor, direction)
    complaint.direction = direction
    record_event(complaint, "direction", at=now, actor=actor, step=step, note=direction)
    _advance(complaint, step, now, actor)
    complaint.save(update_fields=["direction", "due_at", "breached"])
    audit_record(actor=actor, action="complaint.direct", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code, after={"direction": direction})
    return complaint


@transaction.atomic
def complaint_resolve(*, actor, complaint_id: int, step_id: int, resolution: str, reply: str,
                      now: datetime | None = None) -> Complaint:
    """The officer (or media team) resolves and answers the complainant (002 step 6, 004 step 6)."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, action=workflow.RESOLVE_ACTION)
    directed_by_kasi = complaint.events.filter(kind="direction").exists()
    complete(step, now, actor, clean_text("resolution", resolution))
    _finish(complaint, step, now, actor, outcome=Outcome.WITH_KASI if directed_by_kasi else Outcome.BY_KASUBSI,
            resolution=resolution, reply=reply)
    audit_record(actor=actor, action="complaint.resolve", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code)
    return complaint


def _check_complaint_action(actor, complaint: Complaint, action: str) -> None:
    steps = workflow_steps(list(complaint.steps.order_by("order")))
    active = next((s for s in steps if s.status == StepStatus.ACTIVE), None)
    role = workflow.acting_role(actor.role, active.owner if active else "", superuser=actor.is_superuser)
    if action not in workflow.complaint_actions(complaint.status, steps, role):
        raise PermissionDenied(_("Tindakan \"%(a)s\" tidak tersedia bagi Anda.") % {
            "a": labels.action_label(action)})


@transaction.atomic
def complaint_pause(*, actor, complaint_id: int, reason: str, now: datetime | None = None) -> Complaint:
    """Stop the clock while waiting for the complainant (e.g. missing documents)."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    check_handler(actor, complaint)
    step = complaint.steps.filter(status=StepStatus.ACTIVE).first()
    if complaint.status != Status.OPEN or step is None:
        raise ValidationError(_("Hanya pengaduan yang sedang diproses yang dapat dijeda."))
    reason = clean_text("reason", reason)
    if not reason:
        raise ValidationError({"reason": _("Tuliskan apa yang ditunggu dari pelapor.")})
    _check_complaint_action(actor, complaint, workflow.PAUSE)
    ComplaintPause.objects.create(complaint=complaint, started_at=now, reason=reason[:300], started_by=actor)
    complaint.status = Status.PAUSED
    complaint.due_at = None
    step.due_at = None
    step.save(update_fields=["due_at"])
    complaint.save(update_fields=["status", "due_at"])
    record_event(complaint, "paused", at=now, actor=actor, step=step, note=reason, public=True)
    audit_record(actor=actor, action="complaint.pause", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {reason}")
    return complaint


@transaction.atomic
def complaint_resume(*, actor, complaint_id: int, note: str = "", now: datetime | None = None) -> Complaint:
    """Restart the clock: the active step's due moves by the paused working time."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    check_handler(actor, complaint)
    if complaint.status != Status.PAUSED:
        raise ValidationError(_("Pengaduan ini tidak sedang dijeda."))
    note = clean_text("note", note)
    _check_complaint_action(actor, complaint, workflow.RESUME)
    complaint.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    calendar = work_calendar_for(complaint.office)
    steps = list(complaint.steps.order_by("order"))
    active = next(s for s in steps if s.status == StepStatus.ACTIVE)
    active.due_at = rules.step_due(calendar, active.started_at, timedelta(minutes=active.norm_minutes),
                                   pauses_of(complaint))
    active.save(update_fields=["due_at"])
    project(steps, calendar, pauses_of(complaint))
    complaint.status = Status.OPEN
    complaint.due_at = active.due_at
    complaint.save(update_fields=["status", "due_at"])
    record_event(complaint, "resumed", at=now, actor=actor, step=active, note=note, public=True)
    audit_record(actor=actor, action="complaint.resume", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code)
    return complaint
