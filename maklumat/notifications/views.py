"""The office's delivery status page (role-gated) and the opt-out form on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.notifications.selectors import office_messages, status_counts
from maklumat.notifications.services import optout_record, optout_remove
from maklumat.offices.scoping import office_for


@login_required
def delivery_status(request, code: str):
    office = office_for(request.user, code, action="notifications.view")
    status = request.GET.get("status", "")[:20]
    page = Paginator(office_messages(office, status=status), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/status.html", {
        "office": office, "page": page, "status": status, "counts": status_counts(office)})


@login_required
@require_POST
def optout(request, code: str):
    office = office_for(request.user, code, action="notifications.optout_manage")
    contact = request.POST.get("contact", "")[:254]
    try:
        if request.POST.get("remove") == "1":
            removed = optout_remove(actor=request.user, office=office, contact=contact)
            messages.success(request, _("Kontak menerima notifikasi lagi.") if removed
                             else _("Kontak ini tidak pernah menolak notifikasi."))
        else:
            optout_record(actor=request.user, office=office, contact=contact,
                          reason=request.POST.get("reason", "")[:300])
            messages.success(request, _("Kontak tidak akan menerima notifikasi lagi."))
    except ValidationError as exc:
        for field_name, problems in exc.message_dict.items():
            messages.error(request, f"{field_name}: {'; '.join(problems)}")
    return redirect("notifications:status", code=office.code)
