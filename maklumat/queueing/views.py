"""Queue pages: kiosk, printed ticket, display board, counter screen, overview, statistics."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.lib.ratelimit import public_rate_limit
from maklumat.offices.models import Office
from maklumat.offices.scoping import get_scoped_or_404, office_with_role
from maklumat.queueing import selectors, services
from maklumat.queueing.forms import CheckInForm, KioskForm, OfficerIssueForm, TransferForm
from maklumat.queueing.models import Counter, Series, Step, Ticket, TicketClassChoices
from maklumat.queueing.permissions import COUNTER_ROLES, ISSUE_ROLES, KIOSK_ROLES, OVERVIEW_ROLES
from maklumat.queueing.services import QueueError, office_day, office_now


@login_required
def overview(request, code: str):
    """The office queue at a glance: counters and who they serve, waiting per step, officer issue form."""
    office = office_with_role(request.user, code, OVERVIEW_ROLES)
    day = office_day(office)
    steps = list(Step.objects.filter(office=office))
    counts = selectors.waiting_counts(office, day)
    step_rows = [(step, counts.get(step.pk, {})) for step in steps]
    form = OfficerIssueForm(office=office) if request.user.has_role(*ISSUE_ROLES) else None
    return render(request, "queueing/overview.html", {
        "office": office, "day": day, "step_rows": step_rows, "counters": selectors.counters_with_current(office),
        "waiting": selectors.waiting_tickets(office, [s.pk for s in steps], limit=30), "form": form,
        "can_serve": request.user.has_role(*COUNTER_ROLES), "classes": TicketClassChoices,
        "room_idle": selectors.priority_room_idle(office),
    })


@login_required
@require_POST
def officer_issue(request, code: str):
    office = office_with_role(request.user, code, ISSUE_ROLES)
    form = OfficerIssueForm(request.POST, office=office)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else field}: "
                                    f"{' '.join(errors)}")
        return redirect("queueing:overview", code=office.code)
    try:
        ticket = services.officer_ticket_issue(
            office=office, actor=request.user, series=form.cleaned_data["series"], step=form.cleaned_data["step"],
            phone=form.cleaned_data["phone"], application=form.cleaned_data["application_number"])
    except QueueError as exc:
        messages.error(request, exc.message)
        return redirect("queueing:overview", code=office.code)
    return redirect("queueing:ticket", code=office.code, ticket_id=ticket.pk)


# --- kiosk ---------------------------------------------------------------------------------------

def _kiosk_choices(office):
    walk_in = [s for s in Series.objects.filter(office=office, walk_in_allowed=True)
               if s.ticket_class != TicketClassChoices.COMPENSATION]
    classes = []
    for series in walk_in:
        if series.ticket_class not in [c for c, _ in classes]:
            classes.append((series.ticket_class, series))
    return selectors.kiosk_steps(office), classes


@login_required
def kiosk(request, code: str):
    """Touch screen at the entrance: pick a service and a class, or check in an M-Paspor booking."""
    office = office_with_role(request.user, code, KIOSK_ROLES)
    steps, classes = _kiosk_choices(office)
    error = None
    if request.method == "POST":
        form = KioskForm(request.POST)
        if not form.is_valid():
            error = _("Nomor telepon tidak valid: 8–15 angka.") if "phone" in form.errors else _("Pilihan tidak valid.")
        else:
            step = Step.objects.filter(office=office, pk=form.cleaned_data["step"]).first()
            if step is None:
                error = _("Layanan tidak ditemukan.")
            else:
                try:
                    ticket = services.kiosk_ticket_issue(office=office, actor=request.user, step=step,
                                                         ticket_class=form.cleaned_data["ticket_class"],
                                                         phone=form.cleaned_data["phone"])
                except QueueError as exc:
                    error = exc.message
                else:
                    return redirect(f"{_ticket_url(office, ticket)}?print=1")
    return render(request, "queueing/kiosk.html", {
        "office": office, "steps": steps, "classes": classes, "error": error, "checkin_form": CheckInForm(),
    }, status=400 if error else 200)


@login_required
@require_POST
def kiosk_check_in(request, code: str):
    office = office_with_role(request.user, code, KIOSK_ROLES)
    form = CheckInForm(request.POST)
    steps, classes = _kiosk_choices(office)
    error = None
    if not form.is_valid():
        error = _("Isi kode booking M-Paspor (dan nomor telepon yang valid bila diisi).")
    else:
        try:
            ticket = services.booking_check_in(office=office, actor=request.user, code=form.cleaned_data["code"],
                                               phone=form.cleaned_data["phone"])
        except QueueError as exc:
            error = exc.message
        else:
            return redirect(f"{_ticket_url(office, ticket)}?print=1")
    return render(request, "queueing/kiosk.html", {
        "office": office, "steps": steps, "classes": classes, "error": error, "checkin_form": form,
    }, status=400)


def _ticket_url(office, ticket) -> str:
    from django.urls import reverse

    return reverse("queueing:ticket", kwargs={"code": office.code, "ticket_id": ticket.pk})


@login_required
def ticket_view(request, code: str, ticket_id: int):
    """The printable ticket: number, class, service, estimated wait."""
    office = office_with_role(request.user, code, KIOSK_ROLES | ISSUE_ROLES)
    ticket = get_object_or_404(Ticket.objects.select_related("series", "step", "application"), pk=ticket_id,
                               office=office)
    wait = services.estimated_wait(office, ticket.step, ticket.ticket_class, ticket=ticket)
    ahead = selectors.waiting_counts(office, ticket.day).get(ticket.step_id, {})
    return render(request, "queueing/ticket.html", {
        "office": office, "ticket": ticket, "wait_minutes": wait, "issued": office_now(office, ticket.issued_at),
        "waiting_total": max(0, sum(ahead.values()) - 1), "auto_print": request.GET.get("print") == "1",
        "survey_qr": _survey_qr(request, office, ticket),
    })


def _survey_qr(request, office, ticket: Ticket) -> str:
    """The QR of the single-use satisfaction survey for this visit (one invitation per ticket)."""
    from maklumat.satisfaction.qr import qr_svg
    from maklumat.satisfaction.services import survey_invitation_issue

    invitation = survey_invitation_issue(
        office=office, service=ticket.application.service if ticket.application_id else None, channel="qr",
        reference=f"antrian:{ticket.day:%Y%m%d}:{ticket.display_number}", actor=request.user,
    )
    return qr_svg(request.build_absolute_uri(invitation.url), scale=3)


# --- display board (public, read-only, no personal data) ------------------------------------------

@public_rate_limit("queue_board", limit=600)
def board(request, code: str):
    office = get_object_or_404(Office, code=code)
    return render(request, "queueing/board.html", {"office": office, **_board_context(office)})


@public_rate_limit("queue_board", limit=600)
def board_calls(request, code: str):
    office = get_object_or_404(Office, code=code)
    return render(request, "queueing/_board_calls.html", {"office": office, **_board_context(office)})


def _board_context(office):
    calls = selectors.board_calls(office, limit=9)
    day = office_day(office)
    counts = selectors.waiting_counts(office, day)
    return {"latest": calls[0] if calls else None, "recent": calls[1:], "calls": calls,
            "waiting_total": sum(sum(c.values()) for c in counts.values()), "now": office_now(office)}


# --- counter screen ------------------------------------------------------------------------------

def _counter(request, code: str, counter_id: int):
    office = office_with_role(request.user, code, COUNTER_ROLES)
    counter = get_scoped_or_404(Counter.objects.select_related("office").prefetch_related("steps"),
                                request.user, id=counter_id, office=office)
    return office, counter


def _counter_context(office, counter):
    current = services.current_ticket(counter)
    current_waited = None
    if current is not None and current.called_at:
        current_waited = int((current.called_at - current.waiting_since).total_seconds() // 60)
    waiting = selectors.waiting_in_calling_order(counter)
    return {"office": office, "counter": counter, "current": current, "current_waited": current_waited,
            "waiting": waiting, "alerts": [w for w in waiting if w.alert != "ok"],
            "transfer_form": TransferForm(office=office),
            "other_counters": Counter.objects.filter(office=office, is_active=True)}


@login_required
def counter_screen(request, code: str, counter_id: int):
    office, counter = _counter(request, code, counter_id)
    return render(request, "queueing/counter.html", _counter_context(office, counter))


@login_required
def counter_waiting(request, code: str, counter_id: int):
    office, counter = _counter(request, code, counter_id)
    return render(request, "queueing/_counter_waiting.html", _counter_context(office, counter))


ACTIONS = {"call-next", "recall", "no-show", "end", "transfer"}


@login_required
@require_POST
def counter_action(request, code: str, counter_id: int, action: str):
    office, counter = _counter(request, code, counter_id)
    if action not in ACTIONS:
        raise Http404
    try:
        if action == "call-next":
            ticket = services.call_next(counter=counter, actor=request.user)
            if ticket is None:
                messages.info(request, _("Tidak ada nomor yang menunggu."))
        elif action == "recall":
            services.ticket_recall(counter=counter, actor=request.user)
        elif action == "no-show":
            ticket = services.ticket_no_show(counter=counter, actor=request.user)
            messages.success(request, _("%(number)s dicatat tidak hadir.") % {"number": ticket.display_number})
        elif action == "end":
            ticket = services.ticket_end(counter=counter, actor=request.user)
            messages.success(request, _("Layanan %(number)s selesai.") % {"number": ticket.display_number})
        else:
            form = TransferForm(request.POST, office=office)
            if not form.is_valid():
                raise QueueError(_("Pilih langkah tujuan pengalihan."), "invalid")
            ticket = services.ticket_transfer(counter=counter, actor=request.user, step=form.cleaned_data["step"])
            messages.success(request, _("%(number)s dialihkan ke %(step)s.")
                             % {"number": ticket.display_number, "step": ticket.step.name})
    except QueueError as exc:
        messages.error(request, exc.message)
    return redirect("queueing:counter", code=office.code, counter_id=counter.pk)


# --- statistics ----------------------------------------------------------------------------------

def stats_period(request, office) -> tuple[date, date]:
    today = office_day(office)
    try:
        start = date.fromisoformat(request.GET.get("dari", "")) if request.GET.get("dari") else today
        end = date.fromisoformat(request.GET.get("sampai", "")) if request.GET.get("sampai") else start
    except ValueError as exc:
        raise Http404("Tanggal tidak valid (format YYYY-MM-DD)") from exc
    if end < start or end - start > timedelta(days=366):
        raise Http404("Periode tidak valid")
    return start, end


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def statistics(request, code: str):
    from maklumat.queueing.charts import bar_chart
    from maklumat.queueing.permissions import STATS_ROLES
    from maklumat.queueing.report import build_report

    office = office_with_role(request.user, code, STATS_ROLES)
    start, end = stats_period(request, office)
    report = build_report(office, start, end)
    charts = [
        (title, bar_chart([(label, f.mean_wait) for label, f in items], unit=" mnt", title=title))
        for title, items in report.sections()
    ]
    officer_chart = bar_chart(list(report.per_officer.items()), title=_("Nomor dilayani per petugas"))
    return render(request, "queueing/statistics.html", {
        "office": office, "report": report, "charts": charts, "officer_chart": officer_chart,
        "sections": report.sections(),
    })


@login_required
def statistics_xlsx(request, code: str):
    from maklumat.queueing.permissions import STATS_ROLES
    from maklumat.queueing.report import build_report, report_xlsx

    office = office_with_role(request.user, code, STATS_ROLES)
    start, end = stats_period(request, office)
    content = report_xlsx(build_report(office, start, end))
    return xlsx_response(content, f"antrian-{office.code}-{start}-{end}.xlsx")
