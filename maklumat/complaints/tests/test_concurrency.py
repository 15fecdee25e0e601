"""Parallel escalations and sweeps on PostgreSQL: exactly one wins, nothing is stored twice."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from maklumat.complaints import services
from maklumat.complaints.models import ComplaintEvent, ComplaintNotification, StepStatus
from maklumat.complaints.sla import complaints_sweep
from maklumat.complaints.tests.factories import category, open_complaint, team

WIB = ZoneInfo("Asia/Jakarta")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks (select_for_update) need PostgreSQL; SQLite serialises every writer"),
]


def run_in_threads(count, work):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker(index):
        try:
            barrier.wait()
            outcomes.append(("ok", work(index)))
        except Exception as exc:  # noqa: BLE001 - the test inspects which exception each thread got
            outcomes.append(("error", type(exc).__name__))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_escalations_of_the_same_step_store_one(pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB))
    step_id = complaint.steps.get(status=StepStatus.ACTIVE).pk
    other = category("other")

    outcomes = run_in_threads(6, lambda i: services.complaint_escalate(
        actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=step_id, category=other,
        note=f"thread {i}", now=datetime(2025, 1, 13, 9, 5, tzinfo=WIB)).pk)

    assert sorted(kind for kind, _ in outcomes) == ["error"] * 5 + ["ok"]
    assert {value for kind, value in outcomes if kind == "error"} == {"StepConflict"}
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="escalated").count() == 1
    assert list(complaint.steps.filter(status=StepStatus.ACTIVE).values_list("code", flat=True)) == [
        "kasubsi_handle"]


def test_parallel_sweeps_notify_once(pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB))
    late = datetime(2025, 1, 13, 11, tzinfo=WIB)

    run_in_threads(4, lambda i: complaints_sweep(now=late))

    assert ComplaintEvent.objects.filter(complaint=complaint, kind="breach").count() == 1
    assert sorted(ComplaintNotification.objects.exclude(kind="assigned").values_list("user__role", "kind")) == [
        ("kasubsi", "breach_escalated"), ("petugas_yankomas", "breach")]
