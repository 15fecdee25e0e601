"""Staff pages of paid home delivery: the office's deliveries, and one application's delivery."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maklumat.accounts.permissions import may
from maklumat.applications import delivery as rules
from maklumat.applications.models import DeliveryStatus, HomeDelivery
from maklumat.applications.selectors import application_event_times
from maklumat.applications.services import home_delivery_deliver, home_delivery_dispatch, home_delivery_request
from maklumat.applications.views import application_for
from maklumat.lib import uploads
from maklumat.offices.scoping import office_for


@login_required
def delivery_list(request, code: str):
    """The office's home deliveries, those still waiting for the courier first."""
    office = office_for(request.user, code, action="applications.view")
    rows = (HomeDelivery.objects.filter(application__office=office).select_related("application")
            .order_by("status", "-requested_at")[:300])
    return render(request, "applications/delivery_list.html", {"office": office, "rows": rows})


def _cost(raw: str) -> int | None:
    raw = raw.strip().replace(".", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def _moment(application, raw: str) -> datetime | None:
    if not raw.strip():
        return None
    try:
        return application.office.localtime(datetime.fromisoformat(raw.strip()[:30]))
    except ValueError as exc:
        raise ValidationError({"at": _("Waktu tidak dikenali.")}) from exc


@login_required
def delivery_detail(request, code: str, number: str):
    """One application's delivery: request it, dispatch the ready passport, record the signed receipt."""
    application = application_for(request.user, code, number)
    item = HomeDelivery.objects.filter(application=application).first()
    if request.method == "POST":
        application = application_for(request.user, code, number, action="applications.delivery_manage")
        post, action = request.POST, request.POST.get("action", "")
        try:
            if action == "request":
                home_delivery_request(actor=request.user, application=application, courier=post.get("courier", ""),
                                      cost=_cost(post.get("cost", "")), address=post.get("address", ""))
            elif action == "dispatch" and item is not None:
                home_delivery_dispatch(actor=request.user, delivery_id=item.pk,
                                       tracking_number=post.get("tracking_number", ""),
                                       at=_moment(application, post.get("at", "")))
            elif action == "deliver" and item is not None:
                home_delivery_deliver(actor=request.user, delivery_id=item.pk, received_by=post.get("received_by", ""),
                                      receipt=request.FILES.get("receipt"),
                                      delivered_at=_moment(application, post.get("at", "")))
            else:
                raise ValidationError(_("Tindakan tidak dikenal."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Tersimpan."))
        return redirect("applications:delivery", code=application.office.code, number=application.number)
    ready_at = rules.passport_ready_at(application_event_times(application))
    return render(request, "applications/delivery.html", {
        "office": application.office, "application": application, "delivery": item, "ready_at": ready_at,
        "statuses": DeliveryStatus, "may_manage": may(request.user, "applications.delivery_manage"),
    })


@login_required
def delivery_receipt(request, code: str, number: str):
    """The signed receipt as stored (re-encoded, without metadata)."""
    application = application_for(request.user, code, number)
    item = HomeDelivery.objects.filter(application=application).first()
    if item is None or not item.receipt:
        raise Http404("no receipt")
    return FileResponse(item.receipt.open("rb"), content_type=uploads.CONTENT_TYPES[item.receipt_kind],
                        filename=f"tanda-terima-{application.number}.{uploads.SUFFIXES[item.receipt_kind]}")
