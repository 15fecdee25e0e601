"""The monthly compensation report as XLSX (openpyxl through ``lib.exports``: every text inert), in
the reader's language; amounts are numbers, so the sheet adds up."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from maklumat.compensation.report import MonthlyReport
from maklumat.lib.exports import append_row


def _append(sheet, values, *, bold: bool = False) -> None:
    append_row(sheet, values)
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def _widths(sheet, widths) -> None:
    for letter, width in zip("ABCDEF", widths, strict=False):
        sheet.column_dimensions[letter].width = width


def render_report_xlsx(report: MonthlyReport, *, label: str) -> bytes:
    office = report.office
    book = Workbook()
    summary = book.active
    summary.title = _("Ringkasan")
    _append(summary, [_("Laporan kompensasi bulanan") + " — " + label], bold=True)
    _append(summary, [office.name])
    _append(summary, [_("Periode"), report.first, report.last])
    _append(summary, [_("Dihitung sampai"), report.on])
    summary.append([])
    _append(summary, [_("Klaim dicatat"), report.counts.claimed])
    _append(summary, [_("Kompensasi diberikan"), report.counts.fulfilled])
    _append(summary, [_("Belum diberikan"), report.counts.outstanding])
    _append(summary, [_("Biaya (Rp)"), report.total_cost if report.total_cost is not None else _("belum lengkap")])
    summary.append([])
    _append(summary, [_("Bentuk kompensasi"), _("Terutang dari klaim bulan ini"), _("Diberikan bulan ini"),
                      _("Belum diberikan")], bold=True)
    for row in report.remedies:
        _append(summary, [row.label, row.owed, row.given, row.outstanding])
    for cell in summary["B"][2:4]:
        cell.number_format = "DD-MM-YYYY"
    summary["C3"].number_format = "DD-MM-YYYY"
    _widths(summary, [44, 28, 20, 18])

    conditions = book.create_sheet(_("Syarat"))
    _append(conditions, [_("Kebijakan"), _("Syarat (dari kebijakan)"), _("Tingkat"), _("Kasus yang memenuhi")],
            bold=True)
    for policy in report.policies:
        _append(conditions, [policy.title, _("Semua klaim"), "", policy.claims])
        for row in policy.conditions:
            _append(conditions, [policy.title, row.label, row.depth, row.cases])
    _widths(conditions, [48, 60, 10, 20])

    costs = book.create_sheet(pgettext("cost", "Biaya"))
    _append(costs, [_("Pos"), _("Jumlah"), _("Biaya (Rp)"), _("Harga lengkap")], bold=True)
    for item in report.souvenirs:
        _append(costs, [_("Suvenir") + ": " + item.name, item.given, item.cost, _("ya") if item.priced else _("tidak")])
    _append(costs, [_("Antar paspor ke rumah (biaya kurir)"), report.deliveries, report.delivery_cost,
                    _("tidak") if report.deliveries_unpriced else _("ya")])
    _append(costs, [_("Jumlah biaya"), "", report.counts.cost, _("tidak") if report.counts.cost_unknown else _("ya")],
            bold=True)
    _widths(costs, [52, 12, 16, 16])

    outstanding = book.create_sheet(_("Belum diberikan"))
    _append(outstanding, [_("Permohonan"), _("Bentuk kompensasi"), _("Diklaim"), _("Umur (hari kerja)"),
                          _("Status")], bold=True)
    for row in report.outstanding:
        _append(outstanding, [row.fulfilment.claim.application.number, row.fulfilment.get_remedy_display(),
                              row.claimed_on, row.age, row.fulfilment.get_status_display()])
        outstanding.cell(row=outstanding.max_row, column=3).number_format = "DD-MM-YYYY"
    _widths(outstanding, [22, 34, 14, 18, 22])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
