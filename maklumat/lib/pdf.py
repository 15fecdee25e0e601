"""Building blocks of the office's official PDFs (ReportLab): letterhead, signature block, table styles.

Every official document the office prints (complaint form and recap, apology letter, delivery
receipt, Kinerja report card, IKM report, poster) takes its letterhead and signature block from
here, so they look like one office's papers. Model-free: the functions take an office-like object
(``name``, ``kanwil.name``, ``address``, ``city``, ``phone``, ``email``, ``head_name``, ``head_nip``,
``localtime()``). The ministry and directorate are proper names and stay Indonesian in every
language; dates follow the active language (``8 Mei 2025`` / ``8 May 2025``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from maklumat.lib.exports import pdf_text

MINISTRY = "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA"
DIRECTORATE = "DIREKTORAT JENDERAL IMIGRASI"
# The dotted line a signer fills in by hand when the name or NIP is not on file.
BLANK_NAME = "(" + "." * 40 + ")"
BLANK_NIP = "." * 30
BLANK_DATE = "." * 30

INK = colors.HexColor("#111111")
RULE = colors.HexColor("#222222")
# Table headers: a light tint with dark bold text reads on any printer, colour or black and white.
HEADER_BG = colors.HexColor("#dde9e5")
GRID_COLOUR = colors.HexColor("#8a8f94")

_BASE = getSampleStyleSheet()["Normal"]
KOP_MINISTRY = ParagraphStyle("kop_ministry", parent=_BASE, fontName="Helvetica-Bold", fontSize=10.5, leading=13,
                              alignment=1, textColor=INK)
KOP_OFFICE = ParagraphStyle("kop_office", parent=KOP_MINISTRY, fontSize=12.5, leading=15.5)
KOP_CONTACT = ParagraphStyle("kop_contact", parent=_BASE, fontSize=8.5, leading=11, alignment=1, textColor=INK)
SIGN = ParagraphStyle("sign", parent=_BASE, fontSize=10, leading=13.5, textColor=INK)
HEAD_CELL = ParagraphStyle("head_cell", parent=_BASE, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5,
                           textColor=INK)


def letterhead(office) -> list[Flowable]:
    """The *kop surat*: ministry, directorate, Kanwil, office, address line, and the double rule."""
    contact = " · ".join(part for part in (
        " ".join((office.address or "").split()), f"Telp. {office.phone}" if office.phone else "", office.email,
    ) if part)
    lines = [Paragraph(MINISTRY, KOP_MINISTRY), Paragraph(DIRECTORATE, KOP_MINISTRY)]
    if getattr(office, "kanwil", None) is not None:
        lines.append(Paragraph(pdf_text(office.kanwil.name.upper()), KOP_MINISTRY))
    lines += [
        Paragraph(pdf_text(office.name.upper()), KOP_OFFICE),
        Paragraph(pdf_text(contact or office.city or ""), KOP_CONTACT),
        HRFlowable(width="100%", thickness=1.6, color=RULE, spaceBefore=3, spaceAfter=1),
        HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=0, spaceAfter=9),
    ]
    return lines


def local_day(office, when: date | datetime) -> date:
    """The office's date of ``when`` (a moment is read on the office's clock, never the server's)."""
    return office.localtime(when).date() if isinstance(when, datetime) else when


def written_date(office, when: date | datetime | None) -> str:
    """``8 Mei 2025`` in Indonesian, ``8 May 2025`` in English: the office's date of ``when``
    (``None``: a dotted line to write the date by hand, on a blank form)."""
    if when is None:
        return BLANK_DATE
    return formats.date_format(local_day(office, when), "j F Y")


def _signer(role: str, name: str, nip: str, *, room: float) -> list[Flowable]:
    return [
        Paragraph(pdf_text(role), SIGN),
        Spacer(1, room),
        Paragraph(f"<u><b>{pdf_text(name)}</b></u>" if name else BLANK_NAME, SIGN),
        Paragraph(f"NIP. {pdf_text(nip) if nip else BLANK_NIP}", SIGN),
    ]


def signature_block(
    office,
    *,
    role: str,
    when: date | datetime | None,
    width: float,
    name: str = "",
    nip: str = "",
    place: str = "",
    left_role: str = "",
    left_name: str = "",
    left_nip: str | None = None,
    room: float = 17 * mm,
) -> KeepTogether:
    """Place and office-local date, the signer's role, room to sign, name (or a line) and NIP (or a line).

    ``left_role`` adds a second signer on the left (the complainant, the recipient); ``left_nip``
    ``None`` leaves out their NIP line (a member of the public has none). ``room``: the height left to sign.
    """
    where = place or office.city or office.name
    right = [Paragraph(f"{pdf_text(where)}, {pdf_text(written_date(office, when))}", SIGN),
             *_signer(role, name, nip, room=room)]
    left: list[Flowable] = []
    if left_role:
        left = [Paragraph("&nbsp;", SIGN), Paragraph(pdf_text(left_role), SIGN), Spacer(1, room),
                Paragraph(f"<u><b>{pdf_text(left_name)}</b></u>" if left_name else BLANK_NAME, SIGN)]
        if left_nip is not None:
            left.append(Paragraph(f"NIP. {pdf_text(left_nip) if left_nip else BLANK_NIP}", SIGN))
    column = min(width / 2, 85 * mm)
    table = Table([[left, right]], colWidths=[width - column, column])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 4 * mm), table])


def header_row_style(*, font_size: float = 8.5) -> TableStyle:
    """Grid with a readable header row: light tint, dark bold text (strings or ``head_cell`` paragraphs)."""
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("TEXTCOLOR", (0, 0), (-1, 0), INK),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])


def head_cell(text: str, style: ParagraphStyle = HEAD_CELL) -> Paragraph:
    """A header cell that may wrap, dark bold on the light header tint."""
    return Paragraph(pdf_text(text), style)


def nowrap_width(texts, *, font: str = "Helvetica", size: float = 8.5, padding: float = 12) -> float:
    """The column width that shows each of ``texts`` on one line (a string cell never wraps)."""
    return max((stringWidth(str(t), font, size) for t in texts), default=0) + padding
