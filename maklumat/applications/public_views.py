"""The applicant's own timeline (public, rate-limited) and the receipt that leads to it (staff).

The page answers only when the application number *and* its secret code match. A wrong code and an
unknown number get the same page, after the same work (``public.application_by_number_and_code``):
nobody can learn which numbers exist. Answers are never cached or sent on as a referrer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from maklumat.applications.public import application_by_number_and_code, moment_text, public_timeline
from maklumat.applications.selectors import application_event_times
from maklumat.applications.views import application_for
from maklumat.lib.qr import qr_svg
from maklumat.lib.ratelimit import public_rate_limit
from maklumat.offices.models import Office

TIMELINE_RATE_LIMIT = 20  # lookups a minute per client address


def _private(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@csrf_exempt  # a lookup changes nothing; the QR link and the form ask the same question
@public_rate_limit("application_timeline", limit=TIMELINE_RATE_LIMIT)
def timeline(request):
    data = request.POST if request.method == "POST" else request.GET
    office_code = data.get("kantor", "")[:40]
    number = data.get("nomor", "")[:40]
    code = data.get("kode", "")[:40]
    offices = Office.objects.order_by("name").only("code", "name")
    asked = bool(number or code)
    if asked:
        application = application_by_number_and_code(office_code, number, code)
        if application is not None:
            page = public_timeline(application, as_of=timezone.now())
            return _private(render(request, "applications/public_timeline.html", page))
    return _private(render(request, "applications/public_lookup.html", {
        "offices": offices, "office_code": office_code, "number": number.replace("\x00", ""),
        "not_found": asked}))


def timeline_link(request, application) -> str:
    """The absolute link printed as the receipt's QR: the page with the number and code filled in."""
    query = urlencode({"kantor": application.office.code, "nomor": application.number,
                       "kode": application.access_code})
    return request.build_absolute_uri(f"{reverse('applications:public_timeline')}?{query}")


@login_required
def receipt(request, code: str, number: str):
    """The applicant's receipt (printed at the counter): number, service, secret code and the QR."""
    application = application_for(request.user, code, number, action="applications.receipt_print")
    link = timeline_link(request, application)
    # Registered when its first event happened (an imported application's row is younger than that).
    registered = min(application_event_times(application).values(), default=application.created_at)
    return _private(render(request, "applications/receipt.html", {
        "office": application.office, "application": application,
        "created_text": moment_text(application.office.localtime(registered)),
        "lookup_url": request.build_absolute_uri(reverse("applications:public_timeline")),
        "qr": qr_svg(link, title=_("QR linimasa permohonan")), "link": link}))
