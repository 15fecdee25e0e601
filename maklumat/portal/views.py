"""Pages every visitor sees (home, an office's published standards) and the staff dashboard."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.terms import compensation_terms
from maklumat.complaints.channels import public_channels
from maklumat.lib.areas import area_modules
from maklumat.lib.ratelimit import public_rate_limit
from maklumat.offices.models import Office
from maklumat.offices.scoping import visible_offices
from maklumat.portal.navigation import items_for
from maklumat.portal.poster import poster_links, poster_pdf
from maklumat.standards.selectors import active_services, sop_versions_in_force


@public_rate_limit("home")
def home(request):
    offices = Office.objects.select_related("kanwil").order_by("kanwil__name", "name")
    grouped = [(kanwil, list(rows)) for kanwil, rows in groupby(offices, key=lambda office: office.kanwil)]
    return render(request, "portal/home.html", {"kanwil_groups": grouped})


@public_rate_limit("standards")
def office_standards(request, code: str):
    """The office's published standards: services, SOP steps with their norms, hours, closed days."""
    office = get_object_or_404(Office.objects.select_related("kanwil").prefetch_related("hours"), code=code)
    calendar = work_calendar_for(office)
    today = office.local_date()
    closed_days = []
    for offset in range(0, 45):
        day = today + timedelta(days=offset)
        reason = calendar.why_closed(day)
        if reason and day.weekday() < 5:
            closed_days.append((day, reason))
    openings = [(day, opening) for day, opening in sorted(calendar.openings.items()) if day >= today]
    # Staff who reach the office see what it still has to fill in (e.g. an SOP's number); the public does not.
    staff_view = visible_offices(request.user).filter(pk=office.pk).exists()
    return render(request, "portal/office_standards.html", {
        "office": office,
        "services": active_services(),
        "sop_versions": sop_versions_in_force(office=office, on=today),
        "hours": office.hours.all(),
        "closed_days": closed_days,
        "openings": openings[:5],
        "today": today,
        "staff_view": staff_view,
        "public_cards": _public_cards(office),
        "compensation_terms": compensation_terms(office, today),
        "complaint_channels": public_channels(
            office, form_url=request.build_absolute_uri(reverse("complaints:public_form") + f"?kantor={office.code}")),
    })


@public_rate_limit("standards")
def office_poster(request, code: str):
    """The Maklumat poster of the office (public): ``?ukuran=a3`` for A3, A4 otherwise."""
    office = get_object_or_404(Office, code=code)
    size = "a3" if request.GET.get("ukuran", "").lower() == "a3" else "a4"
    body = poster_pdf(office, links=poster_links(request, office), day=office.local_date(), size=size)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="maklumat-{office.code}-{size}.pdf"'
    return response


def _public_cards(office) -> list[tuple[str, dict]]:
    """Other areas' public blocks for this page (e.g. the monthly report card), found through the
    ``public_cards`` extension point: the portal must not import the areas above it."""
    cards = []
    for _area, module in area_modules("public_cards"):
        answer = getattr(module, "office_public_cards", None)
        if answer is not None:
            cards += answer(office)
    return cards


@login_required
def dashboard(request):
    offices = visible_offices(request.user)
    # The menu minus the pages every user has (home, this dashboard, admin): the user's work.
    generic = {reverse("portal:home"), reverse("portal:dashboard"), reverse("admin:index")}
    work_items = [(label, href) for label, href in items_for(request.user) if href not in generic]
    # Each area's alerts for this user (``<area>.alerts.dashboard_alerts(user)`` → [(text, link)]).
    alerts = [alert for _area, module in area_modules("alerts") for alert in module.dashboard_alerts(request.user)]
    return render(request, "portal/dashboard.html", {"offices": offices, "work_items": work_items, "alerts": alerts})
