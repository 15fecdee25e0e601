"""Queue pages: display board, counter screen, overview, statistics.

Every page renders in the office's own time zone (``_render``): a Balikpapan ticket says WITA
time, a Jayapura board WIT time, whatever the server's zone.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.accounts.permissions import may
from maklumat.lib.promises import WaitPromise
from maklumat.lib.ratelimit import public_rate_limit
from maklumat.lib.validation import bad_text
from maklumat.offices.models import Office
from maklumat.offices.scoping import get_scoped_or_404, office_for
from maklumat.queueing import selectors, services
from maklumat.queueing.forms import OfficerIssueForm, TransferForm
from maklumat.queueing.models import Counter, Step, TicketClassChoices
from maklumat.queueing.selectors import office_day
from maklumat.queueing.services import QueueError


def _render(request, office, template: str, context: dict, status: int = 200) -> HttpResponse:
    """Render in the office's time zone: ``|date`` and ``|time`` show the office's clock."""
    with timezone.override(office.tz):
        return render(request, template, {"office": office, **context}, status=status)


def duration_text(value: timedelta) -> str:
    """"2 jam", "1 jam 45 menit", "90 menit" → as an officer reads a policy's threshold."""
    minutes = int(value.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(hours)d jam %(minutes)d menit") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d jam") % {"hours": hours}
    return _("%(minutes)d menit") % {"minutes": minutes}


def _promise_context(promise: WaitPromise | None) -> dict:
    """What the waiting tables say about the office's wait promise; nothing when it has none."""
    if promise is None:
        return {"promise": None}
    return {"promise": promise, "promise_limit": duration_text(promise.limit),
            "promise_warn": duration_text(promise.warn_after)}


@login_required
def overview(request, code: str):
    """The office queue at a glance: counters and who they serve, waiting per step, officer issue form."""
    office = office_for(request.user, code, action="queueing.overview_view")
    day = office_day(office)
    promise = selectors.wait_promise(office, day)
    steps = list(Step.objects.filter(office=office))
    counts = selectors.waiting_counts(office, day)
    step_rows = [(step, counts.get(step.pk, {})) for step in steps]
    form = OfficerIssueForm(office=office) if may(request.user, "queueing.ticket_issue") else None
    return _render(request, office, "queueing/overview.html", {
        "day": day, "step_rows": step_rows, "counters": selectors.counters_with_current(office),
        "waiting": selectors.waiting_tickets(office, [s.pk for s in steps], limit=30, promise=promise), "form": form,
        "classes": TicketClassChoices, "room_idle": selectors.priority_room_idle(office),
        **_promise_context(promise),
    })


@login_required
@require_POST
def officer_issue(request, code: str):
    office = office_for(request.user, code, action="queueing.ticket_issue")
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


# Kiosk and printed ticket: kiosk_views.py (the kiosk runs in its own device session).


# --- display board (public, read-only, no personal data) ------------------------------------------

@public_rate_limit("queue_board", limit=600)
def board(request, code: str):
    office = get_object_or_404(Office, code=code)
    return _render(request, office, "queueing/board.html", _board_context(office))


@public_rate_limit("queue_board", limit=600)
def board_calls(request, code: str):
    office = get_object_or_404(Office, code=code)
    return _render(request, office, "queueing/_board_calls.html", _board_context(office))


def _board_context(office):
    now = office.local_now()
    calls = selectors.board_calls(office, limit=9, now=now)
    counts = selectors.waiting_counts(office, office_day(office, now))
    return {"latest": calls[0] if calls else None, "recent": calls[1:], "calls": calls,
            "waiting_total": sum(sum(c.values()) for c in counts.values()), "now": now}


# --- counter screen ------------------------------------------------------------------------------

def _counter(request, code: str, counter_id: int):
    office = office_for(request.user, code, action="queueing.counter_serve")
    counter = get_scoped_or_404(Counter.objects.select_related("office").prefetch_related("steps"),
                                request.user, id=counter_id, office=office)
    return office, counter


def _counter_context(office, counter):
    now = timezone.now()
    current = selectors.current_ticket(counter)
    current_waited = None
    if current is not None and current.called_at:
        current_waited = int((current.called_at - current.waiting_since).total_seconds() // 60)
    promise = selectors.wait_promise(office, office_day(office, now))
    waiting = selectors.waiting_in_calling_order(counter, now=now, promise=promise)
    return {"counter": counter, "current": current, "current_waited": current_waited,
            "waiting": waiting, "alerts": [w for w in waiting if w.alert != "ok"],
            "transfer_form": TransferForm(office=office),
            "other_counters": Counter.objects.filter(office=office, is_active=True),
            **_promise_context(promise)}


@login_required
def counter_screen(request, code: str, counter_id: int):
    office, counter = _counter(request, code, counter_id)
    return _render(request, office, "queueing/counter.html", _counter_context(office, counter))


@login_required
def counter_waiting(request, code: str, counter_id: int):
    office, counter = _counter(request, code, counter_id)
    return _render(request, office, "queueing/_counter_waiting.html", _counter_context(office, counter))


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

# Statistics start with the system's oldest source (2020); anything before 2000 is a typing mistake.
EARLIEST_STATISTICS_DAY = date(2000, 1, 1)
LONGEST_PERIOD = timedelta(days=366)


class BadPeriod(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _parse_day(request, field: str, default: date) -> date:
    raw = request.GET.get(field, "")
    if not raw:
        return default
    problem = bad_text(raw, max_length=10)
    if problem:
        raise BadPeriod(field, problem)
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise BadPeriod(field, _("Tanggal tidak valid (format YYYY-MM-DD).")) from exc


def stats_period(request, office) -> tuple[date, date]:
    """The period asked for (``dari``/``sampai``, office days), or ``BadPeriod`` naming the field."""
    today = office_day(office)
    start = _parse_day(request, "dari", today)
    end = _parse_day(request, "sampai", start)
    for field, day in (("dari", start), ("sampai", end)):
        if day < EARLIEST_STATISTICS_DAY or day > today:
            raise BadPeriod(field, _("Tanggal %(day)s di luar rentang statistik (1 Januari 2000 sampai hari ini).")
                            % {"day": day.isoformat()})
    if end < start:
        raise BadPeriod("sampai", _("Tanggal akhir sebelum tanggal awal."))
    if end - start > LONGEST_PERIOD:
        raise BadPeriod("sampai", _("Periode paling panjang satu tahun."))
    return start, end


def _bad_period(request, office, exc: BadPeriod) -> HttpResponse:
    detail = f"{exc.field}: {exc.message}"
    return _render(request, office, "errors/error.html", {
        "status": 400, "title": _("Permintaan tidak valid"), "message": detail,
        "english": "Bad request: check the field named above.", "detail": ""}, status=400)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def statistics(request, code: str):
    from maklumat.queueing.charts import bar_chart
    from maklumat.queueing.report import build_report

    office = office_for(request.user, code, action="queueing.statistics_view")
    try:
        start, end = stats_period(request, office)
    except BadPeriod as exc:
        return _bad_period(request, office, exc)
    report = build_report(office, start, end)
    charts = [
        (title, bar_chart([(label, f.mean_wait) for label, f in items], unit=" mnt", title=title))
        for title, items in report.sections()
    ]
    officer_chart = bar_chart(list(report.per_officer.items()), title=_("Nomor dilayani per petugas"))
    return _render(request, office, "queueing/statistics.html", {
        "report": report, "charts": charts, "officer_chart": officer_chart, "sections": report.sections(),
    })


@login_required
def statistics_xlsx(request, code: str):
    from maklumat.queueing.report import build_report, report_xlsx

    office = office_for(request.user, code, action="queueing.statistics_view")
    try:
        start, end = stats_period(request, office)
    except BadPeriod as exc:
        return _bad_period(request, office, exc)
    content = report_xlsx(build_report(office, start, end))
    return xlsx_response(content, f"antrian-{office.code}-{start}-{end}.xlsx")
