"""Opening a complaint on any channel: the channel rules, the SOP snapshot, the first step's clock."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.accounts.roles import Role
from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import rules, workflow
from maklumat.complaints.attachments import clean_attachments
from maklumat.complaints.models import (
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintStep,
    StepStatus,
)
from maklumat.complaints.notices import complaint_acknowledge
from maklumat.complaints.selectors import NoWorkflow, workflow_for
from maklumat.complaints.services.common import activate, complete, project, record_event, workflow_steps
from maklumat.lib.validation import bad_text, implausible_moment
from maklumat.offices.scoping import authorize_in_office

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Channel details a complaint may carry (``details`` of complaint_open).
DETAIL_FIELDS = ("platform", "post_url", "handle", "letter_number", "letter_date", "letter_scan",
                 "email_message_id", "lapor_tracking_id")


@dataclass(frozen=True)
class Reporter:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"ADU-{raw[:4]}-{raw[4:]}"


def intake_fields(*, channel: str, subject: str, description: str, reporter: Reporter, anonymous: bool,
                  details: dict) -> rules.IntakeFields:
    return rules.IntakeFields(
        channel=channel, subject=subject, description=description, anonymous=anonymous,
        reporter_name=reporter.name, reporter_phone=reporter.phone, reporter_email=reporter.email,
        reporter_address=reporter.address, platform=str(details.get("platform") or ""),
        handle=str(details.get("handle") or ""), post_url=str(details.get("post_url") or ""),
        letter_number=str(details.get("letter_number") or ""), has_letter_scan=bool(details.get("letter_scan")))


def intake_check(*, office, channel: str, subject: str, description: str, reporter: Reporter = Reporter(),
                 anonymous: bool = False, details: dict | None = None, received_at: datetime | None = None,
                 now: datetime | None = None) -> None:
    """Refuse, naming each field, what cannot be recorded (the same for form, API, mail and admin)."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kanal tidak dikenal: %(c)s") % {"c": channel}})
    details = details or {}
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Isian tidak dikenal.")})
    problems = rules.intake_problems(intake_fields(channel=channel, subject=subject, description=description,
                                                   reporter=reporter, anonymous=anonymous, details=details))
    scan = details.get("letter_scan")
    if scan and "letter_scan" not in problems:
        problem = rules.scan_problem(getattr(scan, "name", "") or "", getattr(scan, "size", 0) or 0)
        if problem:
            problems["letter_scan"] = problem
    if received_at is not None:
        problem = implausible_moment(received_at, now=now or timezone.now())
        if problem:
            problems.setdefault("received_at", problem)
    if problems:
        raise ValidationError(problems)


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
    incident_on: date | None = None,
    incident_place: str = "",
    attachments=(),
    ambassador=None,
    now: datetime | None = None,
) -> Complaint:
    """Open a complaint: check it, snapshot the SOP steps in force and start the first step's clock.

    ``details`` carries channel fields (platform, post_url, handle, letter_number, letter_date,
    letter_scan, email_message_id). For a walk-in, step 1 (the ambassador directing the
    complainant) ran from ``received_at`` until the officer records the complaint (``now``).
    A signed-in ``actor`` must be of the office's complaint team; ``None`` is the public web
    form, the mailbox, the SP4N-LAPOR! import or the survey hand-off. ``attachments`` are uploads
    (photos, PDFs): each is checked by content and re-encoded without metadata before anything is stored.
    ``ambassador`` is the Duta Layanan on duty who directed a walk-in complainant to the post: step 1
    is recorded in their name (never the recording officer's); without one it is recorded unnamed.
    """
    now = now or timezone.now()
    if actor is not None and getattr(actor, "is_authenticated", False):
        authorize_in_office(actor, office, "complaints.handle")
    details = {key: value for key, value in (details or {}).items() if value not in (None, "")}
    intake_check(office=office, channel=channel, subject=subject, description=description, reporter=reporter,
                 anonymous=anonymous, details=details, received_at=received_at, now=now)
    received_at = received_at or now
    problems = {}
    place_problem = bad_text(incident_place, max_length=rules.TEXT_LIMITS["incident_place"])
    if place_problem:
        problems["incident_place"] = place_problem
    incident = rules.incident_problem(incident_on, office.local_date(received_at))
    if incident:
        problems["incident_on"] = incident
    try:
        clean_files = clean_attachments(attachments)
    except ValidationError as exc:
        problems.update({key: " ".join(value) for key, value in exc.message_dict.items()})
    if problems:
        raise ValidationError(problems)
    if ambassador is not None and not (ambassador.is_active and ambassador.office_id == office.pk
                                       and ambassador.role == Role.DUTA_LAYANAN):
        raise ValidationError({"ambassador": _("Pilih Duta Layanan kantor ini yang bertugas.")})
    if application is not None and application.office_id != office.pk:
        raise ValidationError({"application": _("Permohonan itu bukan milik kantor ini.")})
    calendar = work_calendar_for(office)
    try:
        version, note = workflow_for(office=office, channel=channel, on=office.local_date(received_at))
    except NoWorkflow as exc:
        raise ValidationError({"received_at": _("Belum ada SOP pengaduan yang berlaku pada tanggal itu.")}) from exc
    complaint = Complaint.objects.create(
        office=office, tracking_code=new_tracking_code(), channel=channel, category=category,
        subject=subject.strip(), description=description.strip(), received_at=received_at,
        confidential=confidential, anonymous=anonymous, reporter_name=reporter.name.strip(),
        reporter_phone=reporter.phone.strip(), reporter_email=reporter.email.strip(),
        reporter_address=reporter.address.strip(), application=application, sop_version=version,
        incident_on=incident_on, incident_place=incident_place.strip(),
        workflow_note=note, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **details,
    )
    for clean in clean_files:
        attachment = ComplaintAttachment(complaint=complaint, kind=clean.kind, size=len(clean.content),
                                         original_name=clean.original_name, uploaded_at=now)
        attachment.file.save(clean.stored_name, ContentFile(clean.content), save=True)
    sop_steps = list(version.steps.all())
    ComplaintStep.objects.bulk_create(
        ComplaintStep(
            complaint=complaint, order=s.order, code=s.code,
            behaviour=workflow.behaviour_of(s.code, is_last=i == len(sop_steps) - 1),
            actor_role=s.actor_role, actor_label=s.actor_label, activity_id=s.activity_id,
            activity_en=s.activity_en, norm_minutes=s.norm_minutes,
        )
        for i, s in enumerate(sop_steps)
    )
    steps = list(complaint.steps.order_by("order"))
    by_order = {s.order: s for s in steps}
    record_event(complaint, "opened", at=received_at, actor=actor, public=True,
                 note=f"{Channel(channel).label} · SOP {version.sop.title_id} v{version.number}")
    plan = workflow.opening(workflow_steps(steps), channel)
    cursor = received_at
    for order in plan.ran_at_intake:  # the ambassador's step is over once the officer records it
        step, cursor = by_order[order], max(now, received_at)
        # Step 1 is the Duta Layanan's work (002): recorded for the ambassador on duty, or unnamed.
        activate(complaint, step, received_at, calendar, ambassador, notify=False)
        step.owner = ambassador
        step.save(update_fields=["owner"])
        complete(step, cursor, ambassador,
                 _("Pelapor diarahkan ke Pos Yankomas.") if ambassador is not None
                 else _("Pelapor diarahkan ke Pos Yankomas (Duta Layanan yang bertugas tidak dicatat)."))
        record_event(complaint, "step_completed", at=cursor, actor=ambassador, step=step)
    for order in plan.skipped:
        complete(by_order[order], received_at, None, _("Tidak berlaku untuk kanal ini."), StepStatus.SKIPPED)
    if plan.activate is not None:
        activate(complaint, by_order[plan.activate], cursor, calendar, actor)
    project(steps, calendar, [])
    complaint.save(update_fields=["due_at", "breached"])
    audit_record(actor=actor, action="complaint.open", obj=complaint, office=office,
                 summary=f"{complaint.tracking_code} {Channel(channel).label}",
                 after={"channel": channel, "sop_version": version.pk, "workflow_note": note,
                        "attachments": len(clean_files), "lapor_tracking_id": complaint.lapor_tracking_id,
                        "ambassador": ambassador.username if ambassador is not None else None})
    complaint_acknowledge(complaint)
    return complaint
