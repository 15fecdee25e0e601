"""The monthly compensation report as PDF (ReportLab), in the reader's language: every stored text
goes through ``lib.exports.pdf_text``."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maklumat.compensation.report import MonthlyReport
from maklumat.compensation.templatetags.rupiah import thousands
from maklumat.lib.exports import pdf_text
from maklumat.lib.pdf import GRID_COLOUR, HEADER_BG, letterhead, signature_block

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("comp_body", parent=STYLES["BodyText"], fontSize=9.5, leading=13)
SMALL = ParagraphStyle("comp_small", parent=BODY, fontSize=8.5, leading=11)
SMALL_RIGHT = ParagraphStyle("comp_small_right", parent=SMALL, alignment=2)
HEAD_CELL = ParagraphStyle("comp_head_cell", parent=SMALL, fontName="Helvetica-Bold")
H1 = ParagraphStyle("comp_h1", parent=STYLES["Title"], fontSize=13.5, leading=17)
H2 = ParagraphStyle("comp_h2", parent=STYLES["Heading2"], fontSize=11, spaceBefore=8, spaceAfter=4)
LINE = GRID_COLOUR


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(pdf_text(text), style)


def _table(rows, widths, *, right_from: int = 1, right_to: int = 99, total_row: bool = False) -> Table:
    body = [[_p(cell, HEAD_CELL if r == 0 else SMALL_RIGHT if right_from <= c <= right_to else SMALL)
             for c, cell in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(body, colWidths=widths, repeatRows=1)
    style = [("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("GRID", (0, 0), (-1, -1), 0.4, LINE),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if total_row:
        style.append(("BACKGROUND", (0, -1), (-1, -1), HEADER_BG))
    table.setStyle(TableStyle(style))
    return table


def _money(value: int | None) -> str:
    return _("belum lengkap") if value is None else "Rp " + thousands(value)


def render_report_pdf(report: MonthlyReport, *, label: str) -> bytes:
    office = report.office
    buffer = io.BytesIO()
    title = _("Laporan kompensasi bulanan") + f" · {office.name} · {label}"
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, author=office.name)
    as_of = timezone.localtime(timezone.now(), office.tz)
    story = [
        *letterhead(office),
        _p((_("Laporan kompensasi bulanan") + " — " + label).upper(), H1),
        _p(_("Periode %(a)s – %(b)s, dihitung sampai %(on)s (waktu kantor, %(tz)s); dicetak %(at)s.") % {
            "a": report.first.strftime("%d-%m-%Y"), "b": report.last.strftime("%d-%m-%Y"),
            "on": report.on.strftime("%d-%m-%Y"), "tz": office.zone_abbreviation,
            "at": as_of.strftime("%d-%m-%Y %H.%M")}, SMALL),
        _p(_("I. Ringkasan"), H2),
        _table([[_("Klaim dicatat"), _("Kompensasi diberikan"), _("Belum diberikan"), pgettext("cost", "Biaya")],
                [thousands(report.counts.claimed), thousands(report.counts.fulfilled),
                 thousands(report.counts.outstanding), _money(report.total_cost)]],
               [43 * mm, 43 * mm, 43 * mm, 45 * mm], right_from=0),
        _p(_("II. Kasus menurut syarat"), H2),
    ]
    if not report.policies:
        story.append(_p(_("Tidak ada klaim bulan ini."), SMALL))
    for policy in report.policies:
        rows = [[_("Syarat (dari kebijakan)"), _("Kasus yang memenuhi")]]
        rows += [["    " * c.depth + c.label, thousands(c.cases)] for c in policy.conditions]
        story.append(KeepTogether([
            _p(f"{policy.title} — " + _("%(n)s klaim") % {"n": thousands(policy.claims)}, SMALL),
            Spacer(1, 1.5 * mm), _table(rows, [134 * mm, 40 * mm]), Spacer(1, 3 * mm)]))
    remedies = [[_("Bentuk kompensasi"), _("Terutang dari klaim bulan ini"), _("Diberikan bulan ini"),
                 _("Belum diberikan")]]
    remedies += [[r.label, thousands(r.owed), thousands(r.given), thousands(r.outstanding)] for r in report.remedies]
    story += [_p(_("III. Menurut bentuk kompensasi"), H2), _table(remedies, [74 * mm, 36 * mm, 32 * mm, 32 * mm])]
    costs = [[_("Pos"), _("Jumlah"), pgettext("cost", "Biaya")]]
    for item in report.souvenirs:
        costs.append([_("Suvenir") + ": " + item.name + ("" if item.priced else " (" + _("harga belum diisi") + ")"),
                      thousands(item.given), "Rp " + thousands(item.cost)])
    delivery = _("Antar paspor ke rumah (biaya kurir)")
    if report.deliveries_unpriced:
        delivery += " (" + _("%(n)s tanpa biaya kurir") % {"n": report.deliveries_unpriced} + ")"
    costs.append([delivery, thousands(report.deliveries), "Rp " + thousands(report.delivery_cost)])
    costs.append([_("Jumlah biaya"), "", _money(report.total_cost)])
    story += [_p(_("IV. Biaya"), H2), _table(costs, [110 * mm, 24 * mm, 40 * mm], total_row=True),
              _p(_("Suvenir dihitung dengan harga satuan pada buku stok saat diberikan; antar paspor dengan biaya "
                   "kurir yang dicatat."), SMALL)]
    outstanding = [[_("Permohonan"), _("Bentuk kompensasi"), _("Diklaim"), _("Umur (hari kerja)"), _("Status")]]
    outstanding += [[row.fulfilment.claim.application.number, row.fulfilment.get_remedy_display(),
                     row.claimed_on.strftime("%d-%m-%Y"), thousands(row.age), row.fulfilment.get_status_display()]
                    for row in report.outstanding]
    story.append(_p(_("V. Kompensasi yang belum diberikan"), H2))
    if report.outstanding:
        story.append(_table(outstanding, [40 * mm, 50 * mm, 24 * mm, 26 * mm, 34 * mm], right_from=3, right_to=3))
    else:
        story.append(_p(_("Semua kompensasi sudah diberikan."), SMALL))
    if report.low_stock:
        story.append(KeepTogether([_p(_("Stok suvenir menipis"), H2), _p("; ".join(
            f"{row.item.name}: {row.stock} (" + _("batas %(t)s") % {"t": row.item.low_stock_threshold} + ")"
            for row in report.low_stock), SMALL)]))
    # The signature never stands alone on a page: it keeps the last section with it.
    story[-1] = KeepTogether([story[-1], signature_block(
        office, role=_("Kepala %(office)s,") % {"office": office.name}, when=as_of, width=A4[0] - 36 * mm,
        name=office.head_name, nip=office.head_nip)])
    doc.build(story)
    return buffer.getvalue()
