"""The kiosk at the entrance and the printed ticket.

The kiosk runs in its own kiosk session: a paired device (``kiosk_devices``) proves itself with its
cookie, never with a staff login. A staff session found in a kiosk's browser is ended, so a visitor
at the kiosk can never reach a staff page; a browser without a paired device is refused. The
ticket the kiosk just issued opens through a signed link only that device can follow (for half an
hour, to print again); staff open any ticket of their office through the staff route.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.lib import areas
from maklumat.lib.ratelimit import public_rate_limit
from maklumat.offices.models import Office
from maklumat.offices.scoping import get_scoped_or_404, office_for
from maklumat.queueing import selectors, services
from maklumat.queueing.forms import CheckInForm, KioskForm
from maklumat.queueing.kiosk_devices import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    PAIRING_MINUTES,
    KioskDevice,
    KioskError,
    kiosk_device_of,
    kiosk_device_pair,
    kiosk_device_register,
    kiosk_device_revoke,
)
from maklumat.queueing.models import Series, Step, Ticket, TicketClassChoices
from maklumat.queueing.services import QueueError
from maklumat.queueing.views import _render

TICKET_LINK_SALT = "queueing.kiosk-ticket"
# How long the kiosk may reopen (print again) the ticket it just issued.
TICKET_LINK_SECONDS = 30 * 60


def queue_path(office) -> str:
    """The office's queue pages: the kiosk cookie is sent there and nowhere else."""
    return reverse("queueing:overview", kwargs={"code": office.code})


def _device(request, office) -> KioskDevice | None:
    """The paired device this browser is, for ``office``; a staff session in a kiosk's browser is ended."""
    device = kiosk_device_of(request.COOKIES.get(COOKIE_NAME, ""), office)
    if device is not None and request.user.is_authenticated:
        logout(request)
    return device


def _not_paired(request, office) -> HttpResponse:
    return _render(request, office, "queueing/kiosk_unpaired.html", {}, status=403)


def _kiosk_choices(office):
    walk_in = [s for s in Series.objects.filter(office=office, walk_in_allowed=True)
               if s.ticket_class != TicketClassChoices.COMPENSATION]
    classes = []
    for series in walk_in:
        if series.ticket_class not in [c for c, _ in classes]:
            classes.append((series.ticket_class, series))
    return selectors.kiosk_steps(office), classes


def _kiosk_page(request, office, device, *, error=None, checkin_form=None) -> HttpResponse:
    steps, classes = _kiosk_choices(office)
    return _render(request, office, "queueing/kiosk.html", {
        "steps": steps, "classes": classes, "error": error, "checkin_form": checkin_form or CheckInForm(),
        "device": device}, status=400 if error else 200)


def _ticket_link(office, ticket, device) -> str:
    signed = signing.dumps([ticket.pk, device.pk], salt=TICKET_LINK_SALT, compress=True)
    return reverse("queueing:kiosk_ticket", kwargs={"code": office.code, "signed": signed}) + "?print=1"


@public_rate_limit("kiosk", limit=600)
def kiosk(request, code: str):
    """Touch screen at the entrance: pick a service and a class, or check in an M-Paspor booking."""
    office = get_object_or_404(Office, code=code)
    device = _device(request, office)
    if device is None:
        return _not_paired(request, office)
    if request.method != "POST":
        return _kiosk_page(request, office, device)
    form = KioskForm(request.POST)
    if not form.is_valid():
        error = _("Nomor telepon tidak valid: 8–15 angka.") if "phone" in form.errors else _("Pilihan tidak valid.")
        return _kiosk_page(request, office, device, error=error)
    step = Step.objects.filter(office=office, pk=form.cleaned_data["step"]).first()
    if step is None:
        return _kiosk_page(request, office, device, error=_("Layanan tidak ditemukan."))
    try:
        ticket = services.kiosk_ticket_issue(office=office, actor=device, step=step,
                                             ticket_class=form.cleaned_data["ticket_class"],
                                             phone=form.cleaned_data["phone"])
    except QueueError as exc:
        return _kiosk_page(request, office, device, error=exc.message)
    return redirect(_ticket_link(office, ticket, device))


@public_rate_limit("kiosk", limit=600)
@require_POST
def kiosk_check_in(request, code: str):
    office = get_object_or_404(Office, code=code)
    device = _device(request, office)
    if device is None:
        return _not_paired(request, office)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _kiosk_page(request, office, device, checkin_form=form,
                           error=_("Isi kode booking M-Paspor (dan nomor telepon yang valid bila diisi)."))
    try:
        ticket = services.booking_check_in(office=office, actor=device, code=form.cleaned_data["code"],
                                           phone=form.cleaned_data["phone"])
    except QueueError as exc:
        return _kiosk_page(request, office, device, checkin_form=form, error=exc.message)
    return redirect(_ticket_link(office, ticket, device))


@public_rate_limit("kiosk", limit=600)
def kiosk_ticket(request, code: str, signed: str):
    """The ticket the kiosk just issued, reopened only by that device for ``TICKET_LINK_SECONDS``."""
    office = get_object_or_404(Office, code=code)
    device = _device(request, office)
    if device is None:
        return _not_paired(request, office)
    try:
        ticket_id, device_id = signing.loads(signed, salt=TICKET_LINK_SALT, max_age=TICKET_LINK_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404("ticket link") from None
    if device_id != device.pk:
        raise Http404("ticket link")
    ticket = get_object_or_404(Ticket.objects.select_related("series", "step", "application"), pk=ticket_id,
                               office=office)
    return _ticket_page(request, office, ticket, done_url=reverse("queueing:kiosk", kwargs={"code": office.code}))


@login_required
def ticket_view(request, code: str, ticket_id: int):
    """The printable ticket of any number of the office (officer-issued, compensation K numbers)."""
    office = office_for(request.user, code, action="queueing.ticket_issue")
    ticket = get_object_or_404(Ticket.objects.select_related("series", "step", "application"), pk=ticket_id,
                               office=office)
    return _ticket_page(request, office, ticket, done_url=request.GET.get("kembali", "")
                        or reverse("queueing:overview", kwargs={"code": office.code}))


def _ticket_page(request, office, ticket: Ticket, *, done_url: str) -> HttpResponse:
    """Number, class, service, estimated wait, time taken (office time), and the survey QR with its code."""
    from maklumat.lib.security import safe_next

    wait = selectors.estimated_wait(office, ticket.step, ticket.ticket_class, ticket=ticket)
    ahead = selectors.waiting_counts(office, ticket.day).get(ticket.step_id, {})
    return _render(request, office, "queueing/ticket.html", {
        "ticket": ticket, "wait_minutes": wait, "issued": office.localtime(ticket.issued_at),
        "waiting_total": max(0, sum(ahead.values()) - 1), "auto_print": request.GET.get("print") == "1",
        "survey": areas.ask("surveys", "ticket_survey", request, office, ticket),
        "done_url": safe_next(request, done_url, reverse("queueing:overview", kwargs={"code": office.code})),
    })


# --- pairing: management registers a device, the machine types the code --------------------------

@login_required
def devices(request, code: str):
    """The office's kiosk devices: register one (its pairing code is shown once), revoke one."""
    office = office_for(request.user, code, action="queueing.kiosk_pair")
    new_code = None
    if request.method == "POST":
        try:
            device, new_code = kiosk_device_register(actor=request.user, office=office,
                                                     name=request.POST.get("name", ""))
        except KioskError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Perangkat “%(name)s” didaftarkan. Ketik kode pasang di perangkat itu "
                                        "dalam %(minutes)d menit.") % {"name": device.name,
                                                                       "minutes": PAIRING_MINUTES})
    listed = list(KioskDevice.objects.filter(office=office).select_related("registered_by", "revoked_by"))
    return _render(request, office, "queueing/kiosk_devices.html", {
        "devices": listed, "new_code": new_code, "pair_url": request.build_absolute_uri(reverse("queueing:kiosk_pair")),
        "minutes": PAIRING_MINUTES}, status=400 if request.method == "POST" and new_code is None else 200)


@login_required
@require_POST
def device_revoke(request, code: str, device_id: int):
    office = office_for(request.user, code, action="queueing.kiosk_pair")
    device = get_scoped_or_404(KioskDevice.objects.select_related("office"), request.user, id=device_id,
                               office=office)
    try:
        kiosk_device_revoke(actor=request.user, device=device)
    except KioskError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Perangkat “%(name)s” dicabut.") % {"name": device.name})
    return redirect("queueing:kiosk_devices", code=office.code)


@public_rate_limit("kiosk_pair", limit=20)
def pair(request):
    """On the kiosk machine: type the pairing code; the browser becomes that office's kiosk."""
    from django.shortcuts import render

    error = None
    if request.method == "POST":
        try:
            device, secret = kiosk_device_pair(code=request.POST.get("kode", ""))
        except KioskError as exc:
            error = exc.message
        else:
            # A kiosk's browser holds no staff session: whoever was signed in here is signed out.
            logout(request)
            office = device.office
            response = redirect("queueing:kiosk", code=office.code)
            response.set_cookie(COOKIE_NAME, secret, max_age=COOKIE_MAX_AGE, path=queue_path(office),
                                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Strict")
            return response
    return render(request, "queueing/kiosk_pair.html", {"error": error}, status=400 if error else 200)
