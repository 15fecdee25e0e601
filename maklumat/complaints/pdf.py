"""Printable documents (reportlab): the complaint form (blank or filled) and the monthly recap.

Both are official papers: the office's letterhead and signature block (``lib.pdf``), every label
through gettext so an officer reading English gets English throughout, tracking codes on one line.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maklumat.complaints.models import Channel, ComplaintCategory
from maklumat.lib.exports import pdf_text
from maklumat.lib.pdf import head_cell, header_row_style, letterhead, nowrap_width, signature_block

STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["BodyText"], fontSize=8.5, leading=10.5)
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontSize=10, leading=13)
TITLE = ParagraphStyle("title", parent=STYLES["Title"], fontSize=14, leading=17, spaceAfter=4)
HEAD = ParagraphStyle("head", parent=STYLES["BodyText"], fontSize=9.5, leading=12, alignment=1)
H4 = ParagraphStyle("h4", parent=STYLES["Heading4"], spaceBefore=4, spaceAfter=3)
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef4f2")),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
])
# A frame keeps 6 pt of padding on each side: a table as wide as the page's text would stick out.
FRAME_PADDING = 12
# Room to write by hand on the blank form, per row (the filled form sizes rows to their text).
BLANK_ROW_HEIGHTS = {"code": 8, "received": 8, "name": 9, "phone": 8, "email": 8, "address": 12, "application": 8,
                     "subject": 9, "description": 46, "follow_up": 18}


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(pdf_text(text or "", newlines=True), style)


def _box(mark: bool) -> str:
    return "[X]" if mark else "[  ]"


def status_page_address(request=None) -> str:
    """The full address of the public status page: ``PUBLIC_BASE_URL`` when set, else this request's host."""
    path = reverse("complaints:public_lookup")
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    if base:
        return base + path
    return request.build_absolute_uri(path) if request is not None else path


def _duration(delta: timedelta | None) -> str:
    """Working time as the report prints it: ``1 j 25 m`` / ``1 h 25 m``."""
    if delta is None:
        return "—"
    minutes = round(delta.total_seconds() / 60)
    if minutes >= 60:
        return _("%(hours)d j %(minutes)d m") % {"hours": minutes // 60, "minutes": minutes % 60}
    return _("%(minutes)d m") % {"minutes": minutes}


def complaint_form(office, complaint, *, show_identity: bool = True, status_url: str = "") -> bytes:
    """The *form pengaduan* of the Yankomas post (002 step 2): blank when ``complaint`` is None."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=10 * mm,
                            bottomMargin=10 * mm, title=_("Form Pengaduan"), author=office.name)
    c = complaint
    blank = c is None

    def value(text):
        return _p("" if blank else text)

    hidden = c is not None and not show_identity
    identity = (lambda text: _p(_("(anonim — hanya untuk tim pengaduan)"))) if hidden else value
    channel_marks = "   ".join(
        f"{_box(c is not None and c.channel == ch.value)} {pdf_text(ch.label)}" for ch in Channel)
    marks = [f"{_box(c is not None and c.category_id == cat.pk)} {pdf_text(cat.name)}"
             f"{' (' + pdf_text(_('umum')) + ')' if cat.is_general else ''}" for cat in ComplaintCategory.objects.all()]
    half = (len(marks) + 1) // 2  # two columns: the form stays one page
    categories = Table([[Paragraph("<br/>".join(marks[:half]), SMALL), Paragraph("<br/>".join(marks[half:]), SMALL)]],
                       colWidths=[66 * mm, 66 * mm])
    categories.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    received = "" if blank else f"{office.localtime(c.received_at):%d-%m-%Y %H:%M} {office.zone_abbreviation}"
    rows = [
        ("code", _("Kode pelacakan"), Paragraph(f"<b>{pdf_text(c.tracking_code)}</b>", BODY) if c else _p("")),
        ("received", pgettext("complaint", "Diterima"), _p(received)),
        ("channel", _("Kanal"), Paragraph(channel_marks, SMALL)),
        ("name", _("Nama pelapor"), identity(c.reporter_name if c else "")),
        ("phone", _("Telepon / WhatsApp"), identity(c.reporter_phone if c else "")),
        ("email", _("Surel"), identity(c.reporter_email if c else "")),
        ("address", _("Alamat"), identity(c.reporter_address if c else "")),
        ("application", _("Nomor permohonan"), value(c.application.number if c and c.application_id else "-")),
        ("subject", _("Perihal"), value(c.subject if c else "")),
        ("description", _("Uraian pengaduan"), value(c.description if c else "")),
        ("category", _("Kategori"), categories),
        ("nature", _("Sifat"), _p(f"{_box(c is not None and c.confidential)} {_('Rahasia')}    "
                                  f"{_box(c is not None and c.anonymous)} {_('Anonim')}")),
        ("follow_up", _("Tindak lanjut petugas"), value(c.resolution if c and c.resolution else "")),
    ]
    heights = [BLANK_ROW_HEIGHTS[key] * mm if blank and key in BLANK_ROW_HEIGHTS else None for key, _l, _v in rows]
    table = Table([[_p(label), cell] for _k, label, cell in rows], colWidths=[42 * mm, 132 * mm],
                  rowHeights=heights)
    table.setStyle(GRID)
    where = status_url or status_page_address()
    track = _("Status pengaduan dapat dilacak di %(address)s dengan kode pelacakan di atas.") % {
        "address": f"<b>{pdf_text(where)}</b>"}
    story = [*letterhead(office), _p(_("FORM PENGADUAN LAYANAN KEIMIGRASIAN"), TITLE),
             _p(_("Pos Pelayanan Komunikasi Masyarakat (Yankomas)"), HEAD), Spacer(1, 3 * mm), table,
             Spacer(1, 2 * mm), Paragraph(track, SMALL),
             signature_block(office, role=_("Petugas Yankomas,"), when=None if blank else c.received_at,
                             width=doc.width - FRAME_PADDING, left_role=_("Pelapor,"), room=14 * mm,
                             left_name=c.reporter_name if c is not None and not hidden else "")]
    doc.build(story)
    return buffer.getvalue()


def recap_pdf(recap, submission=None) -> bytes:
    """The *Laporan Rekapitulasi Penanganan Pengaduan* of one office and month."""
    buffer = BytesIO()
    office = recap.office
    period = formats.date_format(date(recap.year, recap.month, 1), "F Y")
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
                            topMargin=11 * mm, bottomMargin=11 * mm,
                            title=f"{_('Laporan Rekapitulasi Penanganan Pengaduan')} {period}", author=office.name)
    story = [*letterhead(office), _p(_("LAPORAN REKAPITULASI PENANGANAN PENGADUAN"), TITLE),
             _p(_("Periode: %(period)s · waktu %(zone)s") % {"period": period, "zone": office.zone_abbreviation},
                HEAD), Spacer(1, 4 * mm)]
    summary = [
        [_p(_("Jumlah pengaduan")), _p(str(recap.total)), _p(pgettext("complaint", "Selesai")), _p(str(recap.resolved)),
         _p(_("Masih diproses")), _p(str(recap.still_open))],
        [_p(_("Rata-rata waktu penanganan (jam kerja)")), _p(_duration(recap.average_handling)),
         _p(_("Rata-rata penilaian pelapor (1–4)")),
         _p(formats.number_format(recap.average_rating, 2) if recap.average_rating else "-"),
         _p(_("Melewati tenggat (belum selesai)")), _p(str(recap.overdue))],
    ]
    table = Table(summary, colWidths=[60 * mm, 25 * mm, 60 * mm, 25 * mm, 44 * mm, 25 * mm], hAlign="LEFT")
    table.setStyle(GRID)
    story += [table, Spacer(1, 2 * mm)]
    if recap.oldest_overdue is not None:
        oldest = recap.oldest_overdue
        story.append(_p(_("Pengaduan terlama melewati tenggat: %(code)s — langkah “%(step)s”, jatuh tempo "
                          "%(due)s %(zone)s (%(days)s hari).") % {
            "code": oldest.tracking_code, "step": oldest.step_title,
            "due": f"{office.localtime(oldest.due_at):%d-%m-%Y %H:%M}", "zone": office.zone_abbreviation,
            "days": oldest.days}, SMALL))
    story += [_p(recap.average_handling_definition, SMALL), Spacer(1, 4 * mm)]

    def counts(title, pairs):
        rows = [[head_cell(title), head_cell(_("Jumlah"))]] + [[_p(k, SMALL), _p(str(v), SMALL)] for k, v in pairs]
        if not pairs:
            rows.append([_p("—", SMALL), _p("0", SMALL)])
        t = Table(rows, colWidths=[62 * mm, 20 * mm])
        t.setStyle(header_row_style())
        return t

    side = Table([[counts(_("Kanal"), recap.by_channel), counts(_("Kategori"), recap.by_category),
                   counts(_("Hasil"), recap.by_outcome)]], colWidths=[88 * mm, 88 * mm, 88 * mm], hAlign="LEFT")
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [side, Spacer(1, 4 * mm), _p(_("Ketepatan waktu per langkah SOP"), H4),
              _p(recap.on_time_definition, SMALL)]
    rate_rows = [[head_cell(h) for h in (_("Langkah"), _("Pelaksana"), _("Norma"), _("Jatuh tempo"),
                                         _("Tepat waktu"), _("Selesai terlambat"), _("Terbuka lewat tenggat"), "%")]]
    for rate in recap.step_rates:
        rate_rows.append([_p(rate.title, SMALL), _p(rate.label, SMALL),
                          _p(_("%(minutes)d menit") % {"minutes": rate.norm_minutes}, SMALL),
                          _p(str(rate.due), SMALL), _p(str(rate.on_time), SMALL), _p(str(rate.late), SMALL),
                          _p(str(rate.overdue), SMALL),
                          _p(formats.number_format(rate.rate, 1) if rate.rate is not None else "-", SMALL)])
    rates = Table(rate_rows, colWidths=[55 * mm, 50 * mm, 22 * mm, 22 * mm, 22 * mm, 25 * mm, 30 * mm, 16 * mm],
                  repeatRows=1, hAlign="LEFT")
    rates.setStyle(header_row_style())
    story += [rates, Spacer(1, 4 * mm), _p(_("Daftar pengaduan"), H4)]
    codes = [c.tracking_code for c in recap.complaints]
    code_width = nowrap_width([*codes, "ADU-XXXX-XXXX"], size=8.5)
    widths = [code_width, 22 * mm, 38 * mm, 45 * mm, 0, 42 * mm, 24 * mm]
    widths[4] = doc.width - FRAME_PADDING - sum(widths)
    list_rows = [[head_cell(h) for h in (_("Kode"), pgettext("complaint", "Diterima"), _("Kanal"), _("Kategori"),
                                         _("Perihal"), _("Status/hasil"), _("Waktu penanganan"))]]
    for c in recap.complaints:
        subject = _("(rahasia)") if c.confidential else c.subject
        # The tracking code is a string cell: a table never wraps it (ADU-ABCD-EFGH stays on one line).
        list_rows.append([
            c.tracking_code, _p(f"{office.localtime(c.received_at):%d-%m %H:%M}", SMALL),
            _p(c.get_channel_display(), SMALL), _p(c.category.name if c.category else "-", SMALL),
            _p(subject, SMALL), _p(c.get_outcome_display() if c.outcome else c.get_status_display(), SMALL),
            _p(_duration(recap.handling.get(c.pk)), SMALL)])
    if not recap.complaints:
        list_rows.append(["", "", "", "", _p(_("Tidak ada pengaduan pada bulan ini."), SMALL), "", ""])
    listing = Table(list_rows, colWidths=widths, repeatRows=1)
    listing.setStyle(header_row_style())
    story += [listing, Spacer(1, 4 * mm)]
    if submission is not None:
        by = submission.submitted_by
        story.append(_p(_("Dilaporkan secara berjenjang kepada %(kanwil)s oleh %(who)s (%(role)s) pada %(when)s "
                          "%(zone)s.") % {
            "kanwil": office.kanwil.name, "who": by.get_full_name() or by.username, "role": by.get_role_display(),
            "when": f"{office.localtime(submission.submitted_at):%d-%m-%Y %H:%M}", "zone": office.zone_abbreviation},
            SMALL))
    else:
        story.append(_p(_("Belum dilaporkan ke Kantor Wilayah."), SMALL))
    maker = submission.submitted_by if submission is not None else None
    story.append(signature_block(
        office, role=_("Kepala Kantor,"), name=office.head_name, nip=office.head_nip, width=doc.width - FRAME_PADDING,
        when=submission.submitted_at if submission is not None else (recap.as_of or office.local_now()),
        left_role=_("Dibuat oleh,") + " " + (maker.get_role_display() if maker else _("Petugas Yankomas")),
        left_name=(maker.get_full_name() or maker.username) if maker else "", left_nip=""))
    doc.build(story)
    return buffer.getvalue()
