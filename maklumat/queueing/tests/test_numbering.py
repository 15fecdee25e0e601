"""Numbers per office, day and series: gapless, never duplicated, also when issued in parallel."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

import pytest
from django.db import connection

from maklumat.queueing.models import Ticket
from maklumat.queueing.services import compensation_ticket_issue
from maklumat.queueing.tests.conftest import at, issue


def test_numbers_count_up_per_series_and_show_with_their_letter(queue, officer):
    tickets = [issue(queue, officer, code) for code in ["A", "A", "P", "A", "P"]]
    assert [t.display_number for t in tickets] == ["A-001", "A-002", "P-001", "A-003", "P-002"]


def test_numbers_start_again_at_one_on_the_next_office_day(queue, officer):
    issue(queue, officer, now=at(8))
    # 17:00 UTC on 2 June is already 00:00 on 3 June in Blitar (WIB).
    from datetime import datetime

    next_day = issue(queue, officer, now=datetime(2025, 6, 2, 17, 0, tzinfo=UTC))
    assert (next_day.day.isoformat(), next_day.display_number) == ("2025-06-03", "A-001")


def test_offices_number_independently(queue, officer, pamekasan):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user
    from maklumat.queueing.models import Series, Step
    from maklumat.queueing.services import officer_ticket_issue

    issue(queue, officer)
    other = officer_ticket_issue(office=pamekasan, actor=make_user("loket.pmk", Role.PETUGAS_LOKET, office=pamekasan),
                                 series=Series.objects.get(office=pamekasan, code="A"),
                                 step=Step.objects.get(office=pamekasan, code="intake"), now=at(8))
    assert other.display_number == "A-001"


def test_compensation_tickets_have_their_own_k_series(queue, yankomas, officer):
    issue(queue, officer)
    first = compensation_ticket_issue(office=queue.office, actor=yankomas, now=at(9))
    second = compensation_ticket_issue(office=queue.office, actor=yankomas, now=at(9, 5))
    assert (first.display_number, second.display_number) == ("K-001", "K-002")
    assert first.ticket_class == "compensation" and first.origin == "compensation"


def test_a_series_of_another_office_is_refused(queue, officer, pamekasan):
    from maklumat.queueing.models import Series
    from maklumat.queueing.services import QueueError, officer_ticket_issue

    with pytest.raises(QueueError):
        officer_ticket_issue(office=queue.office, actor=officer, series=Series.objects.get(office=pamekasan, code="A"),
                             step=queue.steps["intake"], now=at(8))
    assert Ticket.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_200_parallel_issues_give_200_distinct_consecutive_numbers(queue, officer):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel writers need PostgreSQL; SQLite serialises writers (IMMEDIATE transactions)")
    threads, per_thread = 40, 5
    barrier = threading.Barrier(threads)

    def worker(_):
        try:
            barrier.wait()
            return [issue(queue, officer).number for _ in range(per_thread)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        numbers = [n for chunk in pool.map(worker, range(threads)) for n in chunk]
    assert sorted(numbers) == list(range(1, 201))
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, 201))


@pytest.mark.django_db(transaction=True)
def test_parallel_issues_on_sqlite_are_serialised_without_gaps(queue, officer):
    threads, per_thread = 8, 5
    barrier = threading.Barrier(threads)

    def worker(_):
        try:
            barrier.wait()
            return [issue(queue, officer, code="P").number for _ in range(per_thread)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        numbers = [n for chunk in pool.map(worker, range(threads)) for n in chunk]
    assert sorted(numbers) == list(range(1, 41))
