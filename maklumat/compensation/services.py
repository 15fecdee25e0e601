"""Use cases of compensation: outages, claims and the fulfilment of each remedy.

Every function is ``@transaction.atomic`` and writes its audit entry in the same transaction.
A refused action raises ``ValidationError`` with an Indonesian message and changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from maklumat.applications.models import Application
from maklumat.audit.services import audit_record
from maklumat.compensation.models import (
    Claim,
    CompensationPolicy,
    Fulfilment,
    FulfilmentStatus,
    Outage,
    OutageScope,
    Remedy,
    SouvenirItem,
    SouvenirMovement,
)
from maklumat.compensation.selectors import application_decisions

COURIERS = ("Pos Indonesia", "J&T Express", "JNE", "SiCepat", "Petugas kantor")


# ----- outages -----------------------------------------------------------------------------

@transaction.atomic
def outage_record(*, actor, office, start: datetime, end: datetime | None, scope: str, note: str) -> Outage:
    """Enter a system disruption in the register."""
    if start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise ValidationError({"start": "waktu harus memuat zona waktu"})
    if end is not None and end <= start:
        raise ValidationError({"end": "waktu selesai harus setelah waktu mulai"})
    if scope not in OutageScope.values:
        raise ValidationError({"scope": f"cakupan tidak dikenal: {scope!r}"})
    if not note.strip():
        raise ValidationError({"note": "tuliskan keterangan gangguan (sistem apa, gejalanya)"})
    outage = Outage.objects.create(office=office, start=start, end=end, scope=scope, note=note.strip(),
                                   recorded_by=actor)
    audit_record(actor=actor, action="outage.record", obj=outage, office=office, summary=note.strip(),
                 after={"start": start.isoformat(), "end": end.isoformat() if end else None, "scope": scope})
    return outage


@transaction.atomic
def outage_close(*, actor, outage: Outage, end: datetime) -> Outage:
    """Record when an ongoing disruption ended."""
    outage = Outage.objects.select_for_update().get(pk=outage.pk)
    if outage.end is not None:
        raise ValidationError({"end": "gangguan ini sudah ditutup"})
    if end <= outage.start:
        raise ValidationError({"end": "waktu selesai harus setelah waktu mulai"})
    outage.end = end
    outage.save(update_fields=["end"])
    audit_record(actor=actor, action="outage.close", obj=outage, office=outage.office,
                 before={"end": None}, after={"end": end.isoformat()})
    return outage


# ----- claims ------------------------------------------------------------------------------

@transaction.atomic
def claim_record(*, actor, application: Application, policy: CompensationPolicy, note: str = "",
                 as_of: datetime | None = None) -> Claim:
    """Record a compensation claim (at the complaint room) for an eligible application.

    Refused when the application is not eligible under ``policy`` as of now, or when it was
    already claimed under it — also when two officers press the button at the same moment:
    the application row is locked and a unique constraint backs it up.
    """
    Application.objects.select_for_update().filter(pk=application.pk).first()
    if Claim.objects.filter(application=application, policy=policy).exists():
        raise ValidationError("Kompensasi untuk permohonan ini sudah diklaim; klaim tidak dapat dicatat dua kali.")
    as_of = as_of or timezone.now()
    decision = next((d for d in application_decisions(application, as_of=as_of) if d.policy == policy.code), None)
    if decision is None:
        raise ValidationError(f"Kebijakan {policy.code} tidak berlaku untuk permohonan ini.")
    if not decision.eligible:
        failed = [c.reason_id for c in decision.conditions if c.held is not True]
        raise ValidationError(
            f"Permohonan belum/tidak memenuhi syarat kompensasi ({decision.decision}): " + "; ".join(failed)
        )
    try:
        with transaction.atomic():
            # A policy that owes its remedy without a request (Muara Enim's delivery) is recorded by the office.
            place = "ruang pengaduan" if policy.claim_required else "inisiatif kantor"
            claim = Claim.objects.create(application=application, policy=policy, note=note, recorded_by=actor,
                                         place=place,
                                         decision={**decision.as_dict(), "as_of": as_of.isoformat()})
    except IntegrityError:
        raise ValidationError(
            "Kompensasi untuk permohonan ini sudah diklaim; klaim tidak dapat dicatat dua kali."
        ) from None
    Fulfilment.objects.bulk_create(Fulfilment(claim=claim, remedy=remedy, delivery_address=(
        application.applicant_address if remedy == Remedy.HOME_DELIVERY else "")) for remedy in decision.remedies)
    audit_record(actor=actor, action="claim.record", obj=claim, office=application.office,
                 summary=f"{application.number} {policy.code}: {', '.join(decision.remedies)}",
                 after=claim.decision)
    return claim


def _open_fulfilment(claim: Claim, remedy: str) -> Fulfilment:
    fulfilment = Fulfilment.objects.select_for_update().filter(claim=claim, remedy=remedy).first()
    if fulfilment is None:
        raise ValidationError(f"Klaim ini tidak memuat kompensasi {Remedy(remedy).label}.")
    if fulfilment.status == FulfilmentStatus.DONE:
        raise ValidationError(f"{Remedy(remedy).label} sudah diberikan.")
    return fulfilment


def _finish(fulfilment: Fulfilment, actor, fields: list[str], action: str, summary: str) -> Fulfilment:
    fulfilment.status = FulfilmentStatus.DONE
    fulfilment.fulfilled_at = timezone.now()
    fulfilment.fulfilled_by = actor
    fulfilment.save(update_fields=[*fields, "status", "fulfilled_at", "fulfilled_by"])
    audit_record(actor=actor, action=action, obj=fulfilment, office=fulfilment.claim.application.office,
                 summary=summary, after={"remedy": fulfilment.remedy, "status": fulfilment.status})
    return fulfilment


@transaction.atomic
def remedy_fulfil_apology(*, claim: Claim, actor) -> Fulfilment:
    """Issue the apology letter: give it its number; the PDF is rendered from the stored data."""
    fulfilment = _open_fulfilment(claim, Remedy.APOLOGY)
    office = claim.application.office
    year = timezone.localdate().year
    fulfilment.letter_number = f"KOMP-{office.code.upper()}/{year}/{claim.pk:05d}"
    return _finish(fulfilment, actor, ["letter_number"], "remedy.apology", fulfilment.letter_number)


@transaction.atomic
def remedy_fulfil_priority_service(*, claim: Claim, actor, ticket_number: str) -> Fulfilment:
    """Record the compensation-series queue number (e.g. K-003) the applicant was served with."""
    ticket_number = (ticket_number or "").strip()
    if not ticket_number:
        raise ValidationError({"ticket_number": "isi nomor antrian kompensasi (seri terpisah, mis. K-003)"})
    fulfilment = _open_fulfilment(claim, Remedy.PRIORITY_SERVICE)
    fulfilment.ticket_number = ticket_number[:20]
    return _finish(fulfilment, actor, ["ticket_number"], "remedy.priority_service", fulfilment.ticket_number)


@transaction.atomic
def remedy_issue_priority_ticket(*, claim: Claim, actor) -> Fulfilment:
    """Issue a number of the office's separate compensation series (seed 000 F.3) and record it.

    One transaction: if the fulfilment is refused (e.g. already given) the number is rolled
    back too, so the series stays gapless.
    """
    from maklumat.queueing.services import compensation_ticket_issue

    _open_fulfilment(claim, Remedy.PRIORITY_SERVICE)  # lock first: a refused claim draws no number
    ticket = compensation_ticket_issue(office=claim.application.office, actor=actor, application=claim.application)
    return remedy_fulfil_priority_service(claim=claim, actor=actor, ticket_number=ticket.display_number)


def souvenir_stock(item: SouvenirItem) -> int:
    return item.movements.aggregate(total=Sum("quantity"))["total"] or 0


@transaction.atomic
def souvenir_stock_receive(*, actor, item: SouvenirItem, quantity: int, reason: str) -> SouvenirMovement:
    """Add souvenirs to the stock ledger."""
    if quantity <= 0:
        raise ValidationError({"quantity": "jumlah harus lebih dari 0"})
    SouvenirItem.objects.select_for_update().get(pk=item.pk)
    movement = SouvenirMovement.objects.create(item=item, quantity=quantity, reason=reason or "penerimaan stok",
                                               by=actor)
    audit_record(actor=actor, action="souvenir.receive", obj=item, office=item.office,
                 summary=f"+{quantity} {item.name}", after={"stock": souvenir_stock(item)})
    return movement


@transaction.atomic
def remedy_fulfil_souvenir(*, claim: Claim, actor, item: SouvenirItem) -> Fulfilment:
    """Give one souvenir from the stock ledger; refused with a clear message when stock is out."""
    fulfilment = _open_fulfilment(claim, Remedy.SOUVENIR)
    if item.office_id != claim.application.office_id:
        raise ValidationError({"item": "suvenir ini bukan milik kantor permohonan"})
    SouvenirItem.objects.select_for_update().get(pk=item.pk)  # one giver at a time per item
    stock = souvenir_stock(item)
    if stock <= 0:
        raise ValidationError(
            f"Stok suvenir “{item.name}” habis (0). Catat penerimaan stok dulu atau pilih suvenir lain; "
            "kompensasi lain tetap dapat diberikan."
        )
    SouvenirMovement.objects.create(item=item, quantity=-1, reason=f"kompensasi {claim.application.number}",
                                    fulfilment=fulfilment, by=actor)
    return _finish(fulfilment, actor, [], "remedy.souvenir", f"{item.name} (sisa {stock - 1})")


@transaction.atomic
def remedy_dispatch_home_delivery(*, claim: Claim, actor, courier: str, tracking_number: str,
                                  address: str) -> Fulfilment:
    """Hand the finished passport to a courier for delivery to the applicant's home."""
    fulfilment = _open_fulfilment(claim, Remedy.HOME_DELIVERY)
    if fulfilment.status == FulfilmentStatus.DISPATCHED:
        raise ValidationError("Paspor sudah dikirim; catat penerimaannya.")
    errors = {}
    if not courier.strip():
        errors["courier"] = "pilih kurir"
    if not tracking_number.strip():
        errors["tracking_number"] = "isi nomor resi pengiriman"
    if not address.strip():
        errors["address"] = "isi alamat rumah pemohon"
    if errors:
        raise ValidationError(errors)
    fulfilment.courier, fulfilment.tracking_number = courier.strip(), tracking_number.strip()
    fulfilment.delivery_address = address.strip()
    fulfilment.dispatched_at = timezone.now()
    fulfilment.status = FulfilmentStatus.DISPATCHED
    fulfilment.save(update_fields=["courier", "tracking_number", "delivery_address", "dispatched_at", "status"])
    audit_record(actor=actor, action="remedy.home_delivery.dispatch", obj=fulfilment,
                 office=claim.application.office, summary=f"{fulfilment.courier} {fulfilment.tracking_number}",
                 after={"courier": fulfilment.courier, "tracking_number": fulfilment.tracking_number})
    return fulfilment


@transaction.atomic
def remedy_deliver_home_delivery(*, claim: Claim, actor, received_by: str,
                                 delivered_at: datetime | None = None) -> Fulfilment:
    """Record that the passport reached the applicant, who signed the receipt (step 11 of SOP 001)."""
    fulfilment = _open_fulfilment(claim, Remedy.HOME_DELIVERY)
    if fulfilment.status != FulfilmentStatus.DISPATCHED:
        raise ValidationError("Catat pengiriman (kurir dan nomor resi) sebelum penerimaan.")
    if not received_by.strip():
        raise ValidationError({"received_by": "isi nama penerima yang menandatangani tanda terima"})
    fulfilment.received_by = received_by.strip()
    fulfilment.delivered_at = delivered_at or timezone.now()
    return _finish(fulfilment, actor, ["received_by", "delivered_at"], "remedy.home_delivery.deliver",
                   f"diterima {fulfilment.received_by}")
