"""The monthly compensation report: the page (``bulan=YYYY-MM``), its PDF and XLSX, and the rows
behind each figure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from maklumat.compensation.labels import condition_labels, remedy_label
from maklumat.compensation.models import CompensationPolicy, Remedy
from maklumat.compensation.report import ROW_SETS, monthly_report, report_rows
from maklumat.compensation.rules.report import MonthError, next_month, parse_month, previous_month
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import office_for

ACTION = "compensation.report"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(request, office) -> tuple[int, int]:
    """The month asked for (``bulan``), else this month in office time; a bad one is named and replaced."""
    today = office.local_date()
    raw = request.GET.get("bulan", "")
    if not raw:
        return today.year, today.month
    try:
        return parse_month(raw[:20], today=today)
    except MonthError as exc:
        shown = "" if bad_text(raw, max_length=20) else raw[:20]
        messages.error(request, _("bulan: %(problem)s (%(value)s); ditampilkan bulan ini.") % {
            "problem": _(str(exc)), "value": shown})
        return today.year, today.month


def month_label(year: int, month: int) -> str:
    from datetime import date

    return date_format(date(year, month, 1), "F Y")


def _key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@login_required
def report_view(request, code: str):
    office = office_for(request.user, code, action=ACTION)
    year, month = _month(request, office)
    now = timezone.now()
    report = monthly_report(office, year=year, month=month, as_of=now)
    today = office.local_date(now)
    following = next_month(year, month)
    return render(request, "compensation/report.html", {
        "office": office, "report": report, "label": month_label(year, month), "key": _key(year, month),
        "previous": _key(*previous_month(year, month)),
        "next": _key(*following) if following <= (today.year, today.month) else "",
        "rows_url": reverse("compensation:report_rows", args=[office.code]),
    })


@login_required
def report_pdf(request, code: str):
    from maklumat.compensation.report_pdf import render_report_pdf

    office = office_for(request.user, code, action=ACTION)
    year, month = _month(request, office)
    report = monthly_report(office, year=year, month=month, as_of=timezone.now())
    response = HttpResponse(render_report_pdf(report, label=month_label(year, month)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-kompensasi-{office.code}-{_key(year, month)}.pdf"'
    return response


@login_required
def report_xlsx(request, code: str):
    from maklumat.compensation.report_xlsx import render_report_xlsx

    office = office_for(request.user, code, action=ACTION)
    year, month = _month(request, office)
    report = monthly_report(office, year=year, month=month, as_of=timezone.now())
    response = HttpResponse(render_report_xlsx(report, label=month_label(year, month)), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-kompensasi-{office.code}-{_key(year, month)}.xlsx"')
    return response


ROW_TITLES = {
    "claims": gettext_noop("Klaim yang dicatat"),
    "given": gettext_noop("Kompensasi yang diberikan"),
    "outstanding": gettext_noop("Kompensasi yang belum diberikan"),
    "souvenirs": gettext_noop("Suvenir yang diberikan (buku stok)"),
    "deliveries": gettext_noop("Antar paspor yang selesai"),
}


@login_required
def report_rows_view(request, code: str):
    """The rows behind one figure: ``set`` (claims, given, outstanding, souvenirs, deliveries) and an
    optional ``kebijakan`` + ``kondisi``, ``bentuk`` (remedy) or ``suvenir`` (item)."""
    office = office_for(request.user, code, action=ACTION)
    year, month = _month(request, office)
    row_set = request.GET.get("set", "")
    if row_set not in ROW_SETS:
        messages.error(request, _("Rincian tidak dikenal; pilih angka pada laporan."))
        row_set = "claims"
    remedy = request.GET.get("bentuk", "")
    if remedy and remedy not in Remedy.values:
        messages.error(request, _("Bentuk kompensasi tidak dikenal; semua ditampilkan."))
        remedy = ""
    policy, condition = (request.GET.get(name, "")[:60] for name in ("kebijakan", "kondisi"))
    if bad_text(policy, max_length=60) or bad_text(condition, max_length=60):
        policy = condition = ""
    raw_item = request.GET.get("suvenir", "")
    item = int(raw_item) if raw_item.isascii() and raw_item.isdigit() and len(raw_item) <= 12 else None
    now = timezone.now()
    if row_set == "outstanding":  # with their age in working days, as the report lists them
        rows = [row for row in monthly_report(office, year=year, month=month, as_of=now).outstanding
                if not remedy or row.fulfilment.remedy == remedy]
    else:
        rows = report_rows(office, year=year, month=month, as_of=now, rows=row_set, policy=policy,
                           condition=condition, remedy=remedy, item=item)
    condition_label = ""
    if condition:
        row = CompensationPolicy.objects.filter(office=office, code=policy).first()
        condition_label = condition_labels(row).get(condition, "") if row else ""
    return render(request, "compensation/report_rows.html", {
        "office": office, "rows": rows, "set": row_set, "title": _(ROW_TITLES[row_set]),
        "label": month_label(year, month), "key": _key(year, month),
        "remedy_label": remedy_label(remedy) if remedy else "", "condition_label": condition_label,
    })
