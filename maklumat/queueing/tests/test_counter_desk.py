"""The counter desk: pause with a reason (in the statistics), call a number out of order (reason audited),
park and call back, no-show only after the grace with confirmation and undo within a minute; the board
shows every number called now, one line per counter."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maklumat.audit.models import AuditEntry
from maklumat.queueing import selectors
from maklumat.queueing.models import Call, CounterBreak, QueueConfig, Ticket, Visit
from maklumat.queueing.report import build_report
from maklumat.queueing.services import (
    QueueError,
    call_next,
    counter_pause,
    counter_resume,
    ticket_call_number,
    ticket_call_parked,
    ticket_end,
    ticket_no_show,
    ticket_no_show_undo,
    ticket_park,
    ticket_recall,
)
from maklumat.queueing.tests.conftest import at, issue


def counter_url(queue, name="Loket 1", action=None):
    counter = queue.counters[name]
    if action is None:
        return reverse("queueing:counter", kwargs={"code": "blitar", "counter_id": counter.pk})
    return reverse("queueing:counter_action", kwargs={"code": "blitar", "counter_id": counter.pk, "action": action})


# --- pause and resume ------------------------------------------------------------------------------

def test_a_paused_counter_calls_nobody_until_it_resumes(queue, officer):
    issue(queue, officer, now=at(8))
    counter = queue.counters["Loket 1"]
    pause = counter_pause(counter=counter, actor=officer, reason="prayer", now=at(8, 1))
    with pytest.raises(QueueError) as refused:
        call_next(counter=counter, actor=officer, now=at(8, 5))
    assert refused.value.code == "paused"
    assert Ticket.objects.get().status == "waiting"
    counter_resume(counter=counter, actor=officer, now=at(8, 16))
    assert call_next(counter=counter, actor=officer, now=at(8, 17)).display_number == "A-001"
    pause.refresh_from_db()
    assert (pause.reason, pause.started_at, pause.ended_at, pause.officer) == ("prayer", at(8, 1), at(8, 16), officer)
    assert list(AuditEntry.objects.filter(action__startswith="queue.counter_").order_by("id")
                .values_list("action", "summary")) == [
        ("queue.counter_pause", "Loket 1 jeda: Ibadah"),
        ("queue.counter_resume", "Loket 1 lanjut setelah jeda 15 menit")]


def test_pause_needs_a_reason_and_a_note_for_other_and_a_free_counter(queue, officer):
    counter = queue.counters["Loket 1"]
    for reason, note, field in (("", "", "reason"), ("nap", "", "reason"), ("other", "  ", "note")):
        with pytest.raises(QueueError) as refused:
            counter_pause(counter=counter, actor=officer, reason=reason, note=note, now=at(8))
        assert refused.value.field == field
    issue(queue, officer, now=at(8))
    call_next(counter=counter, actor=officer, now=at(8, 1))
    with pytest.raises(QueueError) as refused:
        counter_pause(counter=counter, actor=officer, reason="rest", now=at(8, 2))
    assert refused.value.code == "busy"
    assert not CounterBreak.objects.exists()
    ticket_end(counter=counter, actor=officer, now=at(8, 3))
    counter_pause(counter=counter, actor=officer, reason="other", note="ambil formulir", now=at(8, 4))
    with pytest.raises(QueueError) as refused:
        counter_pause(counter=counter, actor=officer, reason="rest", now=at(8, 5))
    assert refused.value.code == "already_paused"
    with pytest.raises(QueueError):
        counter_resume(counter=queue.counters["Loket 2"], actor=officer, now=at(8, 6))


def test_breaks_are_in_the_statistics_page_and_workbook(client_of, kasubsi, officer, queue):
    counter = queue.counters["Loket 1"]
    counter_pause(counter=counter, actor=officer, reason="rest", now=at(8))
    counter_resume(counter=counter, actor=officer, now=at(8, 30))
    counter_pause(counter=counter, actor=officer, reason="rest", now=at(12))
    counter_resume(counter=counter, actor=officer, now=at(12, 45))
    counter_pause(counter=queue.counters["Loket 2"], actor=officer, reason="system", now=at(9))
    counter_resume(counter=queue.counters["Loket 2"], actor=officer, now=at(9, 10))
    report = build_report(queue.office, at(8).date(), at(8).date())
    assert [(b.counter, b.reason_label, b.breaks, b.minutes, b.open_now) for b in report.breaks] == [
        ("Loket 1", "Istirahat", 2, 75.0, 0), ("Loket 2", "Gangguan sistem atau perangkat", 1, 10.0, 0)]
    assert report.break_minutes == 85.0
    page = client_of(kasubsi).get(reverse("queueing:statistics", kwargs={"code": "blitar"}),
                                  {"dari": "2025-06-02", "sampai": "2025-06-02"}).content.decode()
    assert "Jeda loket" in page and "Gangguan sistem atau perangkat" in page and re.search(r">75[.,]0<", page)


def test_an_open_break_counts_until_now(queue, officer):
    counter_pause(counter=queue.counters["Loket 1"], actor=officer, reason="briefing", now=at(8))
    [row] = selectors.break_figures(queue.office, at(8).date(), at(8).date(), now=at(8, 20))
    assert (row.breaks, row.minutes, row.open_now) == (1, 20.0, 1)


# --- call by number -------------------------------------------------------------------------------

def test_call_a_number_out_of_order_with_the_reason_audited(queue, officer):
    for minute in range(3):
        issue(queue, officer, now=at(8, minute))
    counter = queue.counters["Loket 1"]
    first = call_next(counter=counter, actor=officer, now=at(8, 5))
    called = ticket_call_number(counter=counter, actor=officer, number="a3", reason="kembali dari fotokopi",
                                now=at(8, 6))
    assert (called.display_number, called.status, called.counter_id, called.called_at) == (
        "A-003", "called", counter.pk, at(8, 6))
    first.refresh_from_db()
    assert first.status == "done"  # the current number ends first, as with call-next
    entry = AuditEntry.objects.get(action="queue.call_number")
    assert entry.summary == "A-003 → Loket 1 di luar urutan: kembali dari fotokopi"
    assert entry.after["reason"] == "kembali dari fotokopi"
    assert Visit.objects.get(ticket=called).called_at == at(8, 6)
    assert Call.objects.filter(ticket=called, is_recall=False).count() == 1
    # The rule's order continues with what is left.
    assert call_next(counter=counter, actor=officer, now=at(8, 9)).display_number == "A-002"


@pytest.mark.parametrize(("number", "reason", "code"), [
    ("A-009", "alasan", "unknown"), ("A-001", "alasan", "not_waiting"), ("X", "alasan", "invalid"),
    ("A-002", " ", "invalid"), ("A-003", "alasan", "wrong_step"),
])
def test_call_by_number_refuses_what_it_cannot_call_and_changes_nothing(queue, officer, number, reason, code):
    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    counter = queue.counters["Loket 1"]
    call_next(counter=counter, actor=officer, now=at(8, 2))
    issue(queue, officer, step="handover", now=at(8, 3))  # A-003 waits at the handover, not served here
    before = list(Ticket.objects.order_by("id").values_list("status", flat=True))
    with pytest.raises(QueueError) as refused:
        ticket_call_number(counter=counter, actor=officer, number=number, reason=reason, now=at(8, 4))
    assert refused.value.code == code
    assert list(Ticket.objects.order_by("id").values_list("status", flat=True)) == before
    assert not AuditEntry.objects.filter(action="queue.call_number").exists()


# --- park and call back ---------------------------------------------------------------------------

def test_park_frees_the_counter_and_the_number_is_called_back_later(queue, officer):
    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    counter = queue.counters["Loket 1"]
    first = call_next(counter=counter, actor=officer, now=at(8, 2))
    ticket_park(counter=counter, actor=officer, now=at(8, 3))
    assert selectors.current_ticket(counter) is None
    assert [t.display_number for t in selectors.parked_tickets(queue.office, [queue.steps["intake"].pk],
                                                                 at(8).date())] == ["A-001"]
    assert call_next(counter=counter, actor=officer, now=at(8, 4)).display_number == "A-002"  # never re-picked
    other = queue.counters["Loket 2"]
    back = ticket_call_parked(counter=other, actor=officer, ticket_id=first.pk, now=at(8, 10))
    assert (back.status, back.counter_id, back.called_at) == ("called", other.pk, at(8, 10))
    visit = Visit.objects.get(ticket=first)
    assert (visit.called_at, visit.ended_at) == (at(8, 2), None)  # one stay, service time includes the park
    assert Call.objects.filter(ticket=first).order_by("id").last().is_recall
    with pytest.raises(QueueError) as refused:
        ticket_call_parked(counter=counter, actor=officer, ticket_id=first.pk, now=at(8, 11))
    assert refused.value.code == "not_parked"
    assert [a for a in AuditEntry.objects.filter(action__in=["queue.park", "queue.call_parked"])
            .order_by("id").values_list("action", flat=True)] == ["queue.park", "queue.call_parked"]


# --- no-show after the grace, undo within a minute -------------------------------------------------

def test_no_show_is_refused_before_the_grace_and_allowed_after(queue, officer):
    issue(queue, officer, now=at(8))
    counter = queue.counters["Loket 1"]
    ticket = call_next(counter=counter, actor=officer, now=at(8, 1))
    with pytest.raises(QueueError) as refused:
        ticket_no_show(counter=counter, actor=officer, now=at(8, 30))
    assert refused.value.code == "needs_recall"
    ticket_recall(counter=counter, actor=officer, now=at(8, 2))
    ticket_recall(counter=counter, actor=officer, now=at(8, 3))
    with pytest.raises(QueueError) as refused:
        ticket_no_show(counter=counter, actor=officer, now=at(8, 4, 59))
    assert refused.value.code == "too_early"
    assert "08:05:00" in refused.value.message
    ticket.refresh_from_db()
    assert ticket.status == "called"
    ticket_no_show(counter=counter, actor=officer, now=at(8, 5))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.finished_at) == ("no_show", at(8, 5))


def test_the_grace_is_the_office_setting(queue, officer):
    QueueConfig.objects.filter(office=queue.office).update(no_show_recalls=0, no_show_grace_seconds=30)
    issue(queue, officer, now=at(8))
    counter = queue.counters["Loket 1"]
    call_next(counter=counter, actor=officer, now=at(8, 1))
    with pytest.raises(QueueError):
        ticket_no_show(counter=counter, actor=officer, now=at(8, 1, 29))
    assert ticket_no_show(counter=counter, actor=officer, now=at(8, 1, 30)).status == "no_show"


def _no_show_at_eight_five(queue, officer):
    issue(queue, officer, now=at(8))
    counter = queue.counters["Loket 1"]
    ticket = call_next(counter=counter, actor=officer, now=at(8, 1))
    ticket_recall(counter=counter, actor=officer, now=at(8, 2))
    ticket_recall(counter=counter, actor=officer, now=at(8, 3))
    ticket_no_show(counter=counter, actor=officer, now=at(8, 5))
    return counter, ticket


def test_a_no_show_is_undone_within_a_minute_and_audited(queue, officer):
    counter, ticket = _no_show_at_eight_five(queue, officer)
    assert selectors.undoable_no_show(counter, at(8, 5, 30)).pk == ticket.pk
    ticket_no_show_undo(counter=counter, actor=officer, ticket_id=ticket.pk, now=at(8, 6))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.finished_at, ticket.counter_id) == ("called", None, counter.pk)
    visit = Visit.objects.get(ticket=ticket)
    assert (visit.ended_at, visit.outcome) == (None, "")
    assert AuditEntry.objects.get(action="queue.no_show_undo").summary == "A-001: tidak hadir dibatalkan di Loket 1"
    ticket_end(counter=counter, actor=officer, now=at(8, 9))
    ticket.refresh_from_db()
    assert ticket.status == "done"


def test_undo_is_refused_after_a_minute_and_nothing_changes(queue, officer):
    counter, ticket = _no_show_at_eight_five(queue, officer)
    assert selectors.undoable_no_show(counter, at(8, 6, 1)) is None
    with pytest.raises(QueueError) as refused:
        ticket_no_show_undo(counter=counter, actor=officer, ticket_id=ticket.pk, now=at(8, 6, 1))
    assert refused.value.code == "too_late"
    ticket.refresh_from_db()
    assert ticket.status == "no_show"
    assert not AuditEntry.objects.filter(action="queue.no_show_undo").exists()


def test_undo_is_refused_while_the_counter_serves_someone_else(queue, officer):
    counter, ticket = _no_show_at_eight_five(queue, officer)
    issue(queue, officer, now=at(8, 5))
    call_next(counter=counter, actor=officer, now=at(8, 5, 10))
    with pytest.raises(QueueError) as refused:
        ticket_no_show_undo(counter=counter, actor=officer, ticket_id=ticket.pk, now=at(8, 5, 20))
    assert refused.value.code == "busy"


# --- the counter page ------------------------------------------------------------------------------

def test_no_show_on_the_page_needs_the_confirmation(client_of, officer, queue, clock):
    QueueConfig.objects.filter(office=queue.office).update(no_show_recalls=0, no_show_grace_seconds=0)
    now = clock(timezone.now())
    issue(queue, officer, now=now)
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=now)
    client = client_of(officer)
    page = client.get(counter_url(queue)).content.decode()
    assert 'name="confirm" value="1"' in page and "Ya, catat tidak hadir" in page
    client.post(counter_url(queue, action="no-show"))
    assert Ticket.objects.get().status == "called"
    response = client.post(counter_url(queue, action="no-show"), {"confirm": "1"}, follow=True)
    assert Ticket.objects.get().status == "no_show"
    page = response.content.decode()
    assert "A-001 dicatat tidak hadir" in page and "Batalkan tidak hadir" in page
    ticket = Ticket.objects.get()
    client.post(counter_url(queue, action="no-show-undo"), {"ticket": str(ticket.pk)})
    assert Ticket.objects.get().status == "called"


def test_the_counter_page_shows_the_grace_the_applicant_and_the_timer(client_of, officer, queue, application, clock):
    now = clock(timezone.now())
    issue(queue, officer, now=now - timedelta(minutes=3), application=application)
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=now - timedelta(minutes=1))
    page = client_of(officer).get(counter_url(queue)).content.decode()
    assert "Sri Wahyuni" in page and "/kantor/blitar/permohonan/BLT-2025-0001/" in page
    assert 'class="counter-timer" data-since="' in page
    assert "Dapat dicatat setelah 2× panggil ulang (sudah 0×)" in page
    assert "Ya, catat tidak hadir" not in page


def test_the_counter_buttons_say_what_happened(client_of, officer, queue):
    issue(queue, officer, now=timezone.now())
    client = client_of(officer)
    client.post(counter_url(queue, action="pause"), {"reason": "rest"})
    page = client.get(counter_url(queue)).content.decode()
    assert "Loket sedang jeda" in page and "Lanjutkan layanan" in page
    page = client.post(counter_url(queue, action="call-next"), follow=True).content.decode()
    assert "Loket sedang jeda" in page and Ticket.objects.get().status == "waiting"
    client.post(counter_url(queue, action="resume"))
    page = client.post(counter_url(queue, action="call-number"), {"number": "A-001", "reason": "dipanggil Kasubsi"},
                       follow=True).content.decode()
    assert "A-001 dipanggil di luar urutan" in page
    page = client.post(counter_url(queue, action="recall"), follow=True).content.decode()
    assert "A-001 dipanggil ulang (ke-1)" in page
    page = client.post(counter_url(queue, action="park"), follow=True).content.decode()
    assert "A-001 ditunda" in page and "Panggil kembali" in page
    ticket = Ticket.objects.get()
    page = client.post(counter_url(queue, action="call-parked"), {"ticket": str(ticket.pk)},
                       follow=True).content.decode()
    assert "A-001 dipanggil kembali" in page
    page = client.post(counter_url(queue, action="call-parked"), {"ticket": "x"}, follow=True).content.decode()
    assert "Nomor yang dipilih tidak valid" in page


def test_counter_page_query_count_is_constant_in_the_queue_and_the_parked(client_of, officer, queue):
    client = client_of(officer)
    counter = queue.counters["Loket 1"]

    def fill(n, start):
        for i in range(n):
            issue(queue, officer, "P" if i % 3 == 0 else "A", now=timezone.now())
        for _ in range(2):
            call_next(counter=counter, actor=officer)
            ticket_park(counter=counter, actor=officer)
        call_next(counter=counter, actor=officer)

    fill(10, 0)
    client.get(counter_url(queue))  # fills the per-process caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(counter_url(queue))
    fill(40, 10)
    with CaptureQueriesContext(connection) as large:
        page = client.get(counter_url(queue)).content.decode()

    def reads(captured):  # the per-process cache re-reads its shared version at most once a second
        return [q["sql"] for q in captured.captured_queries if "maklumat_cache" not in q["sql"]]

    assert len(reads(large)) == len(reads(small)) <= 16
    assert page.count("Panggil kembali") == 4


# --- the board -------------------------------------------------------------------------------------

def _board(client, name="board"):
    return client.get(reverse(f"queueing:{name}", kwargs={"code": "blitar"})).content.decode()


def test_the_board_shows_two_simultaneous_calls_one_line_per_counter(client, officer, queue):
    now = timezone.now()
    for _ in range(3):
        issue(queue, officer, now=now)
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=now)
    call_next(counter=queue.counters["Loket 2"], actor=officer, now=now)
    page = _board(client, "board_calls")
    lines = re.findall(r'board-line-number">([A-Z]-\d+)<.*?board-line-counter">([^<]+)', page, re.S)
    assert [(n, c.strip()) for n, c in lines] == [("A-002", "Loket 2"), ("A-001", "Loket 1")]


def test_the_board_drops_no_shows_and_ended_calls_and_keeps_them_in_the_history(client, officer, queue):
    QueueConfig.objects.filter(office=queue.office).update(no_show_recalls=0, no_show_grace_seconds=0)
    now = timezone.now()
    for _ in range(3):
        issue(queue, officer, now=now)
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=now)
    call_next(counter=queue.counters["Loket 2"], actor=officer, now=now)
    call_next(counter=queue.counters["Ruang Prioritas"], actor=officer, now=now)
    ticket_no_show(counter=queue.counters["Loket 1"], actor=officer, now=now)
    ticket_end(counter=queue.counters["Loket 2"], actor=officer, now=now)
    ticket_recall(counter=queue.counters["Ruang Prioritas"], actor=officer, now=now)
    board = selectors.board_of(queue.office, now=now)
    assert [(line.number, line.counter, line.recalled) for line in board.lines] == [
        ("A-003", "Ruang Prioritas", True)]
    assert [(c.number, c.counter) for c in board.history] == [("A-002", "Loket 2"), ("A-001", "Loket 1")]
    assert board.waiting_total == 0
    page = _board(client, "board_calls")
    data = json.loads(re.search(r'id="calls-data">(.*?)</script>', page, re.S)[1])
    assert data[0]["number"] == "A, 3"  # the recall is announced again


def test_the_board_reads_are_few_and_constant(client, officer, queue):
    now = timezone.now()
    for _ in range(6):
        issue(queue, officer, now=now)
        issue(queue, officer, step="biometric", now=now)
    for name in ("Loket 1", "Loket 2", "Loket 3", "Loket 4", "Ruang Prioritas"):
        call_next(counter=queue.counters[name], actor=officer, now=now)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _board(client, "board_calls")
    with CaptureQueriesContext(connection) as captured:
        page = _board(client, "board_calls")
    assert page.count('<li class="board-line') == 5
    # The numbers called now, the latest calls, the waiting count (the office comes from the per-process
    # cache; the rest is the rate limit).
    reads = [q["sql"] for q in captured.captured_queries if "maklumat_cache" not in q["sql"]
             and "SAVEPOINT" not in q["sql"]]
    assert len(reads) == 3, reads


def test_the_polled_waiting_list_reads_only_what_it_shows(client_of, officer, queue):
    now = timezone.now()
    for _ in range(4):
        issue(queue, officer, now=now)
    counter = queue.counters["Loket 1"]
    client = client_of(officer)
    url = f"/kantor/blitar/antrian/loket/{counter.pk}/menunggu/"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count("<tr class=\"wait-") == 4
    # The session and its user; then the waiting tickets and the counter's streak. The office, its queue
    # setup and its wait promise come from the per-process cache.
    reads = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]
             and "maklumat_cache" not in q["sql"]]
    assert len(reads) == 4, reads
    assert client_of(officer).get(f"/kantor/blitar/antrian/loket/{counter.pk + 999}/menunggu/").status_code == 404


def test_the_board_remembers_the_sound_choice(client, queue):
    from django.contrib.staticfiles import finders

    with open(finders.find("queueing/board.js"), encoding="utf-8") as handle:
        script = handle.read()
    assert 'localStorage.getItem(KEY) === "1"' in script and "localStorage.setItem(KEY" in script
    page = _board(client)
    assert 'data-blocked="Suara: nyala — ketuk layar"' in page
