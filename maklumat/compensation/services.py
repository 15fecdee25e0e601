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

from maklumat.applications import delivery as delivery_rules
from maklumat.applications.models import Application
from maklumat.applications.selectors import application_event_times
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
from maklumat.compensation.rules.stock import is_low
from maklumat.compensation.selectors import application_decisions
from maklumat.lib.validation import bad_text, implausible_moment
from maklumat.offices.scoping import authorize_in_office

COURIERS = ("Pos Indonesia", "J&T Express", "JNE", "SiCepat", "Petugas kantor")


def _authorize(actor, office, action: str) -> None:
    """404 outside the actor's reach, 403 for a role that may not ``action`` (``actor=None``: the system)."""
    if actor is not None:
        authorize_in_office(actor, office, action)


def _text_errors(errors: dict, **fields: tuple[str, int]) -> None:
    for field, (value, max_length) in fields.items():
        problem = bad_text(value or "", max_length=max_length)
        if problem:
            errors[field] = problem


def check_outage(*, start: datetime, end: datetime | None, scope: str, note: str,
                 now: datetime | None = None) -> dict[str, str]:
    """Why an outage cannot be entered, per field (empty when it can): moments in a sane window
    (year 2000 on, not in the future, offsets within ±14:00), end after start, a known scope and a note."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    for field, moment in (("start", start), ("end", end)):
        if moment is None:
            continue
        problem = implausible_moment(moment, now=now)
        if problem:
            errors[field] = problem
    if not errors and end is not None and end <= start:
        errors["end"] = "waktu selesai harus setelah waktu mulai"
    if scope not in OutageScope.values:
        errors["scope"] = f"cakupan tidak dikenal: {scope[:30]!r}"
    if not (note or "").strip():
        errors["note"] = "tuliskan keterangan gangguan (sistem apa, gejalanya)"
    _text_errors(errors, note=(note, 300))
    return errors


# ----- outages -----------------------------------------------------------------------------

@transaction.atomic
def outage_record(*, actor, office, start: datetime, end: datetime | None, scope: str, note: str) -> Outage:
    """Enter a system disruption in the register (a national one only by management)."""
    _authorize(actor, office, "compensation.outage_record")
    if scope == OutageScope.NATIONAL:
        _authorize(actor, office, "compensation.outage_record_national")
    errors = check_outage(start=start, end=end, scope=scope, note=note)
    if errors:
        raise ValidationError(errors)
    outage = Outage.objects.create(office=office, start=start, end=end, scope=scope, note=note.strip(),
                                   recorded_by=actor)
    audit_record(actor=actor, action="outage.record", obj=outage, office=office, summary=note.strip(),
                 after={"start": start.isoformat(), "end": end.isoformat() if end else None, "scope": scope})
    return outage


@transaction.atomic
def outage_close(*, actor, outage: Outage, end: datetime) -> Outage:
    """Record when an ongoing disruption ended."""
    _authorize(actor, outage.office, "compensation.outage_record")
    outage = Outage.objects.select_for_update().get(pk=outage.pk)
    if outage.end is not None:
        raise ValidationError({"end": "gangguan ini sudah ditutup"})
    problem = implausible_moment(end, now=timezone.now())
    if problem:
        raise ValidationError({"end": problem})
    if end <= outage.start:
        raise ValidationError({"end": "waktu selesai harus setelah waktu mulai"})
    outage.end = end
    outage.save(update_fields=["end"])
    audit_record(actor=actor, action="outage.close", obj=outage, office=outage.office,
                 before={"end": None}, after={"end": end.isoformat()})
    return outage


@transaction.atomic
def outage_void(*, actor, office, outage: Outage, reason: str) -> Outage:
    """Void an outage entered by mistake (Kasubsi or above, of the office that recorded it). The row
    stays in the register, marked and audited with the reason, and no longer excludes anything."""
    _authorize(actor, office, "compensation.outage_void")
    if outage.office_id != office.pk:
        raise ValidationError({"outage": "gangguan ini dicatat kantor lain"})
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "tuliskan alasan pembatalan"
    _text_errors(errors, reason=(reason, 300))
    if errors:
        raise ValidationError(errors)
    outage = Outage.all_objects.select_for_update().get(pk=outage.pk)
    if outage.voided_at is not None:
        raise ValidationError({"outage": "gangguan ini sudah dibatalkan"})
    outage.voided_at, outage.voided_by, outage.void_reason = timezone.now(), actor, reason
    outage.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(actor=actor, action="outage.void", obj=outage, office=outage.office, summary=reason,
                 before={"start": outage.start.isoformat(), "voided": False},
                 after={"voided": True, "reason": reason})
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
    _authorize(actor, application.office, "compensation.claim_record")
    errors: dict[str, str] = {}
    _text_errors(errors, note=(note, 300))
    if errors:
        raise ValidationError(errors)
    if policy.office_id != application.office_id:
        raise ValidationError({"policy": "kebijakan ini bukan milik kantor permohonan"})
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


def _open_fulfilment(claim: Claim, remedy: str, actor) -> Fulfilment:
    _authorize(actor, claim.application.office, "compensation.remedy_fulfil")
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
    fulfilment = _open_fulfilment(claim, Remedy.APOLOGY, actor)
    office = claim.application.office
    year = office.local_date().year
    fulfilment.letter_number = f"KOMP-{office.code.upper()}/{year}/{claim.pk:05d}"
    return _finish(fulfilment, actor, ["letter_number"], "remedy.apology", fulfilment.letter_number)


@transaction.atomic
def remedy_fulfil_priority_service(*, claim: Claim, actor, ticket_number: str) -> Fulfilment:
    """Record the compensation-series queue number (e.g. K-003) the applicant was served with."""
    ticket_number = (ticket_number or "").strip()
    problem = bad_text(ticket_number, max_length=20)
    if problem:
        raise ValidationError({"ticket_number": problem})
    if not ticket_number:
        raise ValidationError({"ticket_number": "isi nomor antrian kompensasi (seri terpisah, mis. K-003)"})
    fulfilment = _open_fulfilment(claim, Remedy.PRIORITY_SERVICE, actor)
    fulfilment.ticket_number = ticket_number[:20]
    return _finish(fulfilment, actor, ["ticket_number"], "remedy.priority_service", fulfilment.ticket_number)


@transaction.atomic
def remedy_issue_priority_ticket(*, claim: Claim, actor) -> Fulfilment:
    """Issue a number of the office's separate compensation series (seed 000 F.3) and record it.

    One transaction: if the fulfilment is refused (e.g. already given) the number is rolled
    back too, so the series stays gapless.
    """
    from maklumat.queueing.services import compensation_ticket_issue

    _open_fulfilment(claim, Remedy.PRIORITY_SERVICE, actor)  # lock first: a refused claim draws no number
    ticket = compensation_ticket_issue(office=claim.application.office, actor=actor, application=claim.application)
    return remedy_fulfil_priority_service(claim=claim, actor=actor, ticket_number=ticket.display_number)


def souvenir_stock(item: SouvenirItem) -> int:
    return item.movements.aggregate(total=Sum("quantity"))["total"] or 0


@transaction.atomic
def souvenir_item_create(*, actor, office, name: str) -> SouvenirItem:
    """Add a kind of souvenir to the office's stock list (audited); the same name twice is refused."""
    _authorize(actor, office, "compensation.stock_keep")
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "isi nama suvenir"
    _text_errors(errors, name=(name, SouvenirItem._meta.get_field("name").max_length))
    if errors:
        raise ValidationError(errors)
    if SouvenirItem.objects.filter(office=office, name__iexact=name).exists():
        raise ValidationError({"name": f"suvenir “{name}” sudah ada; pilih dari daftar"})
    item = SouvenirItem.objects.create(office=office, name=name)
    audit_record(actor=actor, action="souvenir.create", obj=item, office=office, summary=name,
                 after={"name": name})
    return item


# Receiving more than this at once is a typing mistake (an extra zero), not a delivery.
MAX_STOCK_RECEIPT = 100_000
# A souvenir's price above this is a typing mistake (Rp 10 million for a key ring).
MAX_UNIT_COST = 10_000_000


def _unit_cost_problem(unit_cost: int | None) -> str | None:
    if unit_cost is None:
        return None
    if isinstance(unit_cost, bool) or not isinstance(unit_cost, int) or unit_cost < 0:
        return "harga satuan harus berupa angka rupiah, 0 atau lebih"
    if unit_cost > MAX_UNIT_COST:
        return f"harga satuan paling tinggi Rp {MAX_UNIT_COST:,}".replace(",", ".")
    return None


@transaction.atomic
def souvenir_stock_receive(*, actor, item: SouvenirItem, quantity: int, reason: str,
                           unit_cost: int | None = None) -> SouvenirMovement:
    """Receive souvenirs into the stock ledger (stock intake), with the price paid for one.

    The price is stamped on the ledger line and becomes the item's unit cost (what the next gifts
    cost); a receipt without a price keeps the item's price. Audited with the stock before and after.
    """
    _authorize(actor, item.office, "compensation.stock_keep")
    errors: dict[str, str] = {}
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        errors["quantity"] = "jumlah harus lebih dari 0"
    elif quantity > MAX_STOCK_RECEIPT:
        errors["quantity"] = f"jumlah paling banyak {MAX_STOCK_RECEIPT}"
    problem = _unit_cost_problem(unit_cost)
    if problem:
        errors["unit_cost"] = problem
    _text_errors(errors, reason=(reason, 200))
    if errors:
        raise ValidationError(errors)
    item = SouvenirItem.objects.select_for_update().get(pk=item.pk)
    before = {"stock": souvenir_stock(item), "unit_cost": item.unit_cost}
    if unit_cost is not None and unit_cost != item.unit_cost:
        item.unit_cost = unit_cost
        item.save(update_fields=["unit_cost"])
    movement = SouvenirMovement.objects.create(item=item, quantity=quantity, unit_cost=unit_cost,
                                               reason=(reason or "").strip() or "penerimaan stok", by=actor)
    price = f" @ Rp {unit_cost:,}".replace(",", ".") if unit_cost is not None else ""
    audit_record(actor=actor, action="souvenir.receive", obj=item, office=item.office,
                 summary=f"+{quantity} {item.name}{price}", before=before,
                 after={"stock": before["stock"] + quantity, "unit_cost": item.unit_cost})
    return movement


@transaction.atomic
def souvenir_threshold_set(*, actor, item: SouvenirItem, threshold: int) -> SouvenirItem:
    """Set the stock at or below which the desk shows the low-stock alert for ``item`` (audited)."""
    _authorize(actor, item.office, "compensation.stock_keep")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise ValidationError({"threshold": "batas stok menipis harus berupa angka, 0 atau lebih"})
    if threshold > MAX_STOCK_RECEIPT:
        raise ValidationError({"threshold": f"batas stok menipis paling tinggi {MAX_STOCK_RECEIPT}"})
    item = SouvenirItem.objects.select_for_update().get(pk=item.pk)
    before = item.low_stock_threshold
    if before == threshold:
        return item
    item.low_stock_threshold = threshold
    item.save(update_fields=["low_stock_threshold"])
    audit_record(actor=actor, action="souvenir.threshold", obj=item, office=item.office,
                 summary=f"{item.name}: batas stok menipis {before} → {threshold}",
                 before={"low_stock_threshold": before}, after={"low_stock_threshold": threshold})
    return item


@transaction.atomic
def remedy_fulfil_souvenir(*, claim: Claim, actor, item: SouvenirItem) -> Fulfilment:
    """Give one souvenir from the stock ledger at the item's price; refused with a clear message when
    its stock is out. The item row is locked before the stock is counted, so two desks giving the last
    one at the same moment give it once: the second counts after the first committed and is refused."""
    fulfilment = _open_fulfilment(claim, Remedy.SOUVENIR, actor)
    if item.office_id != claim.application.office_id:
        raise ValidationError({"item": "suvenir ini bukan milik kantor permohonan"})
    item = SouvenirItem.objects.select_for_update().get(pk=item.pk)  # one giver at a time per item
    stock = souvenir_stock(item)
    if stock <= 0:
        raise ValidationError(
            f"Stok suvenir “{item.name}” habis (0). Catat penerimaan stok dulu atau pilih suvenir lain; "
            "kompensasi lain tetap dapat diberikan."
        )
    SouvenirMovement.objects.create(item=item, quantity=-1, unit_cost=item.unit_cost,
                                    reason=f"kompensasi {claim.application.number}", fulfilment=fulfilment, by=actor)
    left = stock - 1
    low = " — stok menipis" if is_low(left, item.low_stock_threshold) else ""
    return _finish(fulfilment, actor, [], "remedy.souvenir", f"{item.name} (sisa {left}){low}")


@transaction.atomic
def remedy_dispatch_home_delivery(*, claim: Claim, actor, courier: str, tracking_number: str,
                                  address: str) -> Fulfilment:
    """Hand the finished passport to a courier for delivery to the applicant's home."""
    fulfilment = _open_fulfilment(claim, Remedy.HOME_DELIVERY, actor)
    if fulfilment.status == FulfilmentStatus.DISPATCHED:
        raise ValidationError("Paspor sudah dikirim; catat penerimaannya.")
    errors: dict[str, str] = {}
    _text_errors(errors, courier=(courier, 60), tracking_number=(tracking_number, 60), address=(address, 2000))
    if not courier.strip():
        errors["courier"] = "pilih kurir"
    if not tracking_number.strip():
        errors["tracking_number"] = "isi nomor resi pengiriman"
    if not address.strip():
        errors["address"] = "isi alamat rumah pemohon"
    # The same readiness rule as a paid delivery (applications.delivery): only a ready passport leaves.
    now = timezone.now()
    problem = delivery_rules.dispatch_problem(
        ready_at=delivery_rules.passport_ready_at(application_event_times(claim.application)), at=now)
    if problem:
        errors["at"] = problem
    if errors:
        raise ValidationError(errors)
    fulfilment.courier, fulfilment.tracking_number = courier.strip(), tracking_number.strip()
    fulfilment.delivery_address = address.strip()
    fulfilment.dispatched_at = now
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
    fulfilment = _open_fulfilment(claim, Remedy.HOME_DELIVERY, actor)
    if fulfilment.status != FulfilmentStatus.DISPATCHED:
        raise ValidationError("Catat pengiriman (kurir dan nomor resi) sebelum penerimaan.")
    errors: dict[str, str] = {}
    _text_errors(errors, received_by=(received_by, 200))
    if not received_by.strip():
        errors["received_by"] = "isi nama penerima yang menandatangani tanda terima"
    now = timezone.now()
    problem = delivery_rules.receipt_problem(dispatched_at=fulfilment.dispatched_at,
                                             delivered_at=delivered_at or now, now=now)
    if problem:
        errors["delivered_at"] = problem
    if errors:
        raise ValidationError(errors)
    fulfilment.received_by = received_by.strip()
    fulfilment.delivered_at = delivered_at or now
    return _finish(fulfilment, actor, ["received_by", "delivered_at"], "remedy.home_delivery.deliver",
                   f"diterima {fulfilment.received_by}")
