"""Printable documents (reportlab): the complaint form (blank or filled) and the monthly recap."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints.models import Channel, ComplaintCategory
from maklumat.complaints.recap import duration_text
from maklumat.lib.exports import pdf_text

STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["BodyText"], fontSize=8.5, leading=10.5)
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontSize=10, leading=13)
TITLE = ParagraphStyle("title", parent=STYLES["Title"], fontSize=14, leading=17, spaceAfter=4)
HEAD = ParagraphStyle("head", parent=STYLES["BodyText"], fontSize=9.5, leading=12, alignment=1)
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef4f2")),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
])
HEADER_ROW = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0b5d4b")),
    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
])


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(pdf_text(text or "", newlines=True), style)


def _letterhead(office) -> list:
    return [
        _p(office.kanwil.name.upper(), HEAD),
        _p(office.name.upper(), HEAD),
        Spacer(1, 3 * mm),
    ]


def _box(mark: bool) -> str:
    return "[X]" if mark else "[  ]"


def complaint_form(office, complaint, *, show_identity: bool = True) -> bytes:
    """The *form pengaduan* of the Yankomas post (002 step 2): blank when ``complaint`` is None."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="Form Pengaduan")
    tz = work_calendar_for(office).tz
    c = complaint
    blank = "." * 70

    def value(text):
        return _p(text if c is not None else blank)

    hidden = c is not None and not show_identity
    identity = (lambda text: _p("(anonim — hanya untuk tim pengaduan)")) if hidden else value
    channel_marks = "   ".join(
        f"{_box(c is not None and c.channel == ch.value)} {pdf_text(ch.label)}" for ch in Channel)
    category_marks = "<br/>".join(
        f"{_box(c is not None and c.category_id == cat.pk)} {pdf_text(cat.name_id)}"
        f"{' (umum)' if cat.is_general else ''}"
        for cat in ComplaintCategory.objects.all())
    received = (timezone.localtime(c.received_at, tz).strftime("%d-%m-%Y %H:%M ") + office.zone_abbreviation
                if c is not None else blank)
    rows = [
        [_p("Kode pelacakan"), value(c.tracking_code if c else "")],
        [_p("Diterima"), _p(received)],
        [_p("Kanal"), Paragraph(channel_marks, SMALL)],
        [_p("Nama pelapor"), identity(c.reporter_name if c else "")],
        [_p("Telepon / WhatsApp"), identity(c.reporter_phone if c else "")],
        [_p("Surel"), identity(c.reporter_email if c else "")],
        [_p("Alamat"), identity(c.reporter_address if c else "")],
        [_p("Nomor permohonan"), value(c.application.number if c and c.application_id else "-")],
        [_p("Perihal"), value(c.subject if c else "")],
        [_p("Uraian pengaduan"), value(c.description if c else (blank + "\n") * 6)],
        [_p("Kategori"), Paragraph(category_marks, SMALL)],
        [_p("Sifat"), _p(f"{_box(c is not None and c.confidential)} Rahasia    "
                         f"{_box(c is not None and c.anonymous)} Anonim")],
        [_p("Tindak lanjut petugas"), value(c.resolution if c and c.resolution else (blank + "\n") * 3)],
    ]
    table = Table(rows, colWidths=[45 * mm, 129 * mm])
    table.setStyle(GRID)
    signatures = Table([
        [_p("Pelapor,"), _p("Petugas Yankomas,")],
        [_p("\n\n\n(.................................)"), _p("\n\n\n(.................................)")],
    ], colWidths=[87 * mm, 87 * mm])
    story = [*_letterhead(office), _p("FORM PENGADUAN LAYANAN KEIMIGRASIAN", TITLE),
             _p("Pos Pelayanan Komunikasi Masyarakat (Yankomas)", HEAD), Spacer(1, 4 * mm), table,
             Spacer(1, 8 * mm), signatures, Spacer(1, 4 * mm),
             _p("Status pengaduan dapat dilacak di /pengaduan/status/ dengan kode pelacakan.", SMALL)]
    doc.build(story)
    return buffer.getvalue()


def recap_pdf(recap, submission=None) -> bytes:
    """The *Laporan Rekapitulasi Penanganan Pengaduan* of one office and month."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title="Laporan Rekapitulasi")
    office = recap.office
    tz = work_calendar_for(office).tz
    story = [*_letterhead(office), _p("LAPORAN REKAPITULASI PENANGANAN PENGADUAN", TITLE),
             _p(f"Periode: {recap.period_label} · waktu {office.zone_abbreviation}", HEAD), Spacer(1, 4 * mm)]
    summary = [
        [_p("Jumlah pengaduan"), _p(str(recap.total)), _p("Selesai"), _p(str(recap.resolved)),
         _p("Masih diproses"), _p(str(recap.still_open))],
        [_p("Rata-rata waktu penanganan (jam kerja)"), _p(duration_text(recap.average_handling)),
         _p("Rata-rata penilaian pelapor (1–4)"),
         _p(f"{recap.average_rating:.2f}" if recap.average_rating else "-"),
         _p("Melewati tenggat (belum selesai)"), _p(str(recap.overdue))],
    ]
    table = Table(summary, colWidths=[60 * mm, 25 * mm, 60 * mm, 25 * mm, 40 * mm, 25 * mm])
    table.setStyle(GRID)
    story += [table, Spacer(1, 2 * mm)]
    if recap.oldest_overdue is not None:
        oldest = recap.oldest_overdue
        story.append(_p(f"Pengaduan terlama melewati tenggat: {oldest.tracking_code} — langkah "
                        f"\"{oldest.step_title}\", jatuh tempo "
                        f"{timezone.localtime(oldest.due_at, tz).strftime('%d-%m-%Y %H:%M')} "
                        f"{office.zone_abbreviation} ({oldest.days} hari).", SMALL))
    story += [_p(recap.average_handling_definition, SMALL), Spacer(1, 4 * mm)]

    def counts(title, pairs):
        rows = [[_p(title, SMALL), _p("Jumlah", SMALL)]] + [[_p(k, SMALL), _p(str(v), SMALL)] for k, v in pairs]
        t = Table(rows or [["-", "-"]], colWidths=[62 * mm, 20 * mm])
        t.setStyle(HEADER_ROW)
        return t

    side = Table([[counts("Kanal", recap.by_channel), counts("Kategori", recap.by_category),
                   counts("Hasil", recap.by_outcome)]], colWidths=[88 * mm, 88 * mm, 88 * mm])
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [side, Spacer(1, 4 * mm), _p("Ketepatan waktu per langkah SOP", STYLES["Heading4"]),
              _p(recap.on_time_definition, SMALL)]
    rate_rows = [[_p(h, SMALL) for h in ("Langkah", "Pelaksana", "Norma", "Jatuh tempo", "Tepat waktu",
                                         "Selesai terlambat", "Terbuka lewat tenggat", "%")]]
    for rate in recap.step_rates:
        rate_rows.append([_p(rate.title, SMALL), _p(rate.label, SMALL), _p(f"{rate.norm_minutes} menit", SMALL),
                          _p(str(rate.due), SMALL), _p(str(rate.on_time), SMALL), _p(str(rate.late), SMALL),
                          _p(str(rate.overdue), SMALL),
                          _p(f"{rate.rate:.1f}" if rate.rate is not None else "-", SMALL)])
    rates = Table(rate_rows, colWidths=[55 * mm, 50 * mm, 22 * mm, 22 * mm, 22 * mm, 25 * mm, 28 * mm, 18 * mm])
    rates.setStyle(HEADER_ROW)
    story += [rates, Spacer(1, 4 * mm), _p("Daftar pengaduan", STYLES["Heading4"])]
    list_rows = [[_p(h, SMALL) for h in ("Kode", "Diterima", "Kanal", "Kategori", "Perihal", "Status/hasil",
                                         "Waktu penanganan")]]
    for c in recap.complaints:
        subject = "(rahasia)" if c.confidential else c.subject
        list_rows.append([
            _p(c.tracking_code, SMALL), _p(timezone.localtime(c.received_at, tz).strftime("%d-%m %H:%M"), SMALL),
            _p(c.get_channel_display(), SMALL), _p(c.category.name_id if c.category else "-", SMALL),
            _p(subject, SMALL), _p(c.get_outcome_display() if c.outcome else c.get_status_display(), SMALL),
            _p(duration_text(recap.handling.get(c.pk)), SMALL)])
    listing = Table(list_rows, colWidths=[30 * mm, 22 * mm, 38 * mm, 45 * mm, 72 * mm, 42 * mm, 20 * mm],
                    repeatRows=1)
    listing.setStyle(HEADER_ROW)
    story += [listing, Spacer(1, 6 * mm)]
    if submission is not None:
        sent = timezone.localtime(submission.submitted_at, tz).strftime("%d-%m-%Y %H:%M")
        story.append(_p(f"Dilaporkan secara berjenjang kepada {office.kanwil.name} oleh "
                        f"{submission.submitted_by.get_full_name() or submission.submitted_by.username} "
                        f"({submission.submitted_by.get_role_display()}) pada {sent} {office.zone_abbreviation}."))
    else:
        story.append(_p("Belum dilaporkan ke Kantor Wilayah.", SMALL))
    doc.build(story)
    return buffer.getvalue()
