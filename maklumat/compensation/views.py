"""Officer pages for compensation: the watchlist, decisions with reasons, claims, fulfilment,
the PDFs, the outage register and the souvenir stock."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, Role
from maklumat.applications.models import Application
from maklumat.applications.views import application_for
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation import services
from maklumat.compensation.models import Claim, CompensationPolicy, Outage, OutageScope, Remedy, SouvenirItem
from maklumat.compensation.pdf import apology_letter_pdf, delivery_receipt_pdf
from maklumat.compensation.selectors import (
    application_decisions,
    claim_for,
    outages_affecting,
    policy_rows_for,
    watchlist,
)
from maklumat.offices.scoping import get_scoped_or_404, office_for

CLAIM_RECORDERS = COMPLAINT_TEAM | {Role.ADMINISTRATOR}
FULFILLERS = COMPLAINT_TEAM | FRONT_DESK | {Role.ADMINISTRATOR}
OUTAGE_RECORDERS = COMPLAINT_TEAM | FRONT_DESK | MANAGEMENT | {Role.ADMINISTRATOR}
NATIONAL_OUTAGE_RECORDERS = MANAGEMENT | {Role.ADMINISTRATOR}
STOCK_KEEPERS = MANAGEMENT | {Role.PETUGAS_YANKOMAS, Role.ADMINISTRATOR}


def _require(user, roles) -> None:
    if not user.has_role(*roles):
        raise PermissionDenied


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, "; ".join(exc.messages))


def compensation_panel(request, application: Application, *, as_of: datetime) -> str:
    """The decisions on one application, condition by condition, for its detail page."""
    decisions = application_decisions(application, as_of=as_of)
    policies = {row.code: row for row in policy_rows_for(application.office)}
    claims = {claim.policy.code: claim for claim in application.claims.select_related("policy")}
    rows = [{"decision": d, "policy": policies.get(d.policy), "claim": claims.get(d.policy)} for d in decisions]
    html = render_to_string("compensation/_panel.html", {
        "rows": rows, "application": application, "office": application.office,
        "can_claim": request.user.has_role(*CLAIM_RECORDERS),
    }, request=request)
    return mark_safe(html)  # noqa: S308 — rendered by our own autoescaping template


@login_required
def watchlist_view(request, code: str):
    office = office_for(request.user, code)
    now = timezone.now()
    return render(request, "compensation/watchlist.html", {
        "office": office, "now": now, "lists": watchlist(office, as_of=now),
        "can_claim": request.user.has_role(*CLAIM_RECORDERS),
    })


@login_required
@require_POST
def claim_create(request, code: str, number: str):
    application = application_for(request.user, code, number)
    _require(request.user, CLAIM_RECORDERS)
    policy = CompensationPolicy.objects.filter(office=application.office, code=request.POST.get("policy")).first()
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


@login_required
def claim_detail(request, code: str, pk: int):
    claim = claim_for(request.user, code, pk)
    office = claim.application.office
    return render(request, "compensation/claim.html", {
        "office": office, "claim": claim, "application": claim.application,
        "fulfilments": list(claim.fulfilments.all()),
        "items": [(item, services.souvenir_stock(item)) for item in SouvenirItem.objects.filter(office=office)],
        "couriers": services.COURIERS, "can_fulfil": request.user.has_role(*FULFILLERS),
    })


@login_required
@require_POST
def claim_fulfil(request, code: str, pk: int, action: str):
    claim = claim_for(request.user, code, pk)
    _require(request.user, FULFILLERS)
    post = request.POST
    try:
        if action == "apology":
            services.remedy_fulfil_apology(claim=claim, actor=request.user)
        elif action == "priority_ticket":
            services.remedy_issue_priority_ticket(claim=claim, actor=request.user)
        elif action == "priority":
            services.remedy_fulfil_priority_service(claim=claim, actor=request.user,
                                                    ticket_number=post.get("ticket_number", ""))
        elif action == "souvenir":
            item = SouvenirItem.objects.filter(office=claim.application.office, pk=post.get("item") or 0).first()
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


@login_required
def outages_view(request, code: str):
    office = office_for(request.user, code)
    calendar = work_calendar_for(office)
    if request.method == "POST":
        _require(request.user, OUTAGE_RECORDERS)
        scope = request.POST.get("scope", OutageScope.OFFICE)
        if scope == OutageScope.NATIONAL:
            _require(request.user, NATIONAL_OUTAGE_RECORDERS)
        try:
            start = calendar.local(datetime.fromisoformat(request.POST.get("start", "")))
            raw_end = request.POST.get("end", "").strip()
            end = calendar.local(datetime.fromisoformat(raw_end)) if raw_end else None
            services.outage_record(actor=request.user, office=office, start=start, end=end, scope=scope,
                                   note=request.POST.get("note", ""))
        except ValueError:
            messages.error(request, _("Isi waktu mulai (dan selesai) dengan benar."))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Gangguan sistem dicatat."))
            return redirect("compensation:outages", code=office.code)
    return render(request, "compensation/outages.html", {
        "office": office, "outages": outages_affecting(office).order_by("-start")[:100],
        "can_record": request.user.has_role(*OUTAGE_RECORDERS),
        "can_record_national": request.user.has_role(*NATIONAL_OUTAGE_RECORDERS),
    })


@login_required
@require_POST
def outage_close(request, code: str, pk: int):
    office = office_for(request.user, code)
    _require(request.user, OUTAGE_RECORDERS)
    outage = get_scoped_or_404(Outage.objects.all(), request.user, pk=pk, office=office)
    try:
        services.outage_close(actor=request.user, outage=outage, end=timezone.now())
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("compensation:outages", code=office.code)


@login_required
def souvenirs_view(request, code: str):
    office = office_for(request.user, code)
    if request.method == "POST":
        _require(request.user, STOCK_KEEPERS)
        item = SouvenirItem.objects.filter(office=office, pk=request.POST.get("item") or 0).first()
        try:
            if item is None:
                item, _created = SouvenirItem.objects.get_or_create(office=office,
                                                                    name=request.POST.get("name", "").strip()[:120])
                if not item.name:
                    raise ValidationError(_("Isi nama suvenir."))
            services.souvenir_stock_receive(actor=request.user, item=item,
                                            quantity=int(request.POST.get("quantity") or 0),
                                            reason=request.POST.get("reason", ""))
        except ValueError:
            messages.error(request, _("Jumlah harus berupa angka."))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Stok suvenir ditambahkan."))
            return redirect("compensation:souvenirs", code=office.code)
    items = [(item, services.souvenir_stock(item)) for item in SouvenirItem.objects.filter(office=office)]
    claims = Claim.objects.filter(application__office=office).select_related("application", "policy")[:20]
    return render(request, "compensation/souvenirs.html", {
        "office": office, "items": items, "claims": claims, "can_keep": request.user.has_role(*STOCK_KEEPERS),
    })
