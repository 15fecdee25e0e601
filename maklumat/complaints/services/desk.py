"""The complaint desk: a named owner per active step, internal notes, the reply history.

Ownership: the person working a step is one named user of the step's own role at the complaint's
office (``workflow.may_own``). Anyone who may act on the step (its role, or a senior in the chain)
may assign or reassign it (``workflow.may_assign``); a user of the step's role may take it over.
Every change locks the complaint, checks the step is still the active one, and writes the event and
the audit row in the same transaction; a refused change changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.accounts.models import User
from maklumat.audit.services import audit_record
from maklumat.complaints import labels, workflow
from maklumat.complaints.models import (
    Complaint,
    ComplaintNote,
    ComplaintNotification,
    ComplaintReply,
    ComplaintStep,
    ReplyChannel,
    Status,
    StepStatus,
)
from maklumat.complaints.services.common import StepConflict, check_handler, clean_text, record_event
from maklumat.lib.validation import implausible_moment


def _locked_active_step(complaint_id: int, step_id: int, actor) -> tuple[Complaint, ComplaintStep]:
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    check_handler(actor, complaint)
    step = complaint.steps.select_related("owner").filter(status=StepStatus.ACTIVE).first()
    if complaint.status == Status.RESOLVED or step is None:
        raise StepConflict(_("Pengaduan ini sudah selesai."))
    if step.pk != step_id:
        raise StepConflict(_("Langkah ini sudah berpindah; muat ulang halaman."))
    return complaint, step


def _acting_role(actor, step: ComplaintStep) -> str | None:
    return workflow.acting_role(actor.role, step.actor_role, superuser=actor.is_superuser)


def candidate_owners(complaint: Complaint, step: ComplaintStep):
    """The users who may own ``step``: active users of the complaint's office with the step's role."""
    return User.objects.filter(office_id=complaint.office_id, role=step.actor_role, is_active=True).order_by(
        "first_name", "last_name", "username")


def _set_owner(complaint: Complaint, step: ComplaintStep, owner: User, *, actor, now: datetime,
               verb: str) -> ComplaintStep:
    before = step.owner
    if before is not None and before.pk == owner.pk:
        raise ValidationError({"owner": _("%(name)s sudah menjadi penanggung jawab langkah ini.")
                               % {"name": owner.display_name}})
    step.owner = owner
    step.save(update_fields=["owner"])
    title = labels.step_title(step)
    note = (f"{before.display_name} → {owner.display_name}" if before is not None else owner.display_name)
    record_event(complaint, "step_assigned", at=now, actor=actor, step=step, note=note)
    if owner.pk != actor.pk:
        ComplaintNotification.objects.update_or_create(
            user=owner, step=step, kind=ComplaintNotification.Kind.ASSIGNED,
            defaults={"complaint": complaint, "read_at": None,
                      "message": f"{complaint.tracking_code}: {title} — {complaint.subject[:120]}"})
    audit_record(actor=actor, action=f"complaint.step_{verb}", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {title} → {owner.username}",
                 before={"step": step.code, "owner": before.username if before else None},
                 after={"step": step.code, "owner": owner.username})
    return step


@transaction.atomic
def complaint_step_assign(*, actor, complaint_id: int, step_id: int, owner_id: int,
                          now: datetime | None = None) -> ComplaintStep:
    """Name (or change) the owner of the active step: someone who may act on the step hands it to a
    user of the step's role at the complaint's office."""
    now = now or timezone.now()
    complaint, step = _locked_active_step(complaint_id, step_id, actor)
    if not workflow.may_assign(_acting_role(actor, step), step.actor_role):
        raise PermissionDenied(_("Langkah ini milik %(r)s; Anda tidak dapat menugaskannya.")
                               % {"r": step.actor_label or step.get_actor_role_display()})
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None or owner.office_id != complaint.office_id or not workflow.may_own(owner.role, step.actor_role):
        raise ValidationError({"owner": _("Langkah ini hanya dapat ditugaskan kepada %(r)s kantor ini.")
                               % {"r": step.get_actor_role_display()}})
    return _set_owner(complaint, step, owner, actor=actor, now=now,
                      verb="reassign" if step.owner_id else "assign")


@transaction.atomic
def complaint_step_take(*, actor, complaint_id: int, step_id: int, now: datetime | None = None) -> ComplaintStep:
    """Take over the active step (a user of the step's own role, from its owner or from nobody)."""
    now = now or timezone.now()
    complaint, step = _locked_active_step(complaint_id, step_id, actor)
    if not workflow.may_own(actor.role, step.actor_role):
        raise PermissionDenied(_("Hanya %(r)s yang dapat mengambil alih langkah ini.")
                               % {"r": step.get_actor_role_display()})
    return _set_owner(complaint, step, actor, actor=actor, now=now, verb="take")


@transaction.atomic
def complaint_note_add(*, actor, complaint_id: int, text: str, now: datetime | None = None) -> ComplaintNote:
    """An internal note of the office (staff only: never on the public status page or API)."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    check_handler(actor, complaint)
    text = clean_text("internal_note", text)
    if not text:
        raise ValidationError({"text": _("Catatan internal tidak boleh kosong.")})
    note = ComplaintNote.objects.create(complaint=complaint, at=now, author=actor, text=text)
    audit_record(actor=actor, action="complaint.note_add", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {len(text)} karakter", after={"note": note.pk})
    return note


def reply_add(complaint: Complaint, *, channel: str, text: str, sent_at: datetime, actor) -> ComplaintReply:
    """Append one entry to the reply history (inside the caller's transaction)."""
    return ComplaintReply.objects.create(
        complaint=complaint, channel=channel, text=text, sent_at=sent_at,
        sent_by=actor if getattr(actor, "is_authenticated", False) else None)


@transaction.atomic
def complaint_reply_record(*, actor, complaint_id: int, channel: str, text: str, sent_at: datetime | None = None,
                           now: datetime | None = None) -> ComplaintReply:
    """Record what was said to the complainant outside the official answer (a call, a WhatsApp message,
    a conversation at the post): on which channel, when, by whom. Staff only, like internal notes."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    check_handler(actor, complaint)
    if channel not in ReplyChannel.values or channel == ReplyChannel.OFFICIAL:
        raise ValidationError({"channel": _("Pilih kanal jawaban.")})
    text = clean_text("reply", text)
    if not text:
        raise ValidationError({"text": _("Tuliskan apa yang disampaikan kepada pelapor.")})
    sent_at = sent_at or now
    problem = implausible_moment(sent_at, now=now)
    if problem:
        raise ValidationError({"sent_at": problem})
    if sent_at < complaint.received_at:
        raise ValidationError({"sent_at": _("Waktu jawaban tidak boleh sebelum pengaduan diterima.")})
    reply = reply_add(complaint, channel=channel, text=text, sent_at=sent_at, actor=actor)
    record_event(complaint, "reply_recorded", at=sent_at, actor=actor, note=str(ReplyChannel(channel).label))
    audit_record(actor=actor, action="complaint.reply_record", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {channel}", after={"reply": reply.pk, "channel": channel})
    return reply
