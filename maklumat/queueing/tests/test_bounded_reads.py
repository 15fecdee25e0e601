"""Reads that do not grow with history: the board, waiting lists and statistics make the same number of
queries with N and 3N days of history, and the statistics the database aggregates equal the pure ones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maklumat.queueing import selectors, stats
from maklumat.queueing.models import Call, Ticket, TicketStatus, Visit, VisitOutcome
from maklumat.queueing.report import build_report, figure_cells
from maklumat.queueing.services import call_next, ticket_no_show, ticket_recall
from maklumat.queueing.tests.conftest import at, issue

FIRST_DAY = date(2025, 5, 1)


def add_history(queue, officer, days: int, per_day: int = 4, first: date = FIRST_DAY) -> None:
    """``days`` past days of served tickets (ticket, visit, call), written in bulk."""
    office = queue.office
    counters = [queue.counters["Loket 1"], queue.counters["Ruang Prioritas"]]
    series = {"general": queue.series["A"], "priority": queue.series["P"]}
    tickets, plans = [], []
    for d in range(days):
        day = first + timedelta(days=d)
        start = office.start_of_day(day) + timedelta(hours=8)
        for n in range(per_day):
            cls = "priority" if n % 3 == 2 else "general"
            joined = start + timedelta(minutes=7 * n)
            called = joined + timedelta(minutes=3 + n)
            ended = called + timedelta(minutes=5 + (n % 4))
            no_show = n % 5 == 4
            tickets.append(Ticket(office=office, series=series[cls], day=day, number=n + 1, ticket_class=cls,
                                  origin="officer", step=queue.steps["intake"],
                                  status=TicketStatus.NO_SHOW if no_show else TicketStatus.DONE,
                                  waiting_since=joined, issued_at=joined, called_at=called, finished_at=ended,
                                  counter=counters[n % 2]))
            plans.append((day, cls, joined, called, ended, no_show, counters[n % 2]))
    tickets = Ticket.objects.bulk_create(tickets)
    visits, calls = [], []
    for ticket, (day, cls, joined, called, ended, no_show, counter) in zip(tickets, plans, strict=True):
        visits.append(Visit(ticket=ticket, office=office, day=day, step=queue.steps["intake"], ticket_class=cls,
                            joined_at=joined, called_at=called, counter=counter, officer=officer, ended_at=ended,
                            outcome=VisitOutcome.NO_SHOW if no_show else VisitOutcome.DONE))
        calls.append(Call(office=office, ticket=ticket, counter=counter, officer=officer, at=called,
                          ticket_class=cls))
    Visit.objects.bulk_create(visits)
    Call.objects.bulk_create(calls)


def _pure(rows, key):
    return {k: figure_cells(v) for k, v in stats.grouped(rows, key).items()}


def test_the_database_aggregates_equal_the_pure_statistics(queue, officer):
    add_history(queue, officer, days=3, per_day=7)
    issue(queue, officer, "A", now=at(8))
    issue(queue, officer, "P", now=at(8, 10))
    call_next(counter=queue.counters["Ruang Prioritas"], actor=officer, now=at(8, 30))
    call_next(counter=queue.counters["Ruang Prioritas"], actor=officer, now=at(8, 45))
    ticket_recall(counter=queue.counters["Ruang Prioritas"], actor=officer, now=at(8, 46))
    ticket_recall(counter=queue.counters["Ruang Prioritas"], actor=officer, now=at(8, 47))
    ticket_no_show(counter=queue.counters["Ruang Prioritas"], actor=officer, now=at(8, 50))
    start, end = FIRST_DAY, at(8).date()
    rows = selectors.visit_rows(queue.office, start, end)
    report = build_report(queue.office, start, end)
    assert figure_cells(report.total) == figure_cells(stats.figures(rows))
    assert {k: figure_cells(v) for k, v in report.by_class.items()} == _pure(rows, lambda r: r.ticket_class)
    assert {k: figure_cells(v) for k, v in report.by_step.items()} == _pure(rows, lambda r: r.step)
    assert {k: figure_cells(v) for k, v in report.by_counter.items()} == _pure([r for r in rows if r.counter],
                                                                                lambda r: r.counter)
    assert list(report.by_hour) == list(stats.by_hour(rows))
    assert {k: figure_cells(v) for k, v in report.by_hour.items()} == {
        k: figure_cells(v) for k, v in stats.by_hour(rows).items()}
    assert report.per_officer == stats.served_per_officer(rows)
    assert report.room == stats.priority_room_use(rows)
    room_calls = Call.objects.filter(office=queue.office, counter__priority_room=True, is_recall=False)
    assert report.room_hours == len({(queue.office.localtime(c.at).date(), queue.office.localtime(c.at).hour)
                                     for c in room_calls})


def test_an_empty_period_has_no_figures(queue):
    report = build_report(queue.office, date(2020, 1, 1), date(2020, 1, 31))
    assert figure_cells(report.total) == [0, 0, None, None, None, None, 0, None]
    assert report.by_class == {} and report.per_officer == {}


PAGES = [
    ("queueing:statistics", {}, {"dari": "2025-05-01", "sampai": "2025-06-30"}),
    ("queueing:statistics_xlsx", {}, {"dari": "2025-05-01", "sampai": "2025-06-30"}),
    ("queueing:overview", {}, {}),
    ("queueing:board", {}, {}),
    ("queueing:board_calls", {}, {}),
    ("queueing:counter", {"counter": "Loket 1"}, {}),
    ("queueing:counter_waiting", {"counter": "Loket 1"}, {}),
]
API = ["/api/v1/offices/blitar/queue/calls", "/api/v1/offices/blitar/queue/waiting"]


def _count(client, url, params) -> int:
    """The request's reads, without the cache table's (the per-process cache checks its shared version at
    most once a second, so whether a request does is a matter of timing, not of history)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len([q for q in queries.captured_queries if "maklumat_cache" not in q["sql"]])


@pytest.mark.parametrize(("name", "kwargs", "params"), PAGES)
def test_queue_pages_make_the_same_number_of_queries_with_three_times_the_history(
        client_of, kasubsi, officer, queue, name, kwargs, params):
    kwargs = {"code": "blitar", **({"counter_id": queue.counters[kwargs["counter"]].pk} if kwargs else {})}
    url = reverse(name, kwargs=kwargs)
    client = client_of(kasubsi)
    add_history(queue, officer, days=2)
    issue(queue, officer, "A")  # today's waiting number
    client.get(url, params)  # warm caches (session, hot setup)
    small = _count(client, url, params)
    add_history(queue, officer, days=4, first=FIRST_DAY + timedelta(days=10))
    issue(queue, officer, "P")
    assert _count(client, url, params) == small


@pytest.mark.parametrize("path", API)
def test_queue_api_lists_make_the_same_number_of_queries_with_three_times_the_history(
        client_of, kasubsi, officer, queue, path):
    client = client_of(kasubsi)
    add_history(queue, officer, days=2)
    client.get(path)
    small = _count(client, path, {})
    add_history(queue, officer, days=4, first=FIRST_DAY + timedelta(days=10))
    assert _count(client, path, {}) == small


def test_the_board_lists_only_today_newest_first(queue, officer):
    add_history(queue, officer, days=2)
    issue(queue, officer, "A", now=at(8))
    issue(queue, officer, "A", now=at(8, 1))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(9))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(9, 5))
    calls = selectors.board_calls(queue.office, now=at(10))
    assert [c.number for c in calls] == ["A-002", "A-001"]


def test_the_aggregates_equal_the_pure_statistics_to_the_microsecond(queue, officer):
    """Waits and services with odd microseconds, even and odd group sizes: the medians, maxima and means
    the report computes are the very floats ``stats.figures`` computes, before any rounding."""
    from statistics import mean, median

    office = queue.office
    day = FIRST_DAY
    start = office.start_of_day(day) + timedelta(hours=8)
    counters = [queue.counters["Loket 1"], queue.counters["Loket 2"], queue.counters["Ruang Prioritas"]]
    tickets, plans = [], []
    for n in range(11):
        cls = "priority" if n % 4 == 3 else "general"
        joined = start + timedelta(minutes=9 * n, microseconds=(7919 * n) % 1_000_000)
        called = joined + timedelta(minutes=2 + n % 5, seconds=n, microseconds=(104729 * n) % 1_000_000)
        ended = called + timedelta(minutes=4, microseconds=(15485863 * n) % 1_000_000) if n % 6 else None
        tickets.append(Ticket(office=office, series=queue.series["P" if cls == "priority" else "A"], day=day,
                              number=n + 1, ticket_class=cls, origin="officer", step=queue.steps["intake"],
                              status=TicketStatus.DONE, waiting_since=joined, issued_at=joined, called_at=called,
                              finished_at=ended, counter=counters[n % 3]))
        plans.append((cls, joined, called, ended, counters[n % 3]))
    tickets = Ticket.objects.bulk_create(tickets)
    Visit.objects.bulk_create(
        Visit(ticket=ticket, office=office, day=day, step=queue.steps["intake"], ticket_class=cls, joined_at=joined,
              called_at=called, counter=counter, officer=officer, ended_at=ended,
              outcome=VisitOutcome.DONE if ended else "")
        for ticket, (cls, joined, called, ended, counter) in zip(tickets, plans, strict=True))
    rows = selectors.visit_rows(office, day, day)
    groups = selectors.visit_summaries(office, day, day)
    for name, key in (("total", lambda r: ""), ("class", lambda r: r.ticket_class), ("counter", lambda r: r.counter),
                      ("hour", lambda r: r.joined_at.hour)):
        for k, pure in stats.grouped(rows, key).items():
            got = groups[name][k]
            assert (got.visits, got.called) == (pure.visits, pure.called)
            assert got.wait_median_minutes == median(pure.waits)
            assert got.wait_max_minutes == max(pure.waits)
            assert got.mean_wait == round(mean(pure.waits), 1)
            assert got.mean_service == (round(mean(pure.services), 1) if pure.services else None)
    assert len(groups["counter"]) == 3 and len(groups["class"]) == 2
