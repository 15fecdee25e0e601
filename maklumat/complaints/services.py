"""Use cases that change complaints. Views, API, commands and the SLA worker all call these.

Every change locks the complaint row (``select_for_update``), checks that the step the actor
acted on is still the active one (so two officers escalating at once cannot both win),
appends a ``ComplaintEvent`` and writes an audit entry in the same transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.accounts.models import User
from maklumat.audit.services import audit_record
from maklumat.calendar.rules import WorkCalendar
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import rules
from maklumat.complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintNotification,
    ComplaintPause,
    ComplaintStep,
    Outcome,
    Status,
    StepBehaviour,
    StepStatus,
)
from maklumat.complaints.selectors import NoWorkflow, workflow_for

# What completing each SOP step means (step codes of 002 and 004); unknown codes pass on.
BEHAVIOUR = {
    "direct": StepBehaviour.PASS,
    "intake": StepBehaviour.TRIAGE,
    "kasubsi_handle": StepBehaviour.DECIDE,
    "kasi_direct": StepBehaviour.DIRECTION,
    "kasubsi_forward": StepBehaviour.PASS,
    "resolve": StepBehaviour.RESOLVE,
    "receive": StepBehaviour.TRIAGE,
    "forward": StepBehaviour.PASS,
    "kasubsi_analyse": StepBehaviour.PASS,
    "kasubsi_instruct": StepBehaviour.PASS,
    "answer": StepBehaviour.RESOLVE,
}

# Steps that only make sense when the complainant stands in the office (002 step 1).
WALK_IN_ONLY_STEPS = frozenset({"direct"})

# Seniority in the complaint chain: a senior may act on a junior's step (e.g. Kasi covers the Kasubsi).
RANK = {"duta_layanan": 0, "petugas_yankomas": 1, "pengelola_medsos": 1, "kasubsi": 2, "kasi": 3,
        "kepala_kantor": 4}

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class StepConflict(ValidationError):
    """The step acted on is no longer the active one (someone else acted first)."""


@dataclass(frozen=True)
class Reporter:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"ADU-{raw[:4]}-{raw[4:]}"


def _behaviour(code: str, is_last: bool) -> str:
    if is_last:
        return StepBehaviour.RESOLVE
    return BEHAVIOUR.get(code, StepBehaviour.PASS)


def _pauses(complaint: Complaint) -> list[rules.Pause]:
    return [rules.Pause(p.started_at, p.ended_at) for p in complaint.pauses.all()]


def _event(complaint: Complaint, kind: str, *, at: datetime, actor=None, step: ComplaintStep | None = None,
           note: str = "", public: bool = False) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, at=at, step_code=step.code if step else "",
        actor=actor if getattr(actor, "is_authenticated", False) else None, note=note, public=public,
    )


def _project(steps: list[ComplaintStep], calendar: WorkCalendar, pauses: list[rules.Pause]) -> None:
    """Re-project the due times of pending steps from the active (or last done) one."""
    anchor: datetime | None = None
    for step in steps:
        if step.status == StepStatus.ACTIVE:
            anchor = step.due_at
        elif step.status == StepStatus.PENDING:
            anchor = None if anchor is None else rules.step_due(
                calendar, anchor, timedelta(minutes=step.norm_minutes), pauses)
            step.due_at = anchor
            step.save(update_fields=["due_at"])


def _activate(complaint: Complaint, step: ComplaintStep, at: datetime, calendar: WorkCalendar,
              actor=None) -> None:
    pauses = _pauses(complaint)
    step.status = StepStatus.ACTIVE
    step.started_at = at
    step.due_at = rules.step_due(calendar, at, timedelta(minutes=step.norm_minutes), pauses)
    step.save(update_fields=["status", "started_at", "due_at"])
    complaint.due_at = step.due_at
    complaint.breached = False
    _event(complaint, "step_started", at=at, actor=actor, step=step,
           note=f"{step.actor_label or step.get_actor_role_display()}: {step.activity_id[:120]}")
    if step.code not in WALK_IN_ONLY_STEPS:  # the ambassador's step is over once the officer records it
        _notify_owners(complaint, step, actor)


def _notify_owners(complaint: Complaint, step: ComplaintStep, actor) -> None:
    """Tell the new step's owners (in-app) that a complaint waits for them, except the one who passed it on."""
    owners = User.objects.filter(office_id=complaint.office_id, role=step.actor_role, is_active=True)
    if getattr(actor, "pk", None):
        owners = owners.exclude(pk=actor.pk)
    ComplaintNotification.objects.bulk_create(
        [ComplaintNotification(user=user, complaint=complaint, step=step, kind=ComplaintNotification.Kind.ASSIGNED,
                               message=f"{complaint.tracking_code}: {step.actor_label or step.code} — "
                                       f"{complaint.subject[:120]}") for user in owners],
        ignore_conflicts=True)


def _complete(step: ComplaintStep, at: datetime, actor, note: str, status: str = StepStatus.DONE) -> None:
    step.status = status
    step.completed_at = at
    step.completed_by = actor if getattr(actor, "is_authenticated", False) else None
    step.note = note
    if status == StepStatus.DONE and step.due_at is not None and at > step.due_at and step.breached_at is None:
        step.breached_at = step.due_at
    step.save(update_fields=["status", "completed_at", "completed_by", "note", "breached_at"])


@transaction.atomic
def complaint_open(
    *,
    actor,
    office,
    channel: str,
    subject: str,
    description: str,
    received_at: datetime | None = None,
    reporter: Reporter = Reporter(),
    category: ComplaintCategory | None = None,
    confidential: bool = False,
    anonymous: bool = False,
    application=None,
    details: dict | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Open a complaint: snapshot the SOP steps in force and start the first step's clock.

    ``details`` carries channel fields (platform, post_url, handle, letter_number, letter_date,
    letter_scan, email_message_id). For a walk-in, step 1 (the ambassador directing the
    complainant) ran from ``received_at`` until the officer records the complaint (``now``).
    """
    now = now or timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise ValidationError({"received_at": _("Waktu diterima tidak boleh di masa depan.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kanal tidak dikenal: %(c)s") % {"c": channel}})
    if application is not None and application.office_id != office.pk:
        raise ValidationError({"application": _("Permohonan itu bukan milik kantor ini.")})
    calendar = work_calendar_for(office)
    try:
        version, note = workflow_for(office=office, channel=channel, on=calendar.local(received_at).date())
    except NoWorkflow as exc:
        raise ValidationError(_("Belum ada SOP pengaduan yang berlaku pada tanggal itu.")) from exc
    complaint = Complaint.objects.create(
        office=office, tracking_code=new_tracking_code(), channel=channel, category=category,
        subject=subject.strip(), description=description.strip(), received_at=received_at,
        confidential=confidential, anonymous=anonymous, reporter_name=reporter.name.strip(),
        reporter_phone=reporter.phone.strip(), reporter_email=reporter.email.strip(),
        reporter_address=reporter.address.strip(), application=application, sop_version=version,
        workflow_note=note, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **(details or {}),
    )
    sop_steps = list(version.steps.all())
    steps = ComplaintStep.objects.bulk_create(
        ComplaintStep(
            complaint=complaint, order=s.order, code=s.code, behaviour=_behaviour(s.code, i == len(sop_steps) - 1),
            actor_role=s.actor_role, actor_label=s.actor_label, activity_id=s.activity_id,
            activity_en=s.activity_en, norm_minutes=s.norm_minutes,
        )
        for i, s in enumerate(sop_steps)
    )
    steps = list(complaint.steps.order_by("order"))
    _event(complaint, "opened", at=received_at, actor=actor, public=True,
           note=f"{Channel(channel).label} · SOP {version.sop.title_id} v{version.number}")
    cursor = received_at
    for step in steps:
        if step.code in WALK_IN_ONLY_STEPS:
            if channel == Channel.WALK_IN:
                _activate(complaint, step, received_at, calendar, actor)
                _complete(step, max(now, received_at), actor, _("Pelapor diarahkan ke Pos Yankomas."))
                _event(complaint, "step_completed", at=max(now, received_at), actor=actor, step=step)
                cursor = max(now, received_at)
            else:
                _complete(step, received_at, None, _("Tidak berlaku untuk kanal ini."), StepStatus.SKIPPED)
            continue
        _activate(complaint, step, cursor, calendar, actor)
        break
    _project(steps, calendar, [])
    complaint.save(update_fields=["due_at", "breached"])
    audit_record(actor=actor, action="complaint.open", obj=complaint, office=office,
                 summary=f"{complaint.tracking_code} {Channel(channel).label}",
                 after={"channel": channel, "sop_version": version.pk, "workflow_note": note})
    return complaint


def _lock(complaint_id: int, step_id: int, actor, *, behaviours: set[str]) -> tuple[Complaint, ComplaintStep]:
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    step = complaint.steps.filter(status=StepStatus.ACTIVE).first()
    if complaint.status == Status.RESOLVED or step is None:
        raise StepConflict(_("Pengaduan ini sudah selesai."))
    if step.pk != step_id:
        raise StepConflict(_("Langkah ini sudah ditangani oleh orang lain; muat ulang halaman."))
    if complaint.status == Status.PAUSED:
        raise ValidationError(_("Pengaduan sedang dijeda menunggu pelapor; lanjutkan dulu."))
    if step.behaviour not in behaviours:
        raise ValidationError(_("Tindakan ini tidak berlaku untuk langkah %(s)s.") % {"s": step.code})
    _check_actor(actor, complaint, step.actor_role)
    return complaint, step


def _check_actor(actor, complaint: Complaint, role: str) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("sign in")
    if actor.is_superuser:
        return
    if actor.office_id != complaint.office_id or actor.role not in RANK:
        raise PermissionDenied(_("Hanya tim pengaduan kantor ini yang dapat menangani pengaduan."))
    if RANK[actor.role] < RANK.get(role, 0):
        raise PermissionDenied(_("Langkah ini milik %(r)s.") % {"r": role})


def _advance(complaint: Complaint, after: ComplaintStep, at: datetime, actor, *, to_behaviour: str | None = None,
             skip_note: str = "") -> ComplaintStep | None:
    """Activate the step after ``after`` (or the first later one with ``to_behaviour``, skipping the rest)."""
    calendar = work_calendar_for(complaint.office)
    steps = list(complaint.steps.order_by("order"))
    later = [s for s in steps if s.order > after.order and s.status == StepStatus.PENDING]
    target = None
    for step in later:
        if to_behaviour is None or step.behaviour == to_behaviour:
            target = step
            break
        _complete(step, at, None, skip_note, StepStatus.SKIPPED)
        _event(complaint, "step_skipped", at=at, actor=actor, step=step, note=skip_note)
    if target is not None:
        _activate(complaint, target, at, calendar, actor)
        _project(steps, calendar, _pauses(complaint))
    return target


def _finish(complaint: Complaint, step: ComplaintStep, at: datetime, actor, *, outcome: str, resolution: str,
            reply: str) -> None:
    if not resolution.strip() or not reply.strip():
        raise ValidationError(_("Penyelesaian dan jawaban kepada pelapor wajib diisi."))
    for rest in complaint.steps.filter(status=StepStatus.PENDING):
        _complete(rest, at, None, _("Tidak diperlukan: pengaduan sudah selesai."), StepStatus.SKIPPED)
    complaint.status = Status.RESOLVED
    complaint.outcome = outcome
    complaint.resolution = resolution.strip()
    complaint.reply = reply.strip()
    complaint.replied_at = at
    complaint.resolved_at = at
    complaint.due_at = None
    complaint.breached = False
    complaint.save()
    _event(complaint, "resolved", at=at, actor=actor, step=step, note=resolution.strip(), public=True)
    _event(complaint, "replied", at=at, actor=actor, step=step, note=reply.strip())
    if complaint.reporter_email:
        from maklumat.complaints.mail import send_reply

        transaction.on_commit(lambda: send_reply(complaint.pk))


@transaction.atomic
def complaint_escalate(*, actor, complaint_id: int, step_id: int, note: str = "",
                       category: ComplaintCategory | None = None, now: datetime | None = None) -> Complaint:
    """Complete the active step and pass the complaint to the next step's owner (002/004 chains)."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, behaviours={
        StepBehaviour.PASS, StepBehaviour.TRIAGE, StepBehaviour.DECIDE})
    if category is not None:
        complaint.category = category
    if step.behaviour == StepBehaviour.TRIAGE and complaint.category is None:
        raise ValidationError({"category": _("Pilih kategori pengaduan sebelum meneruskan.")})
    _complete(step, now, actor, note.strip())
    _event(complaint, "escalated" if step.behaviour != StepBehaviour.PASS else "step_completed", at=now,
           actor=actor, step=step, note=note.strip(), public=step.behaviour == StepBehaviour.TRIAGE)
    _advance(complaint, step, now, actor)
    complaint.save(update_fields=["category", "due_at", "breached"])
    audit_record(actor=actor, action="complaint.escalate", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {step.code} → berikutnya", after={"step": step.code})
    return complaint


@transaction.atomic
def complaint_close_general(*, actor, complaint_id: int, step_id: int, category: ComplaintCategory,
                            resolution: str, reply: str, now: datetime | None = None) -> Complaint:
    """The first-line officer closes a *general* complaint alone (002 step 2b)."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, behaviours={StepBehaviour.TRIAGE})
    if not category.is_general:
        raise ValidationError({"category": _("Kategori \"%(c)s\" harus diteruskan ke Kasubsi.") % {"c": category}})
    complaint.category = category
    _complete(step, now, actor, resolution.strip())
    _finish(complaint, step, now, actor, outcome=Outcome.BY_OFFICER, resolution=resolution, reply=reply)
    audit_record(actor=actor, action="complaint.close_general", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code, after={"category": category.code})
    return complaint


@transaction.atomic
def complaint_handle_at_kasubsi(*, actor, complaint_id: int, step_id: int, note: str,
                                now: datetime | None = None) -> Complaint:
    """The Kasubsi handles it without the Kasi (002 step 3): straight to the resolving step."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, behaviours={StepBehaviour.DECIDE})
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan penanganan/arahan Kasubsi.")})
    _complete(step, now, actor, note.strip())
    complaint.direction = note.strip()
    _event(complaint, "handled_by_kasubsi", at=now, actor=actor, step=step, note=note.strip())
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
    complaint, step = _lock(complaint_id, step_id, actor, behaviours={StepBehaviour.DIRECTION})
    if not direction.strip():
        raise ValidationError({"direction": _("Arahan Kasi wajib diisi.")})
    _complete(step, now, actor, direction.strip())
    complaint.direction = direction.strip()
    _event(complaint, "direction", at=now, actor=actor, step=step, note=direction.strip())
    _advance(complaint, step, now, actor)
    complaint.save(update_fields=["direction", "due_at", "breached"])
    audit_record(actor=actor, action="complaint.direct", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code, after={"direction": direction.strip()})
    return complaint


@transaction.atomic
def complaint_resolve(*, actor, complaint_id: int, step_id: int, resolution: str, reply: str,
                      now: datetime | None = None) -> Complaint:
    """The officer (or media team) resolves and answers the complainant (002 step 6, 004 step 6)."""
    now = now or timezone.now()
    complaint, step = _lock(complaint_id, step_id, actor, behaviours={StepBehaviour.RESOLVE})
    directed_by_kasi = complaint.events.filter(kind="direction").exists()
    _complete(step, now, actor, resolution.strip())
    _finish(complaint, step, now, actor, outcome=Outcome.WITH_KASI if directed_by_kasi else Outcome.BY_KASUBSI,
            resolution=resolution, reply=reply)
    audit_record(actor=actor, action="complaint.resolve", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code)
    return complaint


@transaction.atomic
def complaint_pause(*, actor, complaint_id: int, reason: str, now: datetime | None = None) -> Complaint:
    """Stop the clock while waiting for the complainant (e.g. missing documents)."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    step = complaint.steps.filter(status=StepStatus.ACTIVE).first()
    if complaint.status != Status.OPEN or step is None:
        raise ValidationError(_("Hanya pengaduan yang sedang diproses yang dapat dijeda."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan apa yang ditunggu dari pelapor.")})
    _check_actor(actor, complaint, "petugas_yankomas")
    ComplaintPause.objects.create(complaint=complaint, started_at=now, reason=reason.strip(), started_by=actor)
    complaint.status = Status.PAUSED
    complaint.due_at = None
    step.due_at = None
    step.save(update_fields=["due_at"])
    complaint.save(update_fields=["status", "due_at"])
    _event(complaint, "paused", at=now, actor=actor, step=step, note=reason.strip(), public=True)
    audit_record(actor=actor, action="complaint.pause", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {reason.strip()}")
    return complaint


@transaction.atomic
def complaint_resume(*, actor, complaint_id: int, note: str = "", now: datetime | None = None) -> Complaint:
    """Restart the clock: the active step's due moves by the paused working time."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    if complaint.status != Status.PAUSED:
        raise ValidationError(_("Pengaduan ini tidak sedang dijeda."))
    _check_actor(actor, complaint, "petugas_yankomas")
    complaint.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    calendar = work_calendar_for(complaint.office)
    steps = list(complaint.steps.order_by("order"))
    active = next(s for s in steps if s.status == StepStatus.ACTIVE)
    active.due_at = rules.step_due(calendar, active.started_at, timedelta(minutes=active.norm_minutes),
                                   _pauses(complaint))
    active.save(update_fields=["due_at"])
    _project(steps, calendar, _pauses(complaint))
    complaint.status = Status.OPEN
    complaint.due_at = active.due_at
    complaint.save(update_fields=["status", "due_at"])
    _event(complaint, "resumed", at=now, actor=actor, step=active, note=note.strip(), public=True)
    audit_record(actor=actor, action="complaint.resume", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code)
    return complaint


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
    complaint.rating, complaint.rating_comment, complaint.rated_at = rating, comment.strip()[:500], now
    complaint.save(update_fields=["rating", "rating_comment", "rated_at"])
    _event(complaint, "rated", at=now, note=f"{rating}/4 {comment.strip()[:200]}")
    audit_record(actor=None, action="complaint.rate", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code}: {rating}/4")
    return complaint


@transaction.atomic
def complaint_link_application(*, actor, complaint_id: int, number: str, now: datetime | None = None) -> Complaint:
    """Link the complaint to the passport application it concerns (so a compensation claim can start there)."""
    from maklumat.applications.models import Application

    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().select_related("office").get(pk=complaint_id)
    _check_actor(actor, complaint, "petugas_yankomas")
    application = Application.objects.filter(office=complaint.office, number=number.strip()).first()
    if application is None:
        raise ValidationError({"application": _("Permohonan %(n)s tidak ada di kantor ini.") % {"n": number.strip()}})
    before = complaint.application.number if complaint.application_id else None
    complaint.application = application
    complaint.save(update_fields=["application"])
    _event(complaint, "application_linked", at=now, actor=actor, note=application.number)
    audit_record(actor=actor, action="complaint.link_application", obj=complaint, office=complaint.office,
                 summary=f"{complaint.tracking_code} → {application.number}",
                 before={"application": before}, after={"application": application.number})
    return complaint


@transaction.atomic
def complaint_message_add(*, complaint_id: int, note: str, at: datetime, actor=None,
                          kind: str = "message_received") -> ComplaintEvent:
    """Append a message from or to the complainant (e.g. an e-mail reply threaded by tracking code)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    event = _event(complaint, kind, at=at, actor=actor, note=note[:5000])
    audit_record(actor=actor, action=f"complaint.{kind}", obj=complaint, office=complaint.office,
                 summary=complaint.tracking_code)
    return event
