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

from maklumat.applications.events import FLAG_LABELS, event_choices
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.selectors import application_timeline, office_applications
from maklumat.applications.services import application_event_record, application_event_void, application_flag_set
from maklumat.lib.areas import area_modules
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import get_scoped_or_404, office_for


def application_for(user, code: str, number: str, action: str = "applications.view") -> Application:
    """The application ``number`` of office ``code``: 404 outside reach, 403 when the role may not ``action``."""
    office = office_for(user, code, action=action)
    if bad_text(number, max_length=40):
        raise Http404("Data tidak ditemukan")  # a NUL byte or an overlong number names nothing
    return get_scoped_or_404(Application.objects.select_related("office", "service"), user, office=office,
                             number=number)


def application_panels(request, application: Application, *, as_of: datetime) -> list[tuple[str, dict]]:
    """Panels other areas add to the application page (``<area>.panels.application_panels``): the
    extension point that lets a higher area (compensation) show its part without applications
    importing it."""
    panels: list[tuple[str, dict]] = []
    for _area, module in area_modules("panels"):
        contribute = getattr(module, "application_panels", None)
        if contribute is not None:
            panels.extend(contribute(request, application, as_of=as_of))
    return panels


@login_required
def application_list(request, code: str):
    office = office_for(request.user, code, action="applications.view")
    rows = office_applications(office).order_by("-created_at", "-number")
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    if query:
        rows = rows.filter(number__icontains=query) | rows.filter(applicant_name__icontains=query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "applications/list.html", {"office": office, "page": page, "query": query})


@login_required
def application_detail(request, code: str, number: str):
    application = application_for(request.user, code, number)
    now = timezone.now()
    timeline = application_timeline(application, as_of=now)
    return render(request, "applications/detail.html", {
        "office": application.office, "application": application, "now": now, **timeline,
        "panels": application_panels(request, application, as_of=now),
        "event_names": event_choices(), "flag_names": [(name, str(label)) for name, label in FLAG_LABELS.items()],
    })


def _typed_moment(application: Application, raw: str) -> datetime:
    """A time typed at the counter: ISO 8601; without an offset it is the office's local time."""
    if not raw:
        return timezone.now()
    if bad_text(raw, max_length=60):
        raise ValueError(raw)
    at = datetime.fromisoformat(raw)
    return application.office.localtime(at) if at.tzinfo is None else at


@login_required
@require_POST
def application_event_add(request, code: str, number: str):
    application = application_for(request.user, code, number, action="applications.event_record")
    raw = request.POST.get("at", "").strip()[:60]
    try:
        at = _typed_moment(application, raw)
        _event, created = application_event_record(
            application=application, name=request.POST.get("name", ""), at=at, actor=request.user, source="loket",
            note=request.POST.get("note", ""))
    except (ValueError, OverflowError):
        messages.error(request, _("at: waktu tidak dikenali (%(value)s).") % {"value": raw.replace("\x00", "")})
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Peristiwa dicatat.") if created else _("Peristiwa ini sudah tercatat."))
    return redirect("applications:detail", code=application.office.code, number=application.number)


def _errors(request, exc: ValidationError) -> None:
    """Each message names its field, so the officer knows what to correct."""
    if hasattr(exc, "error_dict"):
        for field, problems in exc.message_dict.items():
            messages.error(request, f"{field}: {'; '.join(problems)}")
    else:
        messages.error(request, "; ".join(exc.messages))


@login_required
@require_POST
def application_event_void_view(request, code: str, number: str, pk: int):
    application = application_for(request.user, code, number, action="applications.event_void")
    event = get_scoped_or_404(ApplicationEvent.all_objects.all(), request.user, office_field="application__office",
                              pk=pk, application=application)
    try:
        application_event_void(actor=request.user, event=event, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Peristiwa dibatalkan; tidak lagi dihitung."))
    return redirect("applications:detail", code=application.office.code, number=application.number)


@login_required
@require_POST
def application_flag(request, code: str, number: str):
    application = application_for(request.user, code, number, action="applications.flag_set")
    try:
        application_flag_set(actor=request.user, application=application, flag=request.POST.get("flag", ""),
                             value=request.POST.get("value") == "1", note=request.POST.get("note", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Tanda permohonan diperbarui."))
    return redirect("applications:detail", code=application.office.code, number=application.number)

