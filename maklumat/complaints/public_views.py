"""Public pages: the web complaint form, the status page (by tracking code) and the rating form.

Nothing personal is ever shown here, and nothing of a confidential complaint beyond its status.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import rules, services
from maklumat.complaints.forms import PublicComplaintForm, RatingForm, ReopenForm, add_service_errors
from maklumat.complaints.mail import TRACKING_RE
from maklumat.complaints.models import Channel, Complaint, Status
from maklumat.complaints.services.closing import answered_at
from maklumat.lib.ratelimit import public_rate_limit
from maklumat.offices.models import Office

# Public event kinds and how the status page names them (notes are never shown).
PUBLIC_EVENTS = {
    "opened": gettext_lazy("Pengaduan diterima"),
    "escalated": gettext_lazy("Diteruskan kepada pimpinan untuk ditangani"),
    "paused": gettext_lazy("Menunggu keterangan dari pelapor"),
    "resumed": gettext_lazy("Penanganan dilanjutkan"),
    "resolved": gettext_lazy("Pengaduan selesai ditangani; jawaban dikirim kepada pelapor"),
    "reopened": gettext_lazy("Dibuka kembali oleh pelapor"),
    "auto_closed": gettext_lazy("Ditutup: tidak ada tanggapan pelapor dalam 10 hari kerja setelah jawaban"),
}


@public_rate_limit("complaint_form", limit=20)
def submit(request):
    office_code = request.GET.get("kantor", "")[:60]  # the poster's QR code opens the form for its office
    initial = {"office": Office.objects.filter(code=office_code).first()} if office_code.isascii() else {}
    form = PublicComplaintForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_open(
                actor=None, office=data["office"], channel=Channel.WEB, subject=data["subject"],
                description=data["description"], confidential=data["confidential"], anonymous=data["anonymous"],
                category=data["category"], application=data["application_number"],
                incident_on=data["incident_on"], incident_place=data["incident_place"],
                attachments=data["attachments"],
                reporter=services.Reporter(data["reporter_name"], data["reporter_phone"], data["reporter_email"],
                                           data["reporter_address"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
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
    calendar = work_calendar_for(complaint.office)
    reopenable = rules.may_reopen(calendar, answered_at=answered_at(complaint),
                                  closed=complaint.closed_at is not None, now=timezone.now())
    if request.method == "POST" and request.POST.get("action") == "reopen":
        reopen_form = ReopenForm(request.POST)
        if reopen_form.is_valid():
            try:
                services.complaint_reopen(tracking_code=tracking, reason=reopen_form.cleaned_data["reason"])
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
            else:
                messages.success(request, _("Pengaduan dibuka kembali dan diteruskan kepada petugas."))
            return redirect("complaints:public_status", tracking=tracking)
    else:
        reopen_form = ReopenForm()
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
    tz = calendar.tz
    timeline = [] if complaint.confidential else [
        (event.at, PUBLIC_EVENTS[event.kind]) for event in complaint.events.filter(public=True).order_by("at", "id")
        if event.kind in PUBLIC_EVENTS]
    just_submitted = request.session.pop("complaint_submitted", None) == tracking
    return render(request, "complaints/public_status.html", {
        "complaint": complaint, "timeline": timeline, "tz": tz, "just_submitted": just_submitted,
        "rating_form": rating_form if complaint.status == Status.RESOLVED and complaint.rating is None else None,
        "reopen_form": reopen_form if reopenable else None,
        # the window ends at 24:00 of its last working day: print that day, not 00:00 of the next
        "reopen_last_day": (rules.reply_window_end(calendar, answered_at(complaint)) - timedelta(seconds=1)
                            if reopenable else None),
    })
