"""PDF documents of compensation: the apology letter and the home-delivery receipt (step 11, SOP 001)."""

from __future__ import annotations

from io import BytesIO
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import override
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maklumat.compensation.models import Fulfilment
from maklumat.lib.exports import pdf_text
from maklumat.lib.pdf import letterhead, signature_block

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def tanggal(moment, tz_name: str | None = None) -> str:
    """A date as Indonesian letters write it: ``8 Mei 2025`` (in the office's time zone)."""
    zone = ZoneInfo(tz_name) if tz_name else None
    day = timezone.localtime(moment, zone).date() if hasattr(moment, "hour") else moment
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _styles():
    base = getSampleStyleSheet()
    return {
        "head": ParagraphStyle("head", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=11, leading=14,
                               alignment=1),
        "office": ParagraphStyle("office", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=13,
                                 leading=16, alignment=1),
        "small": ParagraphStyle("small", parent=base["Normal"], fontSize=8.5, leading=11, alignment=1),
        "title": ParagraphStyle("title", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=12, leading=15,
                                alignment=1, spaceBefore=6, spaceAfter=6),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=10.5, leading=15, spaceAfter=6),
    }


def _letterhead(office, styles) -> list:
    """The office's letterhead, shared by every official PDF (``lib.pdf``)."""
    return letterhead(office)


def _signature(office, city: str, when, styles, left_label: str = "", left_name: str = ""):
    """The head of office's signature block (``lib.pdf``); the letter is Indonesian, so is its date."""
    with override("id"):
        return signature_block(office, role="Kepala Kantor,", when=when, width=A4[0] - 4.4 * cm, place=city,
                               name=office.head_name, nip=office.head_nip, left_role=left_label, left_name=left_name)


def _render(story: list, title: str) -> bytes:
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=1.6 * cm,
                            bottomMargin=2 * cm, title=title, author="Maklumat")
    doc.build(story)
    return buffer.getvalue()


def apology_letter_pdf(fulfilment: Fulfilment) -> bytes:
    """The office's letter of apology to the applicant, on its letterhead."""
    claim = fulfilment.claim
    application = claim.application
    office = application.office
    styles = _styles()
    wait = next((c for c in claim.decision.get("conditions", []) if c.get("held") and "wait" in c.get("code", "")),
                None)
    reason = pdf_text(wait["reason_id"]) if wait else "layanan tidak sesuai dengan standar pelayanan"
    reason = reason[:1].lower() + reason[1:]
    served = application.events.order_by("at").values_list("at", flat=True).first() or claim.recorded_at
    remedies = [str(f.get_remedy_display()) for f in claim.fulfilments.all()]
    story = [
        *_letterhead(office, styles),
        Paragraph("SURAT PERMOHONAN MAAF", styles["title"]),
        Paragraph(f"Nomor: {pdf_text(fulfilment.letter_number)}", styles["small"]),
        Spacer(1, 0.5 * cm),
        Paragraph(f"Yth. Sdr./Sdri. <b>{pdf_text(application.applicant_name)}</b><br/>"
                  f"Pemohon nomor {pdf_text(application.number)}", styles["body"]),
        Spacer(1, 0.3 * cm),
        Paragraph(
            f"Dengan hormat, {pdf_text(office.name)} menyampaikan permohonan maaf karena pelayanan yang Saudara "
            f"terima pada {tanggal(served, office.time_zone)} tidak sesuai dengan standar pelayanan yang telah kami "
            f"tetapkan: {reason}.", styles["body"]),
        Paragraph(
            "Sesuai kebijakan pemberian kompensasi kepada penerima layanan "
            f"({pdf_text(claim.policy.document or claim.policy.title_id)}), kepada Saudara diberikan: "
            f"{pdf_text(', '.join(remedies).lower())}.", styles["body"]),
        Paragraph("Kami berkomitmen untuk terus memperbaiki kualitas pelayanan keimigrasian. "
                  "Terima kasih atas kesabaran dan kepercayaan Saudara.", styles["body"]),
        Spacer(1, 0.8 * cm),
        _signature(office, office.city or office.name, fulfilment.fulfilled_at or timezone.now(), styles),
    ]
    return _render(story, f"Surat permohonan maaf {application.number}")


def delivery_receipt_pdf(fulfilment: Fulfilment) -> bytes:
    """*Tanda terima pemberian kompensasi antar paspor*: signed by the applicant (SOP 001, step 11)."""
    claim = fulfilment.claim
    application = claim.application
    office = application.office
    styles = _styles()
    rows = [
        ["Nomor permohonan", application.number],
        ["Nama pemohon", application.applicant_name],
        ["Alamat pengantaran", fulfilment.delivery_address],
        ["Kurir / nomor resi", f"{fulfilment.courier} / {fulfilment.tracking_number}"],
        ["Dikirim", timezone.localtime(fulfilment.dispatched_at, ZoneInfo(office.time_zone)).strftime("%d-%m-%Y %H:%M")
         if fulfilment.dispatched_at else "-"],
        ["Diterima", timezone.localtime(fulfilment.delivered_at, ZoneInfo(office.time_zone)).strftime("%d-%m-%Y %H:%M")
         if fulfilment.delivered_at else "-"],
        ["Dasar", claim.policy.document or claim.policy.title_id],
    ]
    table = Table([[Paragraph(pdf_text(label), styles["body"]), Paragraph(pdf_text(value or "-"), styles["body"])]
                   for label, value in rows], colWidths=[5 * cm, 11.5 * cm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#888888"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        *_letterhead(office, styles),
        Paragraph("TANDA TERIMA PEMBERIAN KOMPENSASI ANTAR PASPOR", styles["title"]),
        Spacer(1, 0.3 * cm),
        Paragraph("Paspor yang dialokasikan lewat dari 2 (dua) hari kerja setelah pembayaran PNBP telah "
                  "diantarkan langsung ke alamat rumah pemohon sebagai kompensasi standar pelayanan, "
                  "dengan rincian:", styles["body"]),
        table,
        Spacer(1, 0.8 * cm),
        _signature(office, office.city or office.name, fulfilment.delivered_at or timezone.now(), styles,
                   left_label="Yang menerima,",
                   left_name=fulfilment.received_by or application.applicant_name),
    ]
    return _render(story, f"Tanda terima antar paspor {application.number}")
