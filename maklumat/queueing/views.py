"""Queue pages: display board, counter screen, overview, statistics.

Every page renders in the office's own time zone (``_render``): a Balikpapan ticket says WITA
time, a Jayapura board WIT time, whatever the server's zone.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.accounts.permissions import may
from maklumat.lib.promises import WaitPromise
from maklumat.lib.ratelimit import public_rate_limit
from maklumat.lib.validation import bad_text
from maklumat.offices.models import Office
from maklumat.offices.scoping import get_scoped_or_404, office_for
from maklumat.queueing import hot, rules, selectors, services
from maklumat.queueing.forms import (
    CallNumberForm,
    OfficerIssueForm,
    PauseForm,
    TransferForm,
)
from maklumat.queueing.models import Counter, Step, TicketClassChoices
from maklumat.queueing.selectors import office_day
from maklumat.queueing.services import QueueError


def _render(request, office, template: str, context: dict, status: int = 200) -> HttpResponse:
    """Render in the office's time zone: ``|date`` and ``|time`` show the office's clock."""
    with timezone.override(office.tz):
        return render(request, template, {"office": office, **context}, status=status)


def _render_polled(office, template: str, context: dict) -> HttpResponse:
    """A fragment that screens poll every few seconds (board calls, a counter's waiting list): rendered in the
    office's time zone without the request's context processors, whose menu and ``may`` it does not show
    (building them read the user's office and walked every menu item on each poll)."""
    with timezone.override(office.tz):
        return HttpResponse(render_to_string(template, {"office": office, **context}))


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

def _board_office(code: str) -> Office:
    """The board's office from the per-process cache (``queueing.hot``): the board polls every few seconds."""
    office = hot.office_by_code(code)
    if office is None:
        raise Http404("Kantor tidak ditemukan")
    return office


@public_rate_limit("queue_board", limit=600)
def board(request, code: str):
    office = _board_office(code)
    return _render(request, office, "queueing/board.html", _board_context(office))


@public_rate_limit("queue_board", limit=600)
def board_calls(request, code: str):
    office = _board_office(code)
    return _render_polled(office, "queueing/_board_calls.html", _board_context(office))


def _board_context(office):
    now = office.local_now()
    board = selectors.board_of(office, now=now)
    return {"lines": board.lines, "history": board.history, "calls": board.calls,
            "latest_id": board.calls[0].id if board.calls else 0, "waiting_total": board.waiting_total, "now": now}


# --- counter screen ------------------------------------------------------------------------------

def _counter(request, code: str, counter_id: int):
    office = office_for(request.user, code, action="queueing.counter_serve")
    counter = get_scoped_or_404(Counter.objects.select_related("office").prefetch_related("steps"),
                                request.user, id=counter_id, office=office)
    return office, counter


def _counter_context(office, counter):
    now = timezone.now()
    day = office_day(office, now)
    config = selectors.config_for(office)
    current = selectors.current_ticket(counter)
    current_waited = None
    no_show = {}
    if current is not None and current.called_at:
        current_waited = int((current.called_at - current.waiting_since).total_seconds() // 60)
        calls = selectors.calls_of_stay(current)
        rule = selectors.no_show_rule_of(config)
        verdict, opens = rules.no_show_verdict(calls, rule, now)
        no_show = {"verdict": verdict.value, "opens": opens, "recalls": max(0, len(calls) - 1),
                   "needed": rule.recalls, "grace": duration_text(rule.grace),
                   "last_call": max(calls) if calls else current.called_at}
    undo = selectors.undoable_no_show(counter, now)
    return {"counter": counter, "current": current, "current_waited": current_waited, "no_show": no_show,
            "generated": now,
            "applicant_name": _applicant_name(current), "pause": selectors.open_break(counter),
            "pause_form": PauseForm(), "call_number_form": CallNumberForm(),
            "parked": selectors.parked_tickets(office, [s.pk for s in counter.steps.all()], day),
            "undo": undo, "undo_until": undo.finished_at + rules.NO_SHOW_UNDO_WINDOW if undo else None,
            "transfer_form": TransferForm(office=office),
            "other_counters": Counter.objects.filter(office=office, is_active=True),
            **_waiting_context(office, counter, now, day, config)}


def _waiting_context(office, counter, now, day, config, step_ids=None) -> dict:
    """The counter's waiting list in calling order with the wait promise's alerts: all the polled
    ``_counter_waiting.html`` shows (it reads nothing else of the counter screen)."""
    promise = selectors.wait_promise(office, day)
    waiting = selectors.waiting_in_calling_order(counter, now=now, promise=promise, config=config,
                                                 step_ids=step_ids)
    return {"counter": counter, "waiting": waiting, "alerts": [w for w in waiting if w.alert != "ok"],
            **_promise_context(promise)}


def _applicant_name(ticket) -> str:
    """The applicant's name for the officer: the linked application's, else the M-Paspor booking's."""
    if ticket is None:
        return ""
    if ticket.application_id is not None:
        return ticket.application.applicant_name
    if ticket.booking_id is not None:
        return ticket.booking.applicant_name
    return ""


@login_required
def counter_screen(request, code: str, counter_id: int):
    office, counter = _counter(request, code, counter_id)
    return _render(request, office, "queueing/counter.html", _counter_context(office, counter))


@login_required
def counter_waiting(request, code: str, counter_id: int):
    """The waiting list alone, polled every few seconds by each counter screen: only its own reads, the
    office and its queue setup (settings, counters and their steps) from the per-process cache."""
    office = hot.office_for(request.user, code, action="queueing.counter_serve")
    setup = hot.setup_of(office)
    counter = setup.counters.get(counter_id)
    if counter is None:
        raise Http404("Loket tidak ditemukan")
    now = timezone.now()
    context = _waiting_context(office, counter, now, office_day(office, now), setup.config,
                               step_ids=setup.counter_steps[counter.pk])
    return _render_polled(office, "queueing/_counter_waiting.html", context)


ACTIONS = {"call-next", "recall", "no-show", "end", "transfer", "pause", "resume", "call-number", "park",
           "call-parked", "no-show-undo"}


def _posted_id(request, field: str) -> int:
    raw = request.POST.get(field, "")
    if not raw.isdigit() or len(raw) > 12:
        raise QueueError(_("Nomor yang dipilih tidak valid."), "invalid")
    return int(raw)


def _form_error(form) -> QueueError:
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else field
    return QueueError(f"{label}: {' '.join(errors)}", "invalid")


@login_required
@require_POST
def counter_action(request, code: str, counter_id: int, action: str):
    office, counter = _counter(request, code, counter_id)
    if action not in ACTIONS:
        raise Http404
    try:
        _counter_do(request, office, counter, action)
    except QueueError as exc:
        messages.error(request, exc.message)
    return redirect("queueing:counter", code=office.code, counter_id=counter.pk)


def _counter_do(request, office, counter, action: str) -> None:  # noqa: C901 - one branch per button
    """One counter button: call the service, say what happened (the number, the time, the next step)."""
    user = request.user
    if action == "call-next":
        ticket = services.call_next(counter=counter, actor=user)
        if ticket is None:
            messages.info(request, _("Tidak ada nomor yang menunggu."))
    elif action == "recall":
        ticket = services.ticket_recall(counter=counter, actor=user)
        times = len(selectors.calls_of_stay(ticket)) - 1
        messages.success(request, _("%(number)s dipanggil ulang (ke-%(times)d) pukul %(time)s: diumumkan lagi di "
                                    "layar.") % {"number": ticket.display_number, "times": times,
                                                 "time": f"{office.localtime(timezone.now()):%H:%M:%S}"})
    elif action == "no-show":
        if request.POST.get("confirm") != "1":
            raise QueueError(_("Konfirmasi dulu bahwa pemohon tidak hadir."), "unconfirmed")
        ticket = services.ticket_no_show(counter=counter, actor=user)
        messages.success(request, _("%(number)s dicatat tidak hadir. Dapat dibatalkan dalam %(seconds)d detik.")
                         % {"number": ticket.display_number,
                            "seconds": int(rules.NO_SHOW_UNDO_WINDOW.total_seconds())})
    elif action == "no-show-undo":
        ticket = services.ticket_no_show_undo(counter=counter, actor=user, ticket_id=_posted_id(request, "ticket"))
        messages.success(request, _("Catatan tidak hadir %(number)s dibatalkan: nomor kembali dilayani di loket ini.")
                         % {"number": ticket.display_number})
    elif action == "end":
        ticket = services.ticket_end(counter=counter, actor=user)
        messages.success(request, _("Layanan %(number)s selesai.") % {"number": ticket.display_number})
    elif action == "pause":
        form = PauseForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        pause = services.counter_pause(counter=counter, actor=user, reason=form.cleaned_data["reason"],
                                       note=form.cleaned_data["note"])
        messages.success(request, _("%(counter)s jeda sejak pukul %(time)s (%(reason)s). Tidak ada nomor dipanggil "
                                    "ke loket ini sampai dilanjutkan.")
                         % {"counter": counter.name, "time": f"{office.localtime(pause.started_at):%H:%M}",
                            "reason": pause.get_reason_display()})
    elif action == "resume":
        pause = services.counter_resume(counter=counter, actor=user)
        minutes = int((pause.ended_at - pause.started_at).total_seconds() // 60)
        messages.success(request, _("%(counter)s melayani lagi setelah jeda %(minutes)d menit.")
                         % {"counter": counter.name, "minutes": minutes})
    elif action == "call-number":
        form = CallNumberForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        ticket = services.ticket_call_number(counter=counter, actor=user, number=form.cleaned_data["number"],
                                             reason=form.cleaned_data["reason"])
        messages.success(request, _("%(number)s dipanggil di luar urutan; alasannya dicatat di jejak audit.")
                         % {"number": ticket.display_number})
    elif action == "park":
        ticket = services.ticket_park(counter=counter, actor=user)
        messages.success(request, _("%(number)s ditunda. Panggil kembali dari daftar nomor ditunda.")
                         % {"number": ticket.display_number})
    elif action == "call-parked":
        ticket = services.ticket_call_parked(counter=counter, actor=user, ticket_id=_posted_id(request, "ticket"))
        messages.success(request, _("%(number)s dipanggil kembali dan diumumkan di layar.")
                         % {"number": ticket.display_number})
    else:
        form = TransferForm(request.POST, office=office)
        if not form.is_valid():
            raise QueueError(_("Pilih langkah tujuan pengalihan."), "invalid")
        ticket = services.ticket_transfer(counter=counter, actor=user, step=form.cleaned_data["step"])
        messages.success(request, _("%(number)s dialihkan ke %(step)s.")
                         % {"number": ticket.display_number, "step": ticket.step.name})


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
