"""The kiosk's number as one self-committing statement, and each counter's calls in a chain of its own.

On PostgreSQL, outside any transaction, issuing a walk-in number is one statement that is its own
transaction (no lock held while Python runs): numbers stay gapless and unique under parallel kiosks
and every number has its audit entry. Calls are chained per counter, so parallel counters never wait
for one chain head; every chain verifies.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from maklumat.accounts.roles import Role
from maklumat.audit.chain import chain_name, counter_chain_name
from maklumat.audit.models import AuditChainHead, AuditEntry
from maklumat.audit.services import audit_verify, audit_verify_chain
from maklumat.conftest import make_user
from maklumat.queueing.models import QueueConfig, Ticket
from maklumat.queueing.services import call_next, kiosk_ticket_issue
from maklumat.queueing.tests.conftest import at, issue


def _no_quota(queue) -> None:
    config = QueueConfig.objects.get(office=queue.office)
    config.walk_in_daily_quota = None
    config.save()  # through save(): the hot cache forgets the old setting


def _kiosk_issue(queue, kiosk):
    return kiosk_ticket_issue(office=queue.office, actor=kiosk, ticket_class="general", step=queue.steps["intake"])


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the self-committing statement and real parallel writers need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_200_parallel_kiosk_numbers_outside_a_transaction_are_gapless_and_each_audited(queue):
    _postgresql_only()
    _no_quota(queue)
    kiosk = make_user("kiosk.paralel", Role.DUTA_LAYANAN, office=queue.office)
    threads, per_thread = 40, 5
    barrier = threading.Barrier(threads)

    def worker(_):
        try:
            barrier.wait()
            assert not connection.in_atomic_block
            return [_kiosk_issue(queue, kiosk).number for _ in range(per_thread)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        numbers = [n for chunk in pool.map(worker, range(threads)) for n in chunk]
    assert sorted(numbers) == list(range(1, 201))
    ticket_ids = {str(pk) for pk in Ticket.objects.values_list("pk", flat=True)}
    audited = list(AuditEntry.objects.filter(action="queue.ticket_issue").values_list("object_id", flat=True))
    assert sorted(audited) == sorted(ticket_ids)  # one entry per number, none missing, none twice
    assert audit_verify_chain(chain_name(queue.office.pk)) == (200, None)


@pytest.mark.django_db(transaction=True)
def test_a_kiosk_number_whose_chain_head_vanished_is_written_with_its_entry_or_not_at_all(queue):
    """The process remembers the head exists; a flushed database removed it: the statement refuses, then
    the head is created and the number written with its entry (never a number without one)."""
    _postgresql_only()
    _no_quota(queue)
    kiosk = make_user("kiosk.kepala", Role.DUTA_LAYANAN, office=queue.office)
    _kiosk_issue(queue, kiosk)
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()
    Ticket.objects.all().delete()  # a flushed database, as between two tests
    ticket = _kiosk_issue(queue, kiosk)
    assert list(AuditEntry.objects.values_list("object_id", "seq")) == [(str(ticket.pk), 1)]
    assert audit_verify(queue.office.code) == (1, None)


@pytest.mark.django_db(transaction=True)
def test_parallel_counters_write_their_calls_to_their_own_chains_which_verify(queue, officer):
    _postgresql_only()
    from maklumat.queueing.models import Counter

    for i in range(40):
        issue(queue, officer, "P" if i % 5 == 0 else "A", now=at(8, i // 10, i % 60))
    counters = [Counter.objects.create(office=queue.office, name=f"Loket rantai {i}") for i in range(8)]
    for counter in counters:
        counter.steps.set([queue.steps["intake"]])
    barrier = threading.Barrier(len(counters))

    def worker(counter):
        try:
            barrier.wait()
            return [t.pk for _ in range(6) if (t := call_next(counter=counter, actor=officer, now=at(9)))]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(counters)) as pool:
        called = [pk for chunk in pool.map(worker, counters) for pk in chunk]
    assert sorted(called) == sorted(set(called)) and len(called) == 40
    calls = AuditEntry.objects.filter(action="queue.call")
    assert calls.count() == 40
    in_counter_chains = 0
    for counter in counters:
        chain = counter_chain_name(queue.office.pk, counter.pk)
        summaries = list(calls.filter(chain=chain).values_list("summary", flat=True))
        assert all(summary.endswith(f"→ {counter.name}") for summary in summaries)  # only its own calls
        in_counter_chains += len(summaries)
        checked, broken = audit_verify_chain(chain)
        assert broken is None
        assert checked == AuditEntry.objects.filter(chain=chain).count()
    assert in_counter_chains == 40
    total, broken = audit_verify(queue.office.code)
    assert broken is None
    assert total == AuditEntry.objects.filter(office=queue.office).count()
