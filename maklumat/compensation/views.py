"""Officer pages for compensation: the watchlist, decisions with reasons, claims, fulfilment,
the PDFs, the outage register and the souvenir stock."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.applications.views import application_for
from maklumat.compensation import services
from maklumat.compensation.labels import policy_title
from maklumat.compensation.models import Claim, CompensationPolicy, Outage, OutageScope, Remedy, SouvenirItem
from maklumat.compensation.pdf import apology_letter_pdf, delivery_receipt_pdf
from maklumat.compensation.promises import biometric_wait_promise
from maklumat.compensation.rules.stock import offerable
from maklumat.compensation.selectors import (
    claim_for,
    outage_register,
    watchlist,
)
from maklumat.compensation.stock import low_of, low_stock_rows, souvenir_stock_rows
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import get_scoped_or_404, office_for
from maklumat.queueing.tickets import compensation_ticket, ticket_print_url


def _errors(request, exc: ValidationError) -> None:
    """Each message names its field, so the officer knows what to correct."""
    if hasattr(exc, "error_dict"):
        for field, problems in exc.message_dict.items():
            prefix = "" if field == "__all__" else f"{field}: "
            messages.error(request, prefix + "; ".join(problems))
    else:
        messages.error(request, "; ".join(exc.messages))


def _safe(value: str, max_length: int = 60) -> str:
    return "" if bad_text(value, max_length=max_length) else value


@login_required
def watchlist_view(request, code: str):
    office = office_for(request.user, code, action="compensation.view")
    now = timezone.now()
    promise = biometric_wait_promise(office, office.local_date(now))
    lists = watchlist(office, as_of=now)
    for rows in lists.values():
        for row in rows:
            row.policy_title = policy_title(row.policy_row)
    return render(request, "compensation/watchlist.html", {
        "office": office, "now": now, "lists": lists, "promise": promise,
        "warn_after": _duration(promise.warn_after) if promise else "",
        "limit": _duration(promise.limit) if promise else "",
        "low_stock": low_stock_rows(office),
    })


def _duration(span) -> str:
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(_("%(n)d jam") % {"n": hours})
    if minutes or not hours:
        parts.append(_("%(n)d menit") % {"n": minutes})
    return " ".join(parts)


@login_required
@require_POST
def claim_create(request, code: str, number: str):
    application = application_for(request.user, code, number, action="compensation.claim_record")
    policy = CompensationPolicy.objects.filter(office=application.office,
                                               code=_safe(request.POST.get("policy", ""))).first()
    if policy is None:
        raise Http404
    try:
        claim = services.claim_record(actor=request.user, application=application, policy=policy,
                                      note=request.POST.get("note", ""))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("applications:detail", code=application.office.code, number=application.number)
    messages.success(request, _("Klaim kompensasi dicatat."))
    return redirect("compensation:claim", code=application.office.code, pk=claim.pk)


def _with_ticket_links(claim, fulfilments: list) -> list:
    """Each priority-service fulfilment with a K number gets ``ticket_url``: its printable ticket."""
    back = reverse("compensation:claim", kwargs={"code": claim.application.office.code, "pk": claim.pk})
    for fulfilment in fulfilments:
        ticket = compensation_ticket(claim.application, fulfilment.ticket_number)
        fulfilment.ticket_url = ticket_print_url(ticket, back=back) if ticket is not None else ""
    return fulfilments


@login_required
def claim_detail(request, code: str, pk: int):
    claim = claim_for(request.user, code, pk)
    office = claim.application.office
    fulfilments = list(claim.fulfilments.all())
    from maklumat.compensation.labels import decision_rows

    return render(request, "compensation/claim.html", {
        "office": office, "claim": claim, "application": claim.application,
        "policy_title": policy_title(claim.policy),
        "decision_rows": decision_rows(claim.policy, (claim.decision or {}).get("conditions", []),
                                       service_name=claim.application.service.name),
        "fulfilments": _with_ticket_links(claim, fulfilments),
        **_souvenir_choice(office, claim, fulfilments),
        "couriers": services.COURIERS,
    })


def _souvenir_choice(office, claim: Claim, fulfilments) -> dict:
    """The souvenirs the desk may offer (in stock only), the low-stock alert, and when none is in stock,
    the claim's other remedies still to give (what the policy grants beside the souvenir: its data has
    no substitute for it, so the souvenir stays owed until stock arrives)."""
    rows = souvenir_stock_rows(office)
    stocks = {row.item.pk: row.stock for row in rows}
    in_stock = [row for row in rows if row.item.pk in offerable(stocks)]
    owes_souvenir = any(f.remedy == Remedy.SOUVENIR and not f.is_done for f in fulfilments)
    instead = [f for f in fulfilments if f.remedy != Remedy.SOUVENIR and not f.is_done
               and f.remedy in claim.policy.remedies]
    return {"items": in_stock, "low_stock": low_of(rows) if owes_souvenir else [],
            "souvenir_out": owes_souvenir and not in_stock, "instead": instead}


@login_required
@require_POST
def claim_fulfil(request, code: str, pk: int, action: str):
    office = office_for(request.user, code, action="compensation.remedy_fulfil")
    claim = claim_for(request.user, code, pk)
    post = request.POST
    try:
        if action == "apology":
            services.remedy_fulfil_apology(claim=claim, actor=request.user)
        elif action == "priority_ticket":
            fulfilment = services.remedy_issue_priority_ticket(claim=claim, actor=request.user)
            ticket = compensation_ticket(claim.application, fulfilment.ticket_number)
            if ticket is not None:  # straight to the printable K ticket; "Selesai" comes back to the claim
                messages.success(request, _("Pemberian kompensasi dicatat."))
                back = reverse("compensation:claim", kwargs={"code": office.code, "pk": claim.pk})
                return redirect(ticket_print_url(ticket, back=back))
        elif action == "priority":
            services.remedy_fulfil_priority_service(claim=claim, actor=request.user,
                                                    ticket_number=post.get("ticket_number", ""))
        elif action == "souvenir":
            item = SouvenirItem.objects.filter(office=claim.application.office, pk=_int(post.get("item"))).first()
            if item is None:
                raise ValidationError(_("Pilih suvenir."))
            services.remedy_fulfil_souvenir(claim=claim, actor=request.user, item=item)
        elif action == "dispatch":
            services.remedy_dispatch_home_delivery(claim=claim, actor=request.user, courier=post.get("courier", ""),
                                                   tracking_number=post.get("tracking_number", ""),
                                                   address=post.get("address", ""))
        elif action == "deliver":
            services.remedy_deliver_home_delivery(claim=claim, actor=request.user,
                                                  received_by=post.get("received_by", ""))
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Pemberian kompensasi dicatat."))
    return redirect("compensation:claim", code=claim.application.office.code, pk=claim.pk)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def apology_letter(request, code: str, pk: int):
    claim = claim_for(request.user, code, pk)
    fulfilment = claim.fulfilments.filter(remedy=Remedy.APOLOGY, status="done").first()
    if fulfilment is None:
        raise Http404
    return _pdf(apology_letter_pdf(fulfilment), f"surat-maaf-{claim.application.number}.pdf")


@login_required
def delivery_receipt(request, code: str, pk: int):
    claim = claim_for(request.user, code, pk)
    fulfilment = claim.fulfilments.filter(remedy=Remedy.HOME_DELIVERY).exclude(status="open").first()
    if fulfilment is None:
        raise Http404
    return _pdf(delivery_receipt_pdf(fulfilment), f"tanda-terima-antar-paspor-{claim.application.number}.pdf")


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _typed_moment(office, raw: str, field: str):
    """A time typed in the form (office time unless it carries an offset); the error names the field."""
    try:
        if bad_text(raw, max_length=60):
            raise ValueError(raw)
        moment = datetime.fromisoformat(raw)
    except (ValueError, OverflowError):
        shown = raw[:40].replace("\x00", "")
        raise ValidationError({field: _("waktu tidak dikenali: %(value)s") % {"value": shown}}) from None
    # An offset typed with the time is kept as typed, so the service can refuse one beyond ±14:00.
    return moment if moment.tzinfo is not None else office.localtime(moment)


@login_required
def outages_view(request, code: str):
    office = office_for(request.user, code, action="compensation.view")
    if request.method == "POST":
        office_for(request.user, code, action="compensation.outage_record")
        scope = _safe(request.POST.get("scope", OutageScope.OFFICE), 20)
        try:
            start = _typed_moment(office, request.POST.get("start", "").strip()[:60], "start")
            raw_end = request.POST.get("end", "").strip()[:60]
            end = _typed_moment(office, raw_end, "end") if raw_end else None
            services.outage_record(actor=request.user, office=office, start=start, end=end, scope=scope,
                                   note=request.POST.get("note", ""))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Gangguan sistem dicatat."))
            return redirect("compensation:outages", code=office.code)
    rows = []
    for outage in outage_register(office).order_by("-recorded_at")[:100]:
        rows.append({"outage": outage, "start": _shown(office, outage.start), "end": _shown(office, outage.end)})
    return render(request, "compensation/outages.html", {"office": office, "rows": rows})


def _shown(office, moment):
    """A stored moment on the office clock, or None when it is implausible (the page says so)."""
    from maklumat.applications.selectors import is_sane_moment

    if moment is None or not is_sane_moment(moment):
        return None
    return office.localtime(moment)


@login_required
@require_POST
def outage_close(request, code: str, pk: int):
    office = office_for(request.user, code, action="compensation.outage_record")
    outage = get_scoped_or_404(Outage.objects.all(), request.user, pk=pk, office=office)
    try:
        services.outage_close(actor=request.user, outage=outage, end=timezone.now())
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("compensation:outages", code=office.code)


@login_required
@require_POST
def outage_void(request, code: str, pk: int):
    office = office_for(request.user, code, action="compensation.outage_void")
    outage = get_scoped_or_404(Outage.all_objects.all(), request.user, pk=pk, office=office)
    try:
        services.outage_void(actor=request.user, office=office, outage=outage, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Gangguan dibatalkan; tidak lagi dihitung."))
    return redirect("compensation:outages", code=office.code)


def _amount(value, field: str, message: str) -> int | None:
    """A whole number typed in a form (empty → None); anything else is refused naming the field."""
    raw = (value or "").strip().replace(".", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:  # "²" is a digit int() refuses
        raise ValidationError({field: message})
    return int(raw)


@login_required
def souvenirs_view(request, code: str):
    office = office_for(request.user, code, action="compensation.view")
    if request.method == "POST":
        office_for(request.user, code, action="compensation.stock_keep")
        try:
            quantity = _amount(request.POST.get("quantity"), "quantity", _("jumlah harus berupa angka lebih dari 0"))
            if not quantity:
                raise ValidationError({"quantity": _("jumlah harus berupa angka lebih dari 0")})
            unit_cost = _amount(request.POST.get("unit_cost"), "unit_cost",
                                _("harga satuan harus berupa angka rupiah, mis. 15000"))
            with transaction.atomic():
                item = SouvenirItem.objects.filter(office=office, pk=_int(request.POST.get("item"))).first()
                if item is None:
                    item = services.souvenir_item_create(actor=request.user, office=office,
                                                         name=request.POST.get("name", ""))
                services.souvenir_stock_receive(actor=request.user, item=item, quantity=quantity,
                                                unit_cost=unit_cost, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Stok suvenir ditambahkan."))
            return redirect("compensation:souvenirs", code=office.code)
    rows = souvenir_stock_rows(office)
    claims = Claim.objects.filter(application__office=office).select_related("application", "policy")[:20]
    return render(request, "compensation/souvenirs.html", {
        "office": office, "items": rows, "claims": claims, "low_stock": low_of(rows)})


@login_required
@require_POST
def souvenir_threshold(request, code: str, pk: int):
    office = office_for(request.user, code, action="compensation.stock_keep")
    item = get_scoped_or_404(SouvenirItem.objects.all(), request.user, pk=pk, office=office)
    try:
        threshold = _amount(request.POST.get("threshold"), "threshold",
                            _("batas stok menipis harus berupa angka, 0 atau lebih"))
        if threshold is None:
            raise ValidationError({"threshold": _("isi batas stok menipis")})
        services.souvenir_threshold_set(actor=request.user, item=item, threshold=threshold)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Batas stok menipis %(name)s: %(n)s.") % {"name": item.name, "n": threshold})
    return redirect("compensation:souvenirs", code=office.code)
