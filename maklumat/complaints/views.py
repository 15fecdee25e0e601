"""Complaint pages: the officer's queue, intake, a complaint's timeline and actions; PDFs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from maklumat.accounts.permissions import may
from maklumat.accounts.roles import COMPLAINT_TEAM
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import labels, pdf, rules, services, workflow
from maklumat.complaints.confirmations import action_done, office_moment, opened, owner_changed
from maklumat.complaints.desk import PAGE_SIZE, DeskQuery, desk_rows
from maklumat.complaints.forms import StaffIntakeForm
from maklumat.complaints.mail import TRACKING_RE
from maklumat.complaints.models import (
    CannedReply,
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintNotification,
    ComplaintStep,
    ReplyChannel,
    Status,
    StepStatus,
)
from maklumat.complaints.selectors import complaints_visible_to, national_clocks_of, sees_identity
from maklumat.complaints.services.closing import answered_at
from maklumat.complaints.services.common import workflow_steps
from maklumat.complaints.services.desk import candidate_owners
from maklumat.lib import uploads
from maklumat.lib.areas import ask
from maklumat.offices.scoping import get_scoped_or_404, office_for

SLA_CLASS = {"breached": "is-late", "warning": "is-warn", "late": "is-late"}
SLA_BADGE = {"on_track": "badge-ok", "on_time": "badge-ok", "warning": "badge-warn", "breached": "badge-late",
             "late": "badge-late", "paused": "badge-tz", "pending": "", "skipped": ""}


def _reader_office(request, code: str):
    return office_for(request.user, code, action="complaints.view")


def _pauses(complaint: Complaint) -> list[rules.Pause]:
    return [rules.Pause(p.started_at, p.ended_at) for p in complaint.pauses.all()]


def sla_state(step: ComplaintStep, calendar, now: datetime, pauses) -> str:
    return str(rules.step_state(
        calendar, start=step.started_at, norm=timedelta(minutes=step.norm_minutes), now=now, pauses=pauses,
        completed_at=step.completed_at if step.status == StepStatus.DONE else None,
        skipped=step.status == StepStatus.SKIPPED))


def _desk_filters(office, user) -> dict:
    """What the desk's filters offer: labels for every choice, never the internal codes."""
    from maklumat.accounts.models import User

    codes = sorted(labels.STEP_TITLES, key=lambda code: str(labels.STEP_TITLES[code]))
    owners = (User.objects.filter(office=office, role__in=sorted(COMPLAINT_TEAM), is_active=True)
              .order_by("first_name", "username"))
    return {"channels": Channel.choices, "statuses": Status.choices, "categories": ComplaintCategory.objects.all(),
            "step_choices": [(code, labels.STEP_TITLES[code]) for code in codes],
            "owner_choices": [(str(u.pk), f"{u.display_name} ({u.get_role_display()})") for u in owners],
            "sorts": DESK_SORT_LABELS}


DESK_SORT_LABELS = [("sla", gettext_lazy("Tenggat SLA (terlambat dulu)")), ("baru", gettext_lazy("Terbaru diterima")),
                    ("lama", gettext_lazy("Terlama diterima")), ("tenggat", gettext_lazy("Tenggat terdekat"))]


@login_required
def queue(request, code: str):
    """The complaint desk: search, filters and sorting in SQL, paginated, the filters kept in the URL;
    an htmx request gets the results only."""
    office = _reader_office(request, code)
    calendar = work_calendar_for(office)
    now = timezone.now()
    query = DeskQuery.from_params(request.GET)
    user = request.user
    identity = may(user, "complaints.see_identity")
    rows = desk_rows(
        complaints_visible_to(user).filter(office=office), query, user=user, sees_identity=identity, now=now,
    ).annotate(late_steps=Exists(ComplaintStep.objects.filter(complaint=OuterRef("pk"),
                                                               breached_at__isnull=False))).prefetch_related(
        "pauses", Prefetch("steps", queryset=ComplaintStep.objects.filter(status=StepStatus.ACTIVE)
                           .select_related("owner"), to_attr="active_steps"))
    page = Paginator(rows, PAGE_SIZE).get_page(query.page)
    items = []
    for complaint in page.object_list:
        step = complaint.active_steps[0] if complaint.active_steps else None
        state = sla_state(step, calendar, now, _pauses(complaint)) if step else "on_time"
        if complaint.status == Status.RESOLVED:
            state = "late" if complaint.late_steps else "on_time"
        items.append({"complaint": complaint, "step": step, "state": state, "row_class": SLA_CLASS.get(state, ""),
                      "badge": SLA_BADGE.get(state, ""), "step_title": labels.step_title(step) if step else "",
                      "show_identity": not complaint.anonymous or identity})
    context = {
        "office": office, "items": items, "page": page, "query": query, "tz": calendar.tz,
        "prev_params": query.params(page=page.previous_page_number()) if page.has_previous() else None,
        "next_params": query.params(page=page.next_page_number()) if page.has_next() else None,
        "sort_params": {name: query.params(sort=name, page="1") for name, _label in DESK_SORT_LABELS},
    }
    if request.htmx:
        return render(request, "complaints/_desk_results.html", context)
    return render(request, "complaints/queue.html", {**context, **_desk_filters(office, user)})


AMBASSADOR_SESSION_KEY = "complaints.ambassador_on_duty"


@login_required
def intake(request, code: str):
    """The complaint form an officer fills (walk-in at the Yankomas post, or any other channel)."""
    office = office_for(request.user, code, action="complaints.handle")
    calendar = work_calendar_for(office)
    initial_channel = request.GET.get("kanal", Channel.WALK_IN)
    # Times typed on the form are the office's local time (WITA in Balikpapan), not the server's.
    with timezone.override(calendar.tz):
        # The ambassador on duty is usually the same all shift: the officer's last choice is offered again.
        form = StaffIntakeForm(request.POST or None, request.FILES or None, office=office,
                               initial={"channel": initial_channel,
                                        "ambassador": request.session.get(AMBASSADOR_SESSION_KEY)})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_open(
                    actor=request.user, office=office, channel=data["channel"], subject=data["subject"],
                    description=data["description"], received_at=data["received_at"], category=data["category"],
                    reporter=form.reporter(), confidential=data["confidential"], anonymous=data["anonymous"],
                    application=data["application_number"], details=form.details(),
                    ambassador=data["ambassador"] if data["channel"] == Channel.WALK_IN else None)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if data["ambassador"] is not None:
                    request.session[AMBASSADOR_SESSION_KEY] = data["ambassador"].pk
                messages.success(request, opened(complaint))
                return redirect("complaints:detail", code=office.code, tracking=complaint.tracking_code)
    return render(request, "complaints/intake.html", {"office": office, "form": form, "tz": calendar.tz})


def _complaint(request, code: str, tracking: str, action: str = "complaints.view") -> Complaint:
    office = office_for(request.user, code, action=action)
    if not TRACKING_RE.fullmatch(tracking):
        raise Http404("Pengaduan tidak ditemukan")  # not a code we ever issue (or a NUL byte): nothing to look up
    return get_scoped_or_404(
        Complaint.objects.select_related("office", "category", "sop_version__sop", "application"),
        request.user, office=office, tracking_code=tracking)


def offered_actions(user, complaint: Complaint, steps: list[ComplaintStep]) -> tuple[str, ...]:
    """The workflow's answer to "what may this user do now on this complaint" (for the page's forms)."""
    if not may(user, "complaints.handle"):
        return ()
    plain = workflow_steps(steps)
    active = next((s for s in plain if s.status == StepStatus.ACTIVE), None)
    role = workflow.acting_role(user.role, active.owner if active else "", superuser=user.is_superuser)
    return workflow.complaint_actions(complaint.status, plain, role)


@login_required
def detail(request, code: str, tracking: str):
    """A complaint: its steps with due times and SLA state, the timeline, and the actions open to the user."""
    complaint = _complaint(request, code, tracking)
    calendar = work_calendar_for(complaint.office)
    now = timezone.now()
    pauses = _pauses(complaint)
    step_rows = list(complaint.steps.select_related("completed_by", "owner").order_by("order"))
    steps = []
    for step in step_rows:
        state = sla_state(step, calendar, now, pauses)
        steps.append({"step": step, "title": labels.step_title(step), "state": state,
                      "badge": SLA_BADGE.get(state, ""), "row_class": SLA_CLASS.get(state, "")})
    active = next((row["step"] for row in steps if row["step"].status == StepStatus.ACTIVE), None)
    actions = offered_actions(request.user, complaint, step_rows)
    titles = {step.code: labels.step_title(step) for step in step_rows}
    events = list(complaint.events.select_related("actor").order_by("at", "id"))
    for event in events:
        event.step_title = titles.get(event.step_code) or labels.step_code_title(event.step_code)
    application_path = (f"/kantor/{complaint.office.code}/permohonan/{complaint.application.number}/"
                        if complaint.application_id else "")
    desk = _desk_context(request.user, complaint, active)
    national = national_clocks_of(complaint, now)
    answer = answered_at(complaint)
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "office": complaint.office, "steps": steps, "active": active,
        "active_title": titles.get(active.code, "") if active else "",
        "actions": {name: name in actions for name in workflow.ALL_ACTIONS},
        "show_identity": sees_identity(request.user, complaint), "events": events,
        "scan_readable": scan_readable(request.user, complaint),
        "pauses": complaint.pauses.order_by("started_at"), "categories": ComplaintCategory.objects.all(),
        "application_path": application_path, "tz": calendar.tz,
        "attachments": list(complaint.attachments.all()), "national": national,
        "national_labels": {name: labels.CLOCK_LABELS[getattr(national, name).state]
                            for name in ("verification", "follow_up")},
        "national_badges": {name: labels.CLOCK_BADGES[getattr(national, name).state]
                            for name in ("verification", "follow_up")},
        # national dues end at 24:00 of their last working day: the page prints that day
        "verify_last_day": national.verification.due - timedelta(seconds=1),
        "follow_up_last_day": (national.follow_up.due - timedelta(seconds=1)
                               if national.follow_up.due is not None else None),
        "reply_last_day": (rules.reply_window_end(calendar, answer) - timedelta(seconds=1)
                           if answer is not None and complaint.closed_at is None else None),
        **desk,
    })


def _desk_context(user, complaint: Complaint, active: ComplaintStep | None) -> dict:
    """The desk's part of a complaint page: the active step's owner and who it may go to, the internal
    notes and the reply history (staff only; of an anonymous or confidential complaint the complaint
    team only, like the letter scan), and the canned replies of its category."""
    handles = may(user, "complaints.handle")
    role = workflow.acting_role(user.role, active.actor_role, superuser=user.is_superuser) if active else None
    internal = scan_readable(user, complaint)
    return {
        # Who the step may go to (its current owner is not offered again).
        "owner_candidates": (list(candidate_owners(complaint, active).exclude(pk=active.owner_id or 0))
                             if active and handles and complaint.status != Status.RESOLVED
                             and workflow.may_assign(role, active.actor_role) else []),
        "may_take": bool(active and handles and complaint.status != Status.RESOLVED
                         and workflow.may_own(user.role, active.actor_role) and active.owner_id != user.pk),
        "internal_readable": internal,
        "internal_notes": list(complaint.internal_notes.select_related("author")) if internal else [],
        "replies": list(complaint.replies.select_related("sent_by")) if internal else [],
        "reply_channels": [(value, label) for value, label in ReplyChannel.choices if value != ReplyChannel.OFFICIAL],
        "canned_replies": (list(CannedReply.objects.filter(active=True).filter(
            Q(category__isnull=True) | Q(category_id=complaint.category_id))) if handles else []),
    }


def _desk_post(request, complaint: Complaint, apply) -> None:
    """Run one desk service; its refusal (or the confirmation it returns) becomes the flash message."""
    try:
        message = apply()
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages) or _("Tindakan ditolak."))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Tindakan ditolak."))
    else:
        messages.success(request, message)


@login_required
@require_POST
def step_owner(request, code: str, tracking: str):
    """Assign, reassign (``owner``) or take over (``take``) the active step."""
    complaint = _complaint(request, code, tracking, action="complaints.handle")
    common = {"actor": request.user, "complaint_id": complaint.pk, "step_id": _row_id(request.POST.get("step"))}

    def apply():
        if common["step_id"] is None:
            raise ValidationError({"step": _("Langkah tidak dikenal.")})
        if request.POST.get("take"):
            return owner_changed(services.complaint_step_take(**common), took_over=True)
        owner_id = _row_id(request.POST.get("owner"))
        if owner_id is None:
            raise ValidationError({"owner": _("Pilih penanggung jawab.")})
        return owner_changed(services.complaint_step_assign(**common, owner_id=owner_id), took_over=False)

    _desk_post(request, complaint, apply)
    return redirect("complaints:detail", code=complaint.office.code, tracking=complaint.tracking_code)


@login_required
@require_POST
def note_add(request, code: str, tracking: str):
    """An internal note (staff only)."""
    complaint = _complaint(request, code, tracking, action="complaints.handle")

    def apply():
        services.complaint_note_add(actor=request.user, complaint_id=complaint.pk, text=request.POST.get("text", ""))
        return _("Catatan internal tersimpan (tidak tampil bagi pelapor).")

    _desk_post(request, complaint, apply)
    return redirect(reverse("complaints:detail", args=[complaint.office.code, complaint.tracking_code]) + "#catatan")


@login_required
@require_POST
def reply_record(request, code: str, tracking: str):
    """Record what was said to the complainant on a channel (a call, WhatsApp, at the post)."""
    complaint = _complaint(request, code, tracking, action="complaints.handle")

    def apply():
        reply = services.complaint_reply_record(actor=request.user, complaint_id=complaint.pk,
                                                channel=request.POST.get("channel", ""),
                                                text=request.POST.get("text", ""))
        return _("Jawaban via %(channel)s tercatat (%(at)s).") % {
            "channel": reply.get_channel_display(), "at": office_moment(complaint, reply.sent_at)}

    _desk_post(request, complaint, apply)
    return redirect(reverse("complaints:detail", args=[complaint.office.code, complaint.tracking_code]) + "#jawaban")


@login_required
def my_work(request):
    """The header badge (loaded by htmx): my unread notices and the active steps I own."""
    if not may(request.user, "complaints.handle"):
        raise PermissionDenied
    unread = ComplaintNotification.objects.filter(user=request.user, read_at__isnull=True).count()
    owned = (ComplaintStep.objects.filter(owner=request.user, status=StepStatus.ACTIVE)
             .exclude(complaint__status=Status.RESOLVED).count())
    return render(request, "complaints/_my_work.html", {"unread": unread, "owned": owned})


# The staff form's ``action`` → the service that applies it (the workflow decides who may).
ACT = {
    workflow.FORWARD: lambda common, post, category: services.complaint_escalate(
        **common, step_id=_step_id(post), note=post.get("note", ""), category=category),
    workflow.ASK_DIRECTION: lambda common, post, category: services.complaint_escalate(
        **common, step_id=_step_id(post), note=post.get("note", "")),
    workflow.CLOSE_GENERAL: lambda common, post, category: services.complaint_close_general(
        **common, step_id=_step_id(post), category=category, resolution=post.get("resolution", ""),
        reply=post.get("reply", "")),
    workflow.HANDLE: lambda common, post, category: services.complaint_handle_at_kasubsi(
        **common, step_id=_step_id(post), note=post.get("note", "")),
    workflow.DIRECT: lambda common, post, category: services.complaint_direct(
        **common, step_id=_step_id(post), direction=post.get("direction", "")),
    workflow.RESOLVE_ACTION: lambda common, post, category: services.complaint_resolve(
        **common, step_id=_step_id(post), resolution=post.get("resolution", ""), reply=post.get("reply", "")),
    workflow.PAUSE: lambda common, post, category: services.complaint_pause(**common, reason=post.get("reason", "")),
    workflow.RESUME: lambda common, post, category: services.complaint_resume(**common, note=post.get("note", "")),
    # forms rendered before the split into forward / ask_direction: the service picks by the step
    "escalate": lambda common, post, category: services.complaint_escalate(
        **common, step_id=_step_id(post), note=post.get("note", ""), category=category),
    "link_application": lambda common, post, category: services.complaint_link_application(
        **common, number=post.get("number", "")),
}


def _row_id(value) -> int | None:
    """A posted row id, or None when it cannot be one (not digits, or beyond any database's integer)."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


def _step_id(post) -> int:
    step_id = _row_id(post.get("step"))
    if step_id is None:
        raise ValidationError({"step": _("Langkah tidak dikenal.")})
    return step_id


@login_required
@require_POST
def act(request, code: str, tracking: str):
    """One action on the active step (or pause/resume); the services check role, office and staleness."""
    complaint = _complaint(request, code, tracking, action="complaints.handle")
    post = request.POST
    apply = ACT.get(post.get("action", ""))
    category_id = _row_id(post.get("category"))
    category = ComplaintCategory.objects.filter(pk=category_id).first() if category_id else None
    try:
        if apply is None:
            raise ValidationError(_("Tindakan tidak dikenal."))
        done = apply({"actor": request.user, "complaint_id": complaint.pk}, post, category)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages) or _("Tindakan ditolak."))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Tindakan ditolak."))
    else:
        action = post.get("action", "")
        if action == "link_application":
            messages.success(request, _("Dihubungkan ke permohonan %(n)s.") % {"n": done.application.number})
        else:
            messages.success(request, action_done(action, done))
    return redirect("complaints:detail", code=complaint.office.code, tracking=complaint.tracking_code)


@login_required
def form_pdf(request, code: str, tracking: str):
    """The filled complaint form (*form pengaduan*) as PDF, for signing at the Yankomas post."""
    complaint = _complaint(request, code, tracking)
    body = pdf.complaint_form(complaint.office, complaint, show_identity=sees_identity(request.user, complaint),
                              status_url=pdf.status_page_address(request))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="form-pengaduan-{complaint.tracking_code}.pdf"'
    return response


def scan_readable(user, complaint: Complaint) -> bool:
    """The letter scan (it names the sender) of an anonymous or confidential complaint: complaint team only."""
    return not (complaint.anonymous or complaint.confidential) or may(user, "complaints.see_identity")


@login_required
def letter_scan(request, code: str, tracking: str):
    """The stored scan of an official letter, for the complaint team and supervisors of the office only.

    The scan carries the sender's name: of an anonymous or confidential complaint only the complaint
    team may read it (``complaints.see_identity``); anyone else in reach gets the same 404 as a missing scan.
    """
    complaint = _complaint(request, code, tracking)
    if not complaint.letter_scan or not scan_readable(request.user, complaint):
        raise Http404("no scan")
    return FileResponse(complaint.letter_scan.open("rb"), as_attachment=False,
                        filename=complaint.letter_scan.name.rsplit("/", 1)[-1])


@login_required
def attachment(request, code: str, tracking: str, pk: int):
    """A photo or PDF sent with the complaint (stored without metadata). Of an anonymous or confidential
    complaint only the complaint team reads it; anyone else in reach gets the same 404 as a missing file."""
    complaint = _complaint(request, code, tracking)
    item = complaint.attachments.filter(pk=pk).first()
    if item is None or not scan_readable(request.user, complaint):
        raise Http404("no attachment")
    content_type = uploads.CONTENT_TYPES[item.kind]
    suffix = uploads.SUFFIXES[item.kind]
    response = FileResponse(item.file.open("rb"), content_type=content_type, as_attachment=False,
                            filename=f"{complaint.tracking_code}-{item.pk}.{suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def blank_form_pdf(request, code: str):
    office = _reader_office(request, code)
    body = pdf.complaint_form(office, None, status_url=pdf.status_page_address(request))
    response = HttpResponse(body, content_type="application/pdf")
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

    office = _reader_office(request, code)
    if request.method == "POST":
        office_for(request.user, code, action="complaints.handle")
        pk = _row_id(request.POST.get("response"))
        response = ask("surveys", "survey_suggestion", office, pk) if pk else None
        if response is None:
            raise Http404("no such suggestion")
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
        "office": office, "rows": rows,
    })
