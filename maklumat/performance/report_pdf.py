"""The monthly Kinerja report card as PDF (ReportLab), in the house style of the IKM report:
letterhead, one section per figure, in the reader's language (labels, numbers and the signature date
follow the active language, like the complaint recap). Every text from the database is escaped."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table, TableStyle

from maklumat.lib.pdf import letterhead, signature_block

HEADER_BG = colors.HexColor("#1f3a93")
WEAK_BG = colors.HexColor("#fff4e0")


def trend_word(trend: str) -> str:
    """The trend against the month before, in the active language (naik / turun / tetap)."""
    return {"up": _("naik"), "down": _("turun"), "flat": _("tetap")}.get(trend, "")

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontSize=9.5, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
H1 = ParagraphStyle("h1", parent=STYLES["Title"], fontSize=14, leading=18)
H2 = ParagraphStyle("h2", parent=STYLES["Heading2"], fontSize=11.5, spaceBefore=8, spaceAfter=4)
HEAD = ParagraphStyle("head", parent=BODY, alignment=1, fontSize=9.5)


def _p(text, style=BODY) -> Paragraph:
    """A paragraph of plain text: escaped, so an office name like ``A & B <x>`` cannot break the PDF."""
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def _table(rows, widths, weak_rows=(), align_right_from=1) -> Table:
    body = [[cell if isinstance(cell, Paragraph)
             else _p(cell, HEAD_CELL if r == 0 else SMALL_RIGHT if c >= align_right_from else SMALL)
             for c, cell in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(body, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("BACKGROUND", (0, row), (-1, row), WEAK_BG) for row in weak_rows]
    table.setStyle(TableStyle(style))
    return table


HEAD_CELL = ParagraphStyle("head_cell", parent=SMALL, textColor=colors.white, fontName="Helvetica-Bold")
SMALL_RIGHT = ParagraphStyle("small_right", parent=SMALL, alignment=2)


def render_report_card_pdf(card: dict) -> bytes:
    office = card["office"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{_('Rapor Kinerja')} {office.name} {card['month_label']}",
                            author=office.name)
    story = [
        *letterhead(office),
        _p(_("RAPOR KINERJA MAKLUMAT PELAYANAN — %(month)s") % {"month": card["month_label"].upper()}, H1),
        _p(_("Dihitung per %(when)s %(zone)s. Tepat waktu = dipenuhi tepat waktu ÷ (tepat waktu + terlambat + "
             "lewat tenggat); sebuah janji masuk ke bulan tanggal (waktu kantor) saat ia mulai. Panah: dibanding "
             "%(previous)s.") % {"when": card["as_of_local"].strftime("%d-%m-%Y %H.%M"),
                                  "zone": office.zone_abbreviation, "previous": card["previous_label"]}, SMALL),
        _p(_("I. Janji layanan"), H2),
    ]
    rows = [[_("Janji"), _("Tepat waktu"), _("Bulan lalu"), _("Tren"), _("Jumlah"), _("Tepat"), _("Terlambat"),
             _("Berjalan"), _("Lewat")]]
    weak = []
    for index, row in enumerate(card["promises"], start=1):
        rows.append([row["label"], row["rate_text"], row["previous_text"], trend_word(row["trend"]), row["total"],
                     row["met"], row["late"], row["open"], row["overdue"]])
        if row["on_time_rate"] is not None and row["on_time_rate"] < 0.8:
            weak.append(index)
    story.append(_table(rows, [37 * mm, 17 * mm, 16 * mm, 14 * mm, 16 * mm, 14 * mm, 19 * mm, 17 * mm, 16 * mm],
                        weak))

    documents = card["documents_issued"]
    target = card["yearly_target"]
    story += [_p(_("II. Dokumen terbit dan target tahunan"), H2),
              _table([[_("Dokumen terbit bulan ini"), _("Target tahun %(year)s") % {"year": card["month"].year},
                       _("Target per bulan")],
                      [_num(documents), _num(target), _num(round(target / 12)) if target else "—"]],
                     [58 * mm, 58 * mm, 58 * mm], align_right_from=0)]

    story.append(_p(_("III. Kompensasi dan pengaduan"), H2))
    compensation = [[_("Kompensasi"), _("Jumlah")], *([label, value] for label, value, _href in card["compensation"])]
    complaints = [[_("Pengaduan"), _("Jumlah")], *([label, value] for label, value, _href in card["complaints"])]
    grid = Table([[_table(compensation, [52 * mm, 32 * mm]), _table(complaints, [52 * mm, 32 * mm])]],
                 colWidths=[88 * mm, 88 * mm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(grid)

    ikm = card["ikm"]
    story += [_p(_("IV. Indeks Kepuasan Masyarakat"), H2),
              _table([["IKM", _("Mutu"), _("Responden"), _("Target")],
                      [ikm["value_text"], ikm.get("grade") or "—", _num(ikm.get("respondents") or 0),
                       ikm["target_text"] or "—"]], [44 * mm, 44 * mm, 44 * mm, 42 * mm], align_right_from=0)]

    steps = [[_("Langkah SOP"), _("Norma"), _("Diukur"), _("Di luar norma"), _("Median"), "P90"]]
    steps += [[step["label"], step["norm_text"], step["measured"], step["outside_text"], step["median_text"],
               step["p90_text"]] for step in card["steps"]]
    story.append(KeepTogether([_p(_("V. Langkah SOP (hambatan lebih dulu)"), H2),
                               _table(steps, [66 * mm, 20 * mm, 18 * mm, 28 * mm, 20 * mm, 22 * mm])]))

    if card["effectiveness"]:
        rows = [[_("Indikator (Sutrisno)"), _("Nilai"), _("Definisi")]]
        rows += [[row["label"], row["value_text"], row["definition"]] for row in card["effectiveness"]]
        story.append(KeepTogether([_p(_("VI. Lima indikator efektivitas"), H2),
                                   _table(rows, [40 * mm, 24 * mm, 110 * mm], align_right_from=3)]))
    # the date follows the reader's language, like the labels (docs/decisions.md)
    story.append(signature_block(office, role=_("Kepala Kantor,"), when=card["as_of_local"], width=174 * mm,
                                 name=office.head_name, nip=office.head_nip))
    doc.build(story)
    return buffer.getvalue()


def _num(value) -> str:
    """Whole number with the active language's thousands separator (27.053 / 27,053)."""
    return "—" if value is None else f"{value:,.0f}".replace(",", get_format("THOUSAND_SEPARATOR"))
