"""Recap report pages: per office (HTML, PDF, XLSX, submit up the hierarchy) and rolled up per Kanwil."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.accounts.permissions import authorize
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints.models import RecapSubmission
from maklumat.complaints.pdf import recap_pdf
from maklumat.complaints.recap import parse_month, recap_for, recap_submit
from maklumat.complaints.rollup import kanwil_rollup
from maklumat.complaints.xlsx import recap_xlsx
from maklumat.lib.validation import bad_text
from maklumat.offices.models import Kanwil
from maklumat.offices.scoping import office_for, visible_offices


class BadPeriod(Exception):
    """The ``bulan`` parameter is not a month the report can show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _period(request, office) -> tuple[int, int]:
    try:
        return parse_month(request.GET.get("bulan"), office.local_date())
    except ValidationError as exc:
        raise BadPeriod("bulan: " + " ".join(exc.messages)) from None


def _bad_period(request, exc: BadPeriod):
    """400 in the site's layout, naming the parameter (never a 500 for a month like 9999-13)."""
    return render(request, "errors/error.html", {
        "status": 400, "title": _("Permintaan tidak sah"), "message": exc.message,
        "english": "Bad request: the month must be written YYYY-MM.", "detail": ""}, status=400)


@login_required
def office_recap(request, code: str):
    office = office_for(request.user, code, action="complaints.recap_view")
    try:
        year, month = _period(request, office)
    except BadPeriod as exc:
        return _bad_period(request, exc)
    recap = recap_for(office=office, year=year, month=month)
    submission = RecapSubmission.objects.filter(office=office, year=year, month=month).select_related(
        "submitted_by").first()
    fmt = request.GET.get("format")
    filename = f"rekap-pengaduan-{office.code}-{year}-{month:02d}"
    if fmt == "pdf":
        response = HttpResponse(recap_pdf(recap, submission), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            recap_xlsx(recap, submission),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return render(request, "complaints/recap.html", {
        "office": office, "recap": recap, "submission": submission, "month_value": f"{year}-{month:02d}",
        "tz": work_calendar_for(office).tz,
    })


@login_required
@require_POST
def office_recap_submit(request, code: str):
    office = office_for(request.user, code, action="complaints.recap_submit")
    try:
        year, month = _period(request, office)
    except BadPeriod as exc:
        return _bad_period(request, exc)
    try:
        recap_submit(actor=request.user, office=office, year=year, month=month)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Laporan dikirim ke %(k)s.") % {"k": office.kanwil.name})
    return redirect(f"/kantor/{office.code}/pengaduan/rekap/?bulan={year}-{month:02d}")


@login_required
def kanwil_recap(request, code: str):
    """The Kanwil's view: its offices' recaps rolled up, with who submitted each and when."""
    kanwil = None if bad_text(code, max_length=60) else Kanwil.objects.filter(code=code).first()
    offices = list(visible_offices(request.user).filter(kanwil=kanwil)) if kanwil else []
    if kanwil is None or not offices:
        raise Http404("Kanwil tidak ditemukan")
    authorize(request.user, "complaints.kanwil_recap_view")
    try:
        year, month = _period(request, offices[0])
    except BadPeriod as exc:
        return _bad_period(request, exc)
    rows, totals = kanwil_rollup(offices=offices, year=year, month=month)
    return render(request, "complaints/kanwil_recap.html", {
        "kanwil": kanwil, "rows": rows, "totals": totals, "month_value": f"{year}-{month:02d}",
        "period": rows[0].recap.period_label if rows else "",
    })
