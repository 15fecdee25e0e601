"""The IKM report as PDF (reportlab), laid out like an Indonesian SKM report.

Sections: I method, II respondents' profile, III NRR per element and IKM, IV weakest
elements, V follow-up plan, VI target and achievement. In the reader's language (labels, decimal
separator and the signature date follow the active language, like the complaint recap).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maklumat.lib.exports import pdf_text
from maklumat.lib.pdf import letterhead, signature_block
from maklumat.satisfaction.questionnaire import ELEMENT_BY_CODE, PROFILE_TITLES
from maklumat.satisfaction.rules import GRADES, trimmed
from maklumat.satisfaction.templatetags.ikm import period_label

HEADER_BG = colors.HexColor("#1f3a93")
WEAK_BG = colors.HexColor("#fff4e0")


def sample_text(status: str) -> str:
    return {"met": _("memenuhi"), "short": _("belum memenuhi"), "unknown": _("populasi belum diketahui")}[status]


def _num(value) -> str:
    """The active language's decimal separator: 3,97 and 126,03 in Indonesian, 3.97 in English."""
    return str(value).replace(".", get_format("DECIMAL_SEPARATOR"))


def _interval(value: Decimal) -> str:
    return _num(trimmed(value))


def _table(rows, widths, weak_rows=(), align_right_from=1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b8")),
        ("ALIGN", (align_right_from, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("BACKGROUND", (0, row), (-1, row), WEAK_BG) for row in weak_rows]
    table.setStyle(TableStyle(style))
    return table


def render_report_pdf(context: dict) -> bytes:
    office, period, index = context["office"], context["period"], context["index"]
    result = index.result
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9.5, leading=13)
    h1 = ParagraphStyle("h1", parent=styles["Title"], fontSize=14, leading=18)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=11.5, spaceBefore=8, spaceAfter=4)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"{_('Laporan SKM')} {office.name} {period_label(period)}",
                            author=office.name)
    story = [
        *letterhead(office),
        Paragraph(_("LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT"), h1),
        Paragraph(f"{pdf_text(office.name.upper())}<br/>{pdf_text(period_label(period).upper())}", h1),
        Spacer(1, 4 * mm),
        Paragraph(_("I. Metode"), h2),
        Paragraph(_(
            "Survei Kepuasan Masyarakat dilaksanakan menurut Peraturan Menteri PANRB Nomor 14 Tahun 2017 "
            "dengan sembilan unsur pelayanan (U1–U9), masing-masing dinilai 1 (tidak baik) sampai 4 (sangat "
            "baik). Nilai rata-rata per unsur (NRR) = jumlah nilai ÷ jumlah jawaban; NRR tertimbang = NRR × 1/9; "
            "IKM = Σ NRR × 1/9; nilai konversi = IKM × 25. Jumlah sampel minimum dihitung dengan rumus "
            "Krejcie dan Morgan (X² = 3,841; P = 0,5; d = 0,05). Survei dilakukan melalui kios/tablet setelah "
            "layanan, tautan QR pada tiket atau tanda terima, dan situs web; satu transaksi layanan satu "
            "kuesioner, tanpa identitas responden."), body),
        Spacer(1, 2 * mm),
        _table([[_("Populasi"), _("Sampel minimum"), _("Responden"), _("Sampel")],
                [str(index.population), str(index.sample_needed), str(index.respondents),
                 sample_text(index.sample_status)]],
               [40 * mm, 40 * mm, 40 * mm, 50 * mm], align_right_from=0),
        Paragraph(
            _("Sumber populasi: %(source)s") % {
                "source": _("dimasukkan petugas") if index.population_source == "entered"
                else _("permohonan yang paspornya diserahkan dalam periode")}, body),
    ]
    if index.sample_status == "short":
        story.append(Paragraph(
            _("<b>Sampel belum memenuhi:</b> %(respondents)s responden, kurang %(missing)s dari sampel minimum "
              "%(needed)s; indeks ini belum mewakili penerima layanan periode ini.") % {
                "respondents": index.respondents, "missing": index.sample_missing, "needed": index.sample_needed},
            body))
    elif index.sample_status == "unknown":
        story.append(Paragraph(_("<b>Kecukupan sampel tidak dapat dinilai:</b> populasi penerima layanan periode ini "
                                 "belum diketahui."), body))
    story.append(Paragraph(_("II. Profil Responden"), h2))
    profile_tables = []
    for name, rows in context["profile"].items():
        total = sum(count for _, count in rows) or 1
        data = [[_(PROFILE_TITLES[name]), _("Jumlah"), "%"]]
        data += [[Paragraph(pdf_text(label), body), str(count), _num(round(100 * count / total, 1))]
                 for label, count in rows]
        profile_tables.append(_table(data, [52 * mm, 16 * mm, 14 * mm]))
    for left, right in zip(profile_tables[0::2], [*profile_tables[1::2], ""], strict=False):
        grid = Table([[left, right]], colWidths=[87 * mm, 87 * mm])
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story += [grid, Spacer(1, 2 * mm)]

    story.append(Paragraph(_("III. Nilai Rata-rata per Unsur dan Indeks Kepuasan Masyarakat"), h2))
    if result:
        weakest = set(index.weakest)
        rows = [[_("Unsur"), _("Uraian"), "NRR", _("NRR tertimbang")]]
        weak_rows = []
        for number, (code, value) in enumerate(result.nrr.items(), start=1):
            rows.append([code.upper(), Paragraph(pdf_text(str(ELEMENT_BY_CODE[code].name)), body), _num(value),
                         _num(result.nrr_weighted[code])])
            if code in weakest:
                weak_rows.append(number)
        rows += [["", _("IKM (nilai interval)"), "", _num(result.ikm)],
                 ["", _("IKM (nilai konversi)"), "", _num(result.ikm_converted)],
                 ["", _("Mutu pelayanan"), "", f"{result.grade.letter} ({_(result.grade.label)})"]]
        story.append(_table(rows, [16 * mm, 92 * mm, 26 * mm, 40 * mm], weak_rows, align_right_from=2))
        story.append(Spacer(1, 2 * mm))
        grades = [[_("Mutu"), _("Kinerja"), _("Nilai interval"), _("Nilai konversi")]]
        upper = Decimal("100.00")
        for grade in GRADES:
            grades.append([grade.letter, _(grade.label),
                           f"{_interval(grade.lowest_interval)} – {_interval(upper / 25)}",
                           f"{_num(grade.lowest_converted)} – {_num(upper)}"])
            upper = grade.lowest_converted - Decimal("0.01")
        story.append(_table(grades, [16 * mm, 40 * mm, 40 * mm, 40 * mm], align_right_from=2))
    else:
        story.append(Paragraph(_("Belum ada jawaban survei pada periode ini."), body))

    story.append(Paragraph(_("IV. Unsur Terlemah (Prioritas Perbaikan)"), h2))
    if result:
        for position, code in enumerate(index.weakest, start=1):
            story.append(Paragraph(f"{position}. {code.upper()} {pdf_text(str(ELEMENT_BY_CODE[code].name))} — "
                                   f"NRR {_num(result.nrr[code])}", body))
    plan = context["plan"]
    story.append(KeepTogether([
        Paragraph(_("V. Rencana Tindak Lanjut"), h2),
        Paragraph(pdf_text(plan.text, newlines=True) if plan else _("Belum ada rencana tindak lanjut."), body),
    ]))
    if context["achievements"]:
        rows = [[_("Tahun"), _("Target"), _("Realisasi"), _("Capaian (%)"), _("Sumber")]]
        for row in context["achievements"]:
            rows.append([str(row.year), _num(row.target), _num(row.realised) if row.realised is not None else "—",
                         _num(row.achievement) if row.achievement is not None else "—",
                         _("Laporan kinerja") if row.source == "entered"
                         else _("Survei (%(respondents)s)") % {"respondents": row.respondents}])
        table = _table(rows, [20 * mm, 25 * mm, 25 * mm, 30 * mm, 60 * mm])
        table.setStyle(TableStyle([("ALIGN", (4, 1), (4, -1), "LEFT")]))
        story.append(KeepTogether([Paragraph(_("VI. Target dan Capaian IKM"), h2), table]))
    # the date follows the reader's language, like the labels (docs/decisions.md)
    story.append(signature_block(office, role=_("Kepala Kantor,"), when=context["generated_on"], width=174 * mm,
                                 name=office.head_name, nip=office.head_nip))
    doc.build(story)
    return buffer.getvalue()
