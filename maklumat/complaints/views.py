"""Complaint pages: the officer's queue, intake, a complaint's timeline and actions; PDFs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import pdf, rules, services
from maklumat.complaints.forms import StaffIntakeForm
from maklumat.complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintNotification,
    ComplaintStep,
    Status,
    StepStatus,
)
from maklumat.complaints.selectors import (
    can_handle_complaints,
    can_read_complaints,
    complaints_visible_to,
    sees_identity,
)
from maklumat.offices.scoping import get_scoped_or_404, office_for

SLA_CLASS = {"breached": "is-late", "warning": "is-warn", "late": "is-late"}
SLA_BADGE = {"on_track": "badge-ok", "on_time": "badge-ok", "warning": "badge-warn", "breached": "badge-late",
             "late": "badge-late", "paused": "badge-tz", "pending": "", "skipped": ""}


def _reader_office(request, code: str):
    office = office_for(request.user, code)
    if not can_read_complaints(request.user):
        raise Http404("no complaint access")  # same answer as a missing page: reveals nothing
    return office


def _pauses(complaint: Complaint) -> list[rules.Pause]:
    return [rules.Pause(p.started_at, p.ended_at) for p in complaint.pauses.all()]


def sla_state(step: ComplaintStep, calendar, now: datetime, pauses) -> str:
    return str(rules.step_state(
        calendar, start=step.started_at, norm=timedelta(minutes=step.norm_minutes), now=now, pauses=pauses,
        completed_at=step.completed_at if step.status == StepStatus.DONE else None,
        skipped=step.status == StepStatus.SKIPPED))


@login_required
def queue(request, code: str):
    """The office's complaints: breached first, then by the active step's due time, with SLA colours."""
    office = _reader_office(request, code)
    calendar = work_calendar_for(office)
    now = timezone.now()
    status = request.GET.get("status", "active")
    late_steps = Count("steps", filter=Q(steps__breached_at__isnull=False))
    rows = complaints_visible_to(request.user).filter(office=office).annotate(late_steps=late_steps).prefetch_related(
        "pauses", Prefetch("steps", queryset=ComplaintStep.objects.filter(status=StepStatus.ACTIVE),
                           to_attr="active_steps"))
    if status == "active":
        rows = rows.exclude(status=Status.RESOLVED)
    elif status in Status.values:
        rows = rows.filter(status=status)
    channel = request.GET.get("kanal", "")
    if channel in Channel.values:
        rows = rows.filter(channel=channel)
    mine = request.GET.get("milik") == "saya"
    items = []
    for complaint in rows[:300]:
        step = complaint.active_steps[0] if complaint.active_steps else None
        if mine and (step is None or step.actor_role != request.user.role):
            continue
        state = sla_state(step, calendar, now, _pauses(complaint)) if step else "on_time"
        if complaint.status == Status.RESOLVED:
            state = "late" if complaint.late_steps else "on_time"
        items.append({"complaint": complaint, "step": step, "state": state, "row_class": SLA_CLASS.get(state, ""),
                      "badge": SLA_BADGE.get(state, ""), "show_identity": sees_identity(request.user, complaint)})
    return render(request, "complaints/queue.html", {
        "office": office, "items": items, "status": status, "channel": channel, "mine": mine,
        "channels": Channel.choices, "statuses": Status.choices, "can_handle": can_handle_complaints(request.user),
        "tz": calendar.tz,
    })


@login_required
def intake(request, code: str):
    """The complaint form an officer fills (walk-in at the Yankomas post, or any other channel)."""
    office = office_for(request.user, code)
    if not can_handle_complaints(request.user):
        raise Http404("no complaint access")
    calendar = work_calendar_for(office)
    initial_channel = request.GET.get("kanal", Channel.WALK_IN)
    # Times typed on the form are the office's local time (WITA in Balikpapan), not the server's.
    with timezone.override(calendar.tz):
        form = StaffIntakeForm(request.POST or None, request.FILES or None, office=office,
                               initial={"channel": initial_channel})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            received = data["received_at"]
            details = {key: data[key] for key in ("platform", "post_url", "handle", "letter_number", "letter_date")
                       if data.get(key)}
            if data.get("letter_scan"):
                details["letter_scan"] = data["letter_scan"]
            try:
                complaint = services.complaint_open(
                    actor=request.user, office=office, channel=data["channel"], subject=data["subject"],
                    description=data["description"], received_at=received, category=data["category"],
                    reporter=services.Reporter(data["reporter_name"], data["reporter_phone"], data["reporter_email"],
                                               data["reporter_address"]),
                    confidential=data["confidential"], anonymous=data["anonymous"],
                    application=data["application_number"], details=details)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Pengaduan %(code)s tercatat.") % {"code": complaint.tracking_code})
                return redirect("complaints:detail", code=office.code, tracking=complaint.tracking_code)
    return render(request, "complaints/intake.html", {"office": office, "form": form, "tz": calendar.tz})


def _complaint(request, code: str, tracking: str) -> Complaint:
    office = _reader_office(request, code)
    return get_scoped_or_404(
        Complaint.objects.select_related("office", "category", "sop_version__sop", "application"),
        request.user, office=office, tracking_code=tracking)


@login_required
def detail(request, code: str, tracking: str):
    """A complaint: its steps with due times and SLA state, the timeline, and the actions open to the user."""
    complaint = _complaint(request, code, tracking)
    calendar = work_calendar_for(complaint.office)
    now = timezone.now()
    pauses = _pauses(complaint)
    steps = []
    for step in complaint.steps.select_related("completed_by").order_by("order"):
        state = sla_state(step, calendar, now, pauses)
        steps.append({"step": step, "state": state, "badge": SLA_BADGE.get(state, ""),
                      "row_class": SLA_CLASS.get(state, "")})
    active = next((row["step"] for row in steps if row["step"].status == StepStatus.ACTIVE), None)
    may_act = (active is not None and can_handle_complaints(request.user)
               and (request.user.is_superuser or services.RANK.get(request.user.role, -1)
                    >= services.RANK.get(active.actor_role, 0)))
    application_path = (f"/kantor/{complaint.office.code}/permohonan/{complaint.application.number}/"
                        if complaint.application_id else "")
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "office": complaint.office, "steps": steps, "active": active, "may_act": may_act,
        "can_handle": can_handle_complaints(request.user), "show_identity": sees_identity(request.user, complaint),
        "events": complaint.events.select_related("actor").order_by("at", "id"),
        "pauses": complaint.pauses.order_by("started_at"), "categories": ComplaintCategory.objects.all(),
        "application_path": application_path, "tz": calendar.tz,
    })


@login_required
@require_POST
def act(request, code: str, tracking: str):
    """One action on the active step (or pause/resume); the services check role, office and staleness."""
    complaint = _complaint(request, code, tracking)
    if not can_handle_complaints(request.user):
        raise Http404("no complaint access")
    action = request.POST.get("action", "")
    post = request.POST
    category = ComplaintCategory.objects.filter(pk=post.get("category") or None).first()
    common = {"actor": request.user, "complaint_id": complaint.pk}
    try:
        step_id = int(post.get("step", "0") or 0)
        if action == "escalate":
            services.complaint_escalate(**common, step_id=step_id, note=post.get("note", ""), category=category)
        elif action == "close_general":
            if category is None:
                raise ValidationError(_("Pilih kategori."))
            services.complaint_close_general(**common, step_id=step_id, category=category,
                                             resolution=post.get("resolution", ""), reply=post.get("reply", ""))
        elif action == "handle":
            services.complaint_handle_at_kasubsi(**common, step_id=step_id, note=post.get("note", ""))
        elif action == "direct":
            services.complaint_direct(**common, step_id=step_id, direction=post.get("direction", ""))
        elif action == "resolve":
            services.complaint_resolve(**common, step_id=step_id, resolution=post.get("resolution", ""),
                                       reply=post.get("reply", ""))
        elif action == "link_application":
            services.complaint_link_application(**common, number=post.get("number", ""))
        elif action == "pause":
            services.complaint_pause(**common, reason=post.get("reason", ""))
        elif action == "resume":
            services.complaint_resume(**common, note=post.get("note", ""))
        else:
            raise ValidationError(_("Tindakan tidak dikenal."))
    except (ValidationError, PermissionDenied) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text or _("Tindakan ditolak."))
    else:
        messages.success(request, _("Tersimpan."))
    return redirect("complaints:detail", code=complaint.office.code, tracking=complaint.tracking_code)


@login_required
def form_pdf(request, code: str, tracking: str):
    """The filled complaint form (*form pengaduan*) as PDF, for signing at the Yankomas post."""
    complaint = _complaint(request, code, tracking)
    body = pdf.complaint_form(complaint.office, complaint, show_identity=sees_identity(request.user, complaint))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="form-pengaduan-{complaint.tracking_code}.pdf"'
    return response


@login_required
def letter_scan(request, code: str, tracking: str):
    """The stored scan of an official letter, for the complaint team and supervisors of the office only."""
    complaint = _complaint(request, code, tracking)
    if not complaint.letter_scan:
        raise Http404("no scan")
    return FileResponse(complaint.letter_scan.open("rb"), as_attachment=False,
                        filename=complaint.letter_scan.name.rsplit("/", 1)[-1])


@login_required
def blank_form_pdf(request, code: str):
    office = _reader_office(request, code)
    response = HttpResponse(pdf.complaint_form(office, None), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="form-pengaduan-kosong-{office.code}.pdf"'
    return response


@login_required
def notifications(request):
    notices = (ComplaintNotification.objects.filter(user=request.user)
               .select_related("complaint__office", "step")[:100])
    if request.method == "POST":
        ComplaintNotification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("complaints:notifications")
    return render(request, "complaints/notifications.html", {"notices": notices})


@login_required
def survey_suggestions(request, code: str):
    """Survey suggestions marked as complaints, waiting to be opened as complaints."""
    from maklumat.complaints.handoff import complaint_open_from_survey, survey_suggestions_waiting
    from maklumat.satisfaction.models import SurveyResponse

    office = _reader_office(request, code)
    if request.method == "POST":
        if not can_handle_complaints(request.user):
            raise PermissionDenied
        response = get_scoped_or_404(SurveyResponse.objects.all(), request.user, pk=request.POST.get("response"))
        try:
            complaint, created = complaint_open_from_survey(actor=request.user, response=response)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("complaints:survey_suggestions", office.code)
        if created:
            messages.success(request, _("Pengaduan %(code)s dibuka dari saran survei.") % {
                "code": complaint.tracking_code})
        return redirect("complaints:detail", office.code, complaint.tracking_code)
    rows = survey_suggestions_waiting(office)
    return render(request, "complaints/survey_suggestions.html", {
        "office": office, "rows": rows, "can_handle": can_handle_complaints(request.user),
    })
