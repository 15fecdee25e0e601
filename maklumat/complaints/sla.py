"""The SLA sweep: warn step owners before the due time, mark breaches, tell the next level, and close
answered complaints nobody replied to within the national window (``close_unanswered``).

Idempotent and safe with several sweepers: each warning/breach is claimed with a conditional
``UPDATE … WHERE warned_at IS NULL`` (or ``breached_at``), so only one sweeper acts on it, and
notices are unique per (user, step, kind). Mail goes out after the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from maklumat.accounts.models import User
from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import labels, rules
from maklumat.complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintNotification,
    ComplaintStep,
    Status,
    StepStatus,
)


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    notices: int = 0
    closed: int = 0


def _recipients(office_id: int, role: str) -> list[User]:
    return list(User.objects.filter(office_id=office_id, role=role, is_active=True))


def _notify(step: ComplaintStep, users: list[User], kind: str, message: str) -> int:
    created = 0
    for user in users:
        _, made = ComplaintNotification.objects.get_or_create(
            user=user, step=step, kind=kind, defaults={"complaint": step.complaint, "message": message[:300]})
        if made:
            created += 1
            if user.email:
                address, subject = user.email, f"[{step.complaint.tracking_code}] {message[:120]}"
                transaction.on_commit(lambda a=address, s=subject, m=message: send_mail(
                    s, m, settings.DEFAULT_FROM_EMAIL, [a], fail_silently=True))
    return created


def complaints_sweep(*, now: datetime | None = None) -> SweepResult:
    """One pass over every active step of every open (not paused) complaint."""
    now = now or timezone.now()
    result = SweepResult()
    steps = (
        ComplaintStep.objects.filter(status=StepStatus.ACTIVE, complaint__status=Status.OPEN,
                                     due_at__isnull=False)
        .filter(warned_at__isnull=True) | ComplaintStep.objects.filter(
            status=StepStatus.ACTIVE, complaint__status=Status.OPEN, due_at__isnull=False, breached_at__isnull=True,
            due_at__lt=now)
    ).select_related("complaint", "complaint__office").prefetch_related("complaint__pauses")
    calendars = {}
    for step in steps:
        office = step.complaint.office
        calendar = calendars.setdefault(office.pk, work_calendar_for(office))
        pauses = [rules.Pause(p.started_at, p.ended_at) for p in step.complaint.pauses.all()]
        norm = timedelta(minutes=step.norm_minutes)
        if step.due_at < now and step.breached_at is None:
            result.notices += _breach(step, now)
            result.breached += 1 if step.breached_at == now else 0
        elif step.warned_at is None and step.breached_at is None:  # a breach needs no warning
            moment = rules.warn_at(calendar, step.started_at, norm, pauses)
            if moment is not None and moment <= now:
                result.notices += _warn(step, now)
                result.warned += 1 if step.warned_at == now else 0
    result.closed = close_unanswered(now)
    return result


def close_unanswered(now: datetime) -> int:
    """Close answered complaints whose complainant did not reply within the window (SP4N-LAPOR!).

    Ten working days are never fewer than ten calendar days, so older answers are the only candidates;
    the rule itself (``rules.auto_close_due``) decides each, under the complaint's row lock.
    """
    from maklumat.complaints.services.closing import complaint_auto_close

    candidates = Complaint.objects.filter(status=Status.RESOLVED, closed_at__isnull=True,
                                          resolved_at__lte=now - timedelta(days=rules.AUTO_CLOSE_WORKING_DAYS))
    return sum(complaint_auto_close(complaint_id=pk, now=now) for pk in candidates.values_list("pk", flat=True))


@transaction.atomic
def _warn(step: ComplaintStep, now: datetime) -> int:
    if not ComplaintStep.objects.filter(pk=step.pk, warned_at__isnull=True).update(warned_at=now):
        return 0  # another sweeper got there first
    step.warned_at = now
    complaint = step.complaint
    local_due = complaint.office.localtime(step.due_at)
    message = (f"{complaint.tracking_code}: langkah \"{labels.step_title(step)}\" jatuh tempo "
               f"{local_due:%d-%m-%Y %H:%M} {complaint.office.zone_abbreviation}")
    ComplaintEvent.objects.create(complaint=complaint, at=now, kind="warning", step_code=step.code, note=message)
    return _notify(step, _recipients(complaint.office_id, step.actor_role), ComplaintNotification.Kind.WARNING,
                   message)


@transaction.atomic
def _breach(step: ComplaintStep, now: datetime) -> int:
    if not ComplaintStep.objects.filter(pk=step.pk, breached_at__isnull=True).update(breached_at=now):
        return 0
    step.breached_at = now
    complaint = step.complaint
    Complaint.objects.filter(pk=complaint.pk).update(breached=True)
    message = f"{complaint.tracking_code}: langkah \"{labels.step_title(step)}\" melewati tenggat"
    ComplaintEvent.objects.create(complaint=complaint, at=now, kind="breach", step_code=step.code, note=message)
    audit_record(actor=None, action="complaint.breach", obj=complaint, office=complaint.office,
                 summary=message, after={"step": step.code, "due_at": step.due_at.isoformat()})
    owners = _recipients(complaint.office_id, step.actor_role)
    upper_role = rules.next_level(step.actor_role)
    upper = [u for u in _recipients(complaint.office_id, upper_role) if u not in owners]
    return (_notify(step, owners, ComplaintNotification.Kind.BREACH, message)
            + _notify(step, upper, ComplaintNotification.Kind.BREACH_ESCALATED, message))
