"""Officer pages for passport applications: the office's list and one application's detail."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.accounts.roles import FRONT_DESK, MANAGEMENT, Role
from maklumat.applications.events import MILESTONES, STEP_EVENTS, event_label
from maklumat.applications.models import Application
from maklumat.applications.selectors import application_timeline, office_applications
from maklumat.applications.services import FLAG_FIELDS, application_event_record, application_flag_set
from maklumat.offices.scoping import get_scoped_or_404, office_for

# Who records events at the counter, and who may set or clear flags (a decision with consequences).
EVENT_RECORDERS = FRONT_DESK | MANAGEMENT | {Role.ADMINISTRATOR}
FLAG_SETTERS = MANAGEMENT | {Role.ADMINISTRATOR}


def application_for(user, code: str, number: str) -> Application:
    office = office_for(user, code)
    return get_scoped_or_404(Application.objects.select_related("office", "service"), user, office=office,
                             number=number)


@login_required
def application_list(request, code: str):
    office = office_for(request.user, code)
    rows = office_applications(office).order_by("-created_at")
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(number__icontains=query) | rows.filter(applicant_name__icontains=query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "applications/list.html", {"office": office, "page": page, "query": query})


@login_required
def application_detail(request, code: str, number: str):
    from maklumat.compensation.views import compensation_panel  # the compensation area adds its panel

    application = application_for(request.user, code, number)
    now = timezone.now()
    timeline = application_timeline(application, as_of=now)
    event_names = [(name, event_label(name)) for name in [*MILESTONES, *STEP_EVENTS]]
    return render(request, "applications/detail.html", {
        "office": application.office, "application": application, "now": now, **timeline,
        "compensation": compensation_panel(request, application, as_of=now),
        "can_record_events": request.user.has_role(*EVENT_RECORDERS),
        "can_set_flags": request.user.has_role(*FLAG_SETTERS),
        "event_names": event_names, "flag_names": list(FLAG_FIELDS),
    })


@login_required
@require_POST
def application_event_add(request, code: str, number: str):
    application = application_for(request.user, code, number)
    if not request.user.has_role(*EVENT_RECORDERS):
        raise Http404
    raw = request.POST.get("at", "").strip()
    try:
        at = timezone.now() if not raw else datetime.fromisoformat(raw)
        if at.tzinfo is None:
            at = _office_local(application, at)  # a time typed at the counter is the office's local time
        _event, created = application_event_record(application=application, name=request.POST.get("name", ""), at=at,
                                              actor=request.user, source="loket", note=request.POST.get("note", ""))
    except ValueError:
        messages.error(request, _("Waktu tidak dikenali: %(value)s") % {"value": raw})
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Peristiwa dicatat.") if created else _("Peristiwa ini sudah tercatat."))
    return redirect("applications:detail", code=application.office.code, number=application.number)


def _office_local(application: Application, moment: datetime) -> datetime:
    from maklumat.calendar.selectors import work_calendar_for

    return work_calendar_for(application.office).local(moment)


@login_required
@require_POST
def application_flag(request, code: str, number: str):
    application = application_for(request.user, code, number)
    if not request.user.has_role(*FLAG_SETTERS):
        raise Http404
    try:
        application_flag_set(actor=request.user, application=application, flag=request.POST.get("flag", ""),
                             value=request.POST.get("value") == "1", note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Tanda permohonan diperbarui."))
    return redirect("applications:detail", code=application.office.code, number=application.number)

