"""Counters: call next by the office rule, recall, no-show, transfer, end; never the same ticket twice."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from maklumat.queueing.models import Call, QueueConfig, Ticket, Visit
from maklumat.queueing.services import (
    QueueError,
    call_next,
    compensation_ticket_issue,
    current_ticket,
    ticket_end,
    ticket_no_show,
    ticket_recall,
    ticket_transfer,
)
from maklumat.queueing.tests.conftest import at, issue


def test_call_next_takes_the_longest_waiting_general_ticket(queue, officer):
    first = issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    called = call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 5))
    assert (called.pk, called.status, called.counter.name) == (first.pk, "called", "Loket 1")
    assert Call.objects.get().ticket_id == first.pk


def test_blitar_calls_priority_first_and_compensation_before_all(queue, officer, yankomas):
    issue(queue, officer, "A", now=at(8))
    issue(queue, officer, "P", now=at(8, 10))
    compensation_ticket_issue(office=queue.office, actor=yankomas, now=at(8, 20))
    counter = queue.counters["Loket 1"]
    calls = [call_next(counter=counter, actor=officer, now=at(9, i)).display_number for i in range(3)]
    assert calls == ["K-001", "P-001", "A-001"]


def test_ratio_rule_calls_n_general_then_one_priority(queue, officer):
    QueueConfig.objects.filter(office=queue.office).update(calling_rule="ratio", general_per_priority=2)
    for i in range(4):
        issue(queue, officer, "A", now=at(8, i))
    issue(queue, officer, "P", now=at(8, 10))
    counter = queue.counters["Loket 1"]
    calls = [call_next(counter=counter, actor=officer, now=at(9, i)).display_number for i in range(5)]
    assert calls == ["A-001", "A-002", "P-001", "A-003", "A-004"]


def test_a_counter_only_calls_tickets_of_its_steps(queue, officer):
    issue(queue, officer, step="handover", now=at(8))
    assert call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 5)) is None
    assert call_next(counter=queue.counters["Loket 5"], actor=officer, now=at(8, 6)).display_number == "A-001"


def test_call_next_ends_the_current_ticket_first(queue, officer):
    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    counter = queue.counters["Loket 1"]
    first = call_next(counter=counter, actor=officer, now=at(8, 2))
    call_next(counter=counter, actor=officer, now=at(8, 9))
    first.refresh_from_db()
    assert (first.status, first.finished_at) == ("done", at(8, 9))
    assert Visit.objects.get(ticket=first).outcome == "done"


def test_recall_announces_the_same_ticket_again(queue, officer):
    issue(queue, officer, now=at(8))
    counter = queue.counters["Loket 1"]
    ticket = call_next(counter=counter, actor=officer, now=at(8, 1))
    ticket_recall(counter=counter, actor=officer, now=at(8, 2))
    assert list(Call.objects.order_by("id").values_list("ticket_id", "is_recall")) == [
        (ticket.pk, False), (ticket.pk, True)]


def test_no_show_ends_the_ticket_and_counts_as_no_show(queue, officer):
    issue(queue, officer, now=at(8))
    counter = queue.counters["Loket 1"]
    ticket = call_next(counter=counter, actor=officer, now=at(8, 1))
    ticket_recall(counter=counter, actor=officer, now=at(8, 2))
    ticket_recall(counter=counter, actor=officer, now=at(8, 3))
    ticket_no_show(counter=counter, actor=officer, now=at(8, 5))
    ticket.refresh_from_db()
    assert ticket.status == "no_show"
    assert Visit.objects.get(ticket=ticket).outcome == "no_show"
    assert current_ticket(counter) is None


def test_transfer_keeps_the_number_and_queues_it_at_the_new_step(queue, officer):
    issue(queue, officer, now=at(8))
    intake = queue.counters["Loket 1"]
    ticket = call_next(counter=intake, actor=officer, now=at(8, 1))
    moved = ticket_transfer(counter=intake, actor=officer, step=queue.steps["biometric"], now=at(8, 6))
    assert (moved.display_number, moved.status, moved.step.code, moved.waiting_since) == (
        "A-001", "waiting", "biometric", at(8, 6))
    assert list(Visit.objects.filter(ticket=ticket).values_list("step__code", "outcome")) == [
        ("intake", "transferred"), ("biometric", "")]
    assert call_next(counter=queue.counters["Loket 3"], actor=officer, now=at(8, 20)).pk == ticket.pk


def test_transfer_to_the_same_step_is_refused(queue, officer):
    issue(queue, officer, now=at(8))
    counter = queue.counters["Loket 1"]
    call_next(counter=counter, actor=officer, now=at(8, 1))
    with pytest.raises(QueueError):
        ticket_transfer(counter=counter, actor=officer, step=queue.steps["intake"], now=at(8, 2))
    assert Ticket.objects.get().status == "called"


def test_end_without_a_called_ticket_is_refused(queue, officer):
    with pytest.raises(QueueError) as refused:
        ticket_end(counter=queue.counters["Loket 1"], actor=officer, now=at(8))
    assert refused.value.code == "nothing_called"


def test_the_priority_room_takes_priority_even_when_the_office_uses_a_ratio(queue, officer):
    QueueConfig.objects.filter(office=queue.office).update(calling_rule="ratio", general_per_priority=5)
    issue(queue, officer, "A", now=at(8))
    issue(queue, officer, "P", now=at(8, 30))
    assert call_next(counter=queue.counters["Ruang Prioritas"], actor=officer, now=at(9)).display_number == "P-001"


@pytest.mark.django_db(transaction=True)
def test_counters_calling_at_the_same_moment_never_get_the_same_ticket(queue, officer):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel writers need PostgreSQL; SQLite serialises writers (IMMEDIATE transactions)")
    from maklumat.queueing.models import Counter

    for i in range(60):
        issue(queue, officer, "P" if i % 5 == 0 else "A", now=at(8, i // 10, i % 60))
    counters = [Counter.objects.create(office=queue.office, name=f"Loket uji {i}") for i in range(12)]
    for counter in counters:
        counter.steps.set([queue.steps["intake"]])
    barrier = threading.Barrier(len(counters))

    def worker(counter):
        try:
            barrier.wait()
            got = []
            for _ in range(5):
                ticket = call_next(counter=counter, actor=officer, now=at(9))
                if ticket is not None:
                    got.append(ticket.pk)
            return got
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(counters)) as pool:
        called = [pk for chunk in pool.map(worker, counters) for pk in chunk]
    assert len(called) == 60
    assert len(set(called)) == 60
    assert Call.objects.filter(is_recall=False).count() == 60
    assert not Ticket.objects.filter(status="waiting").exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_calls_on_any_database_never_share_a_ticket(queue, officer):
    """The same race with a few counters; on SQLite the IMMEDIATE transactions serialise it."""
    from maklumat.queueing.models import Counter

    for i in range(12):
        issue(queue, officer, now=at(8, i))
    counters = [Counter.objects.create(office=queue.office, name=f"Loket paralel {i}") for i in range(4)]
    for counter in counters:
        counter.steps.set([queue.steps["intake"]])
    barrier = threading.Barrier(len(counters))

    def worker(counter):
        try:
            barrier.wait()
            return [t.pk for t in (call_next(counter=counter, actor=officer, now=at(9)) for _ in range(3)) if t]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(counters)) as pool:
        called = [pk for chunk in pool.map(worker, counters) for pk in chunk]
    assert sorted(called) == sorted(Ticket.objects.values_list("pk", flat=True))
