"""The Maklumat Pelayanan poster of an office: a printable A4/A3 PDF for the door (seed 001's sticker).

Everything on it comes from data, never retyped: the standards (times and fees) from the service
catalogue, the compensation terms from the office's policy data (``compensation.terms``), the
complaint channels from the office's contact data (``complaints.channels``), and QR codes to the
standards page, the complaint form and the applicant's timeline. All text goes through
``lib.exports.pdf_text``.
"""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maklumat.compensation.terms import compensation_terms
from maklumat.complaints.channels import public_channels
from maklumat.lib.exports import pdf_text
from maklumat.lib.pdf import BLANK_NAME, BLANK_NIP, DIRECTORATE, MINISTRY, written_date
from maklumat.lib.qr import qr_png
from maklumat.standards.selectors import active_services

SIZES = {"a4": A4, "a3": A3}

# The promise of a Maklumat Pelayanan (PermenPAN-RB 15/2014, the wording offices print).
PROMISE = ("Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
           "ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan "
           "perundang-undangan yang berlaku.")


def poster_links(request, office) -> dict[str, str]:
    """Absolute URLs the poster's QR codes open."""
    timeline = reverse("applications:public_timeline") + f"?kantor={office.code}"
    return {
        "standards": request.build_absolute_uri(reverse("portal:office_standards", args=[office.code])),
        "complaint": request.build_absolute_uri(reverse("complaints:public_form") + f"?kantor={office.code}"),
        "timeline": request.build_absolute_uri(timeline),
    }


def completion_text(service) -> str:
    days = service.completion_working_days
    if days is None:
        return _("Sesuai hasil pemeriksaan")
    if days == 0:
        return _("Hari kerja yang sama")
    return _("%(n)d hari kerja") % {"n": days}


def _qr(url: str, size: float) -> Image:
    return Image(io.BytesIO(qr_png(url, scale=8)), width=size, height=size)


def poster_pdf(office, *, links: dict[str, str], day: date, size: str = "a4") -> bytes:
    """The poster as PDF bytes; ``size`` is ``a4`` or ``a3`` (everything scales with the page)."""
    page = SIZES[size]
    k = page[0] / A4[0]  # 1 on A4, ~1.41 on A3
    base = getSampleStyleSheet()["Normal"]

    def style(name, size_pt, *, bold=False, align=0, leading=1.3, space=0.0, color=colors.black):
        return ParagraphStyle(name, parent=base, fontName="Helvetica-Bold" if bold else "Helvetica",
                              fontSize=size_pt * k, leading=size_pt * k * leading, alignment=align,
                              spaceAfter=space * k, textColor=color)

    s = {
        "head": style("head", 9, bold=True, align=1), "office": style("office", 13, bold=True, align=1),
        "small": style("small", 8, align=1), "title": style("title", 26, bold=True, align=1, space=4,
                                                            color=colors.HexColor("#7a1f1f")),
        "promise": style("promise", 11.5, align=1, leading=1.45, space=6), "h2": style("h2", 12, bold=True, space=3),
        "body": style("body", 8.8, leading=1.25), "cell": style("cell", 8.3), "cellb": style("cellb", 8.5, bold=True),
        "caption": style("caption", 7.5, align=1), "sign": style("sign", 9.5, align=1),
    }
    contact = " · ".join(part for part in (office.address, office.city,
                                            f"Telp. {office.phone}" if office.phone else "", office.email) if part)
    story = [
        Paragraph(pdf_text(MINISTRY), s["head"]), Paragraph(pdf_text(DIRECTORATE), s["head"]),
        Paragraph(pdf_text(office.kanwil.name.upper()), s["head"]),
        Paragraph(pdf_text(office.name.upper()), s["office"]), Paragraph(pdf_text(contact), s["small"]),
        HRFlowable(width="100%", thickness=1.5 * k, spaceBefore=4 * k, spaceAfter=8 * k),
        Paragraph(pdf_text(_("MAKLUMAT PELAYANAN")), s["title"]),
        Paragraph(pdf_text(PROMISE), s["promise"]),
    ]
    # The standards: every active service with its completion time and fee, from the catalogue.
    rows = [[Paragraph(pdf_text(_("Layanan")), s["cellb"]), Paragraph(pdf_text(_("Jangka waktu")), s["cellb"]),
             Paragraph(pdf_text(_("Biaya")), s["cellb"])]]
    rows += [[Paragraph(pdf_text(svc.name), s["cell"]), Paragraph(pdf_text(completion_text(svc)), s["cell"]),
              Paragraph(pdf_text(svc.fee_note or "—"), s["cell"])] for svc in active_services()]
    width = page[0] - 3 * cm * k
    table = Table(rows, colWidths=[width * 0.38, width * 0.2, width * 0.42], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story += [Paragraph(pdf_text(_("Standar pelayanan")), s["h2"]), table, Spacer(1, 8 * k)]
    # The compensation terms, generated from the policy data.
    terms = compensation_terms(office, day)
    story.append(Paragraph(pdf_text(_("Kompensasi bila kami tidak menepati janji")), s["h2"]))
    if not terms:
        story.append(Paragraph(pdf_text(_("Kantor ini belum menetapkan kebijakan kompensasi.")), s["body"]))
    for term in terms:
        block = [Paragraph(f"<b>{pdf_text(term.title)}</b> — {pdf_text(term.document)}", s["body"]),
                 Paragraph(pdf_text(_("Anda berhak atas: %(remedies)s.") % {"remedies": ", ".join(term.remedies)}),
                           s["body"]),
                 Paragraph(pdf_text(_("Bila semua syarat ini terpenuhi:")), s["body"])]
        for depth, text in term.conditions:
            indent = "&nbsp;" * 4 * (depth + 1)
            block.append(Paragraph(f"{indent}• {pdf_text(text)}", s["body"]))
        block.append(Paragraph(f"<i>{pdf_text(term.how_to_claim)}</i>", s["body"]))
        block.append(Spacer(1, 4 * k))
        story.append(KeepTogether(block))
    # Complaint channels and the QR codes.
    channels = public_channels(office, form_url=links["complaint"])
    story.append(Paragraph(pdf_text(_("Saluran pengaduan")), s["h2"]))
    story += [Paragraph(f"<b>{pdf_text(ch.label)}</b>: {pdf_text(ch.detail)}", s["body"]) for ch in channels]
    story.append(Spacer(1, 6 * k))
    # The QR codes and the head of office's signature share the last row, so the poster stays one page.
    qr_size = 3.0 * cm * k
    captions = [(links["standards"], _("Standar pelayanan")), (links["complaint"], _("Formulir pengaduan")),
                (links["timeline"], _("Lacak permohonan paspor Anda"))]
    signature = [
        Paragraph(pdf_text(f"{office.city or office.name}, {written_date(office, day)}"), s["sign"]),
        Paragraph(pdf_text(_("Kepala Kantor,")), s["sign"]), Spacer(1, 1.1 * cm * k),
        Paragraph(f"<b>{pdf_text(office.head_name)}</b>" if office.head_name else BLANK_NAME, s["sign"]),
        Paragraph(pdf_text(f"NIP. {office.head_nip or BLANK_NIP}"), s["sign"]),
    ]
    bottom = Table([[*(_qr(url, qr_size) for url, _label in captions), signature],
                    [*(Paragraph(pdf_text(label), s["caption"]) for _url, label in captions), ""]],
                   colWidths=[width * 0.2] * 3 + [width * 0.4])
    bottom.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("SPAN", (3, 0), (3, 1))]))
    story.append(KeepTogether([bottom]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=page, leftMargin=1.5 * cm * k, rightMargin=1.5 * cm * k,
                      topMargin=1.2 * cm * k, bottomMargin=1.2 * cm * k,
                      title=f"Maklumat Pelayanan {office.name}").build(story)
    return buffer.getvalue()
