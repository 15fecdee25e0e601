"""Public pages: the web complaint form, the status page (by tracking code) and the rating form.

Nothing personal is ever shown here, and nothing of a confidential complaint beyond its status.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import services
from maklumat.complaints.forms import PublicComplaintForm, RatingForm
from maklumat.complaints.mail import TRACKING_RE
from maklumat.complaints.models import Channel, Complaint, Status
from maklumat.lib.ratelimit import public_rate_limit

# Public event kinds and how the status page names them (notes are never shown).
PUBLIC_EVENTS = {
    "opened": gettext_lazy("Pengaduan diterima"),
    "escalated": gettext_lazy("Diteruskan kepada pimpinan untuk ditangani"),
    "paused": gettext_lazy("Menunggu keterangan dari pelapor"),
    "resumed": gettext_lazy("Penanganan dilanjutkan"),
    "resolved": gettext_lazy("Pengaduan selesai ditangani; jawaban dikirim kepada pelapor"),
}


@public_rate_limit("complaint_form", limit=20)
def submit(request):
    form = PublicComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_open(
                actor=None, office=data["office"], channel=Channel.WEB, subject=data["subject"],
                description=data["description"], confidential=data["confidential"], anonymous=data["anonymous"],
                reporter=services.Reporter(data["reporter_name"], data["reporter_phone"], data["reporter_email"],
                                           data["reporter_address"]))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session["complaint_submitted"] = complaint.tracking_code
            return redirect("complaints:public_status", tracking=complaint.tracking_code)
    return render(request, "complaints/public_form.html", {"form": form})


@public_rate_limit("complaint_status", limit=30)
def status_lookup(request):
    code = request.GET.get("kode", "").strip().upper()
    if code:
        if TRACKING_RE.fullmatch(code) and Complaint.objects.filter(tracking_code=code).exists():
            return redirect("complaints:public_status", tracking=code)
        messages.error(request, _("Kode pelacakan tidak ditemukan. Periksa penulisannya, mis. ADU-7KQ3-M2XP."))
    return render(request, "complaints/public_lookup.html", {"code": code})


@public_rate_limit("complaint_status", limit=30)
def status(request, tracking: str):
    complaint = (Complaint.objects.select_related("office", "category").filter(tracking_code=tracking).first()
                 if TRACKING_RE.fullmatch(tracking) else None)
    if complaint is None:
        messages.error(request, _("Kode pelacakan tidak ditemukan."))
        return redirect("complaints:public_lookup")
    rating_form = RatingForm(request.POST or None)
    if request.method == "POST" and rating_form.is_valid():
        try:
            services.complaint_rate(tracking_code=tracking, rating=rating_form.cleaned_data["rating"],
                                    comment=rating_form.cleaned_data["comment"])
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Terima kasih atas penilaian Anda."))
        return redirect("complaints:public_status", tracking=tracking)
    tz = work_calendar_for(complaint.office).tz
    timeline = [] if complaint.confidential else [
        (event.at, PUBLIC_EVENTS[event.kind]) for event in complaint.events.filter(public=True).order_by("at", "id")
        if event.kind in PUBLIC_EVENTS]
    just_submitted = request.session.pop("complaint_submitted", None) == tracking
    return render(request, "complaints/public_status.html", {
        "complaint": complaint, "timeline": timeline, "tz": tz, "just_submitted": just_submitted,
        "rating_form": rating_form if complaint.status == Status.RESOLVED and complaint.rating is None else None,
    })
