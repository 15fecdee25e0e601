"""What the complaint services share: events, step clocks, notices, and the actor check."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from maklumat.accounts.models import User
from maklumat.calendar.rules import WorkCalendar
from maklumat.complaints import labels, rules, workflow
from maklumat.complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintNotification,
    ComplaintStep,
    StepStatus,
)
from maklumat.offices.scoping import authorize_in_office


class StepConflict(ValidationError):
    """The step acted on is no longer the active one (someone else acted first)."""


def pauses_of(complaint: Complaint) -> list[rules.Pause]:
    return [rules.Pause(p.started_at, p.ended_at) for p in complaint.pauses.all()]


def workflow_steps(steps: list[ComplaintStep]) -> list[workflow.Step]:
    return [workflow.Step(s.order, s.code, s.behaviour, s.actor_role, s.status) for s in steps]


def record_event(complaint: Complaint, kind: str, *, at: datetime, actor=None, step: ComplaintStep | None = None,
                 note: str = "", public: bool = False) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, at=at, step_code=step.code if step else "",
        actor=actor if getattr(actor, "is_authenticated", False) else None, note=note, public=public,
    )


def project(steps: list[ComplaintStep], calendar: WorkCalendar, pauses: list[rules.Pause]) -> None:
    """Re-project the due times of pending steps from the active (or last done) one (one UPDATE for
    the steps whose due time moved, none when none did)."""
    anchor: datetime | None = None
    moved = []
    for step in steps:
        if step.status == StepStatus.ACTIVE:
            anchor = step.due_at
        elif step.status == StepStatus.PENDING:
            anchor = None if anchor is None else rules.step_due(
                calendar, anchor, timedelta(minutes=step.norm_minutes), pauses)
            if step.due_at != anchor:
                step.due_at = anchor
                moved.append(step)
    if moved:
        ComplaintStep.objects.bulk_update(moved, ["due_at"])


def activate(complaint: Complaint, step: ComplaintStep, at: datetime, calendar: WorkCalendar, actor=None, *,
             notify: bool = True) -> None:
    pauses = pauses_of(complaint)
    step.status = StepStatus.ACTIVE
    step.started_at = at
    step.due_at = rules.step_due(calendar, at, timedelta(minutes=step.norm_minutes), pauses)
    step.save(update_fields=["status", "started_at", "due_at"])
    complaint.due_at = step.due_at
    complaint.breached = False
    record_event(complaint, "step_started", at=at, actor=actor, step=step,
                 note=f"{step.actor_label or step.get_actor_role_display()}: {step.activity_id[:120]}")
    if notify:
        notify_owners(complaint, step, actor)


def notify_owners(complaint: Complaint, step: ComplaintStep, actor) -> None:
    """Tell the new step's owners (in-app) that a complaint waits for them, except the one who passed it on."""
    owners = User.objects.filter(office_id=complaint.office_id, role=step.actor_role, is_active=True)
    if getattr(actor, "pk", None):
        owners = owners.exclude(pk=actor.pk)
    ComplaintNotification.objects.bulk_create(
        [ComplaintNotification(user=user, complaint=complaint, step=step, kind=ComplaintNotification.Kind.ASSIGNED,
                               message=f"{complaint.tracking_code}: {labels.step_title(step)} — "
                                       f"{complaint.subject[:120]}") for user in owners],
        ignore_conflicts=True)


def complete(step: ComplaintStep, at: datetime, actor, note: str, status: str = StepStatus.DONE) -> None:
    step.status = status
    step.completed_at = at
    step.completed_by = actor if getattr(actor, "is_authenticated", False) else None
    step.note = note
    if status == StepStatus.DONE and step.due_at is not None and at > step.due_at and step.breached_at is None:
        step.breached_at = step.due_at
    step.save(update_fields=["status", "completed_at", "completed_by", "note", "breached_at"])


def check_handler(actor, complaint: Complaint) -> None:
    """The actor may handle complaints of this office at all (404 outside reach, 403 for the wrong role)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Masuk terlebih dahulu."))
    authorize_in_office(actor, complaint.office, "complaints.handle")


def clean_text(field: str, value: str) -> str:
    """``value`` stripped, or a ValidationError naming ``field`` (NUL bytes, too long)."""
    from maklumat.lib.validation import bad_text

    problem = bad_text(value, max_length=rules.TEXT_LIMITS.get(field, 5000))
    if problem:
        raise ValidationError({field: problem})
    return value.strip()
