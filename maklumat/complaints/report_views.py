"""Recap report pages: per office (HTML, PDF, XLSX, submit up the hierarchy) and rolled up per Kanwil."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.accounts.roles import SUPERVISORS
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints.models import RecapSubmission
from maklumat.complaints.pdf import recap_pdf
from maklumat.complaints.recap import kanwil_rollup, parse_month, recap_for, recap_submit
from maklumat.complaints.selectors import can_read_complaints
from maklumat.complaints.xlsx import recap_xlsx
from maklumat.offices.models import Kanwil
from maklumat.offices.scoping import office_for, visible_offices


def _period(request, tz):
    try:
        return parse_month(request.GET.get("bulan"), timezone.now().astimezone(tz).date())
    except ValidationError:
        raise Http404("bad month") from None


@login_required
def office_recap(request, code: str):
    office = office_for(request.user, code)
    if not can_read_complaints(request.user):
        raise Http404("no complaint access")
    tz = work_calendar_for(office).tz
    year, month = _period(request, tz)
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
        "may_submit": submission is None and (request.user.is_superuser or (
            request.user.office_id == office.pk and request.user.role in {"kasubsi", "kasi", "kepala_kantor",
                                                                          "petugas_yankomas"})),
        "tz": tz,
    })


@login_required
@require_POST
def office_recap_submit(request, code: str):
    office = office_for(request.user, code)
    tz = work_calendar_for(office).tz
    year, month = _period(request, tz)
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
    kanwil = Kanwil.objects.filter(code=code).first()
    offices = list(visible_offices(request.user).filter(kanwil=kanwil)) if kanwil else []
    allowed = request.user.is_superuser or request.user.role in SUPERVISORS
    if kanwil is None or not offices or not allowed:
        raise Http404("Kanwil tidak ditemukan")
    tz = work_calendar_for(offices[0]).tz
    year, month = _period(request, tz)
    rows, totals = kanwil_rollup(offices=offices, year=year, month=month)
    return render(request, "complaints/kanwil_recap.html", {
        "kanwil": kanwil, "rows": rows, "totals": totals, "month_value": f"{year}-{month:02d}",
        "period": rows[0].recap.period_label if rows else "",
    })
