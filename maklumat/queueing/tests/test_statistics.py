"""Statistics: waiting and service times by class/step/counter/hour, officers, priority room, no-shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from django.urls import reverse
from openpyxl import load_workbook

from maklumat.queueing import stats
from maklumat.queueing.report import build_report
from maklumat.queueing.services import call_next, ticket_no_show, ticket_recall, ticket_transfer
from maklumat.queueing.tests.conftest import at, issue

T = datetime(2025, 6, 2, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def row(pk, cls, wait, service, outcome="done", counter="Loket 1", officer="Budi", room=False, hour=8):
    joined = T.replace(hour=hour)
    called = joined + timedelta(minutes=wait) if wait is not None else None
    ended = called + timedelta(minutes=service) if called is not None and service is not None else None
    return stats.VisitRow(ticket_id=pk, ticket_class=cls, step="intake", joined_at=joined, called_at=called,
                          ended_at=ended, outcome=outcome if called else "", counter=counter, officer=officer,
                          priority_room=room)


def test_figures_of_waits_services_and_no_shows():
    rows = [row(1, "general", 10, 4), row(2, "general", 20, 6), row(3, "priority", 30, None, "no_show"),
            row(4, "general", None, None)]
    f = stats.figures(rows)
    assert (f.visits, f.called, f.no_shows) == (4, 3, 1)
    assert (f.mean_wait, f.median_wait, f.max_wait, f.mean_service, f.no_show_rate) == (20.0, 20.0, 30.0, 5.0, 33.3)


def test_grouping_by_class_and_hour():
    rows = [row(1, "general", 10, 4, hour=8), row(2, "priority", 2, 4, hour=9), row(3, "general", 30, 4, hour=9)]
    assert {k: f.mean_wait for k, f in stats.grouped(rows, lambda r: r.ticket_class).items()} == {
        "general": 20.0, "priority": 2.0}
    assert {k: f.visits for k, f in stats.by_hour(rows).items()} == {8: 1, 9: 2}


def test_served_per_officer_excludes_no_shows_and_sorts_by_count():
    rows = [row(1, "general", 1, 1, officer="Budi"), row(2, "general", 1, 1, officer="Sari"),
            row(3, "general", 1, 1, officer="Sari"), row(4, "general", 1, None, "no_show", officer="Budi")]
    assert stats.served_per_officer(rows) == {"Sari": 2, "Budi": 1}


def test_priority_room_use():
    rows = [row(1, "priority", 1, 1, room=True), row(2, "priority", 1, 1), row(3, "general", 1, 1, room=True),
            row(4, "priority", None, None)]
    use = stats.priority_room_use(rows)
    assert (use.priority_visits, use.served_in_room, use.room_calls, use.room_general_calls) == (2, 1, 2, 1)
    assert use.share_in_room == 50.0


def test_report_from_a_served_day(queue, officer):
    issue(queue, officer, "A", now=at(8))
    issue(queue, officer, "P", now=at(8, 10))
    issue(queue, officer, "A", now=at(8, 20))
    room, loket = queue.counters["Ruang Prioritas"], queue.counters["Loket 1"]
    call_next(counter=room, actor=officer, now=at(8, 30))          # P-001 waited 20
    call_next(counter=loket, actor=officer, now=at(8, 40))         # A-001 waited 40
    ticket_transfer(counter=loket, actor=officer, step=queue.steps["biometric"], now=at(8, 50))
    call_next(counter=room, actor=officer, now=at(9))              # P-001 done (30 min service); A-002 waited 40
    ticket_recall(counter=room, actor=officer, now=at(9, 1))
    ticket_recall(counter=room, actor=officer, now=at(9, 2))
    ticket_no_show(counter=room, actor=officer, now=at(9, 5))
    report = build_report(queue.office, at(8).date(), at(8).date())
    assert (report.total.visits, report.total.called, report.total.no_shows) == (4, 3, 1)
    assert report.by_class["priority"].mean_wait == 20.0
    assert report.by_class["general"].mean_wait == 40.0
    assert report.by_step["Pemeriksaan berkas"].mean_service == 20.0  # P-001 30 min, A-001 10 min
    assert report.room.served_in_room == 1 and report.room_hours == 2
    assert report.per_officer == {"Budi": 2}
    assert report.issued == {"officer": 3}


def test_statistics_page_has_charts_and_the_xlsx_export(client_of, kasubsi, officer, queue):
    issue(queue, officer, now=at(8))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 12))
    client = client_of(kasubsi)
    params = {"dari": "2025-06-02", "sampai": "2025-06-02"}
    page = client.get(reverse("queueing:statistics", kwargs={"code": "blitar"}), params).content.decode()
    assert page.count("<svg") >= 5 and "12,0" in page  # Indonesian decimal comma
    response = client.get(reverse("queueing:statistics_xlsx", kwargs={"code": "blitar"}), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Per kelas", "Per langkah", "Per loket", "Per jam", "Per petugas",
                               "Ruang prioritas", "Jeda loket"]
    assert [c.value for c in book["Per kelas"][2]][:4] == ["Umum", 1, 1, 12.0]


def test_statistics_with_a_bad_date_is_400_naming_the_field(client_of, kasubsi, queue):
    response = client_of(kasubsi).get(reverse("queueing:statistics", kwargs={"code": "blitar"}), {"dari": "kemarin"})
    assert response.status_code == 400
    assert "dari: Tanggal tidak valid (format YYYY-MM-DD)." in response.content.decode()
