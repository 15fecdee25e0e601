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


def _answered(pamekasan, people):
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB))
    step = complaint.steps.get(status=StepStatus.ACTIVE)
    services.complaint_close_general(actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=step.pk,
                                     category=category("status_check"), resolution="Status dicek: siap diambil.",
                                     reply="Paspor Anda dapat diambil besok.",
                                     now=datetime(2025, 1, 13, 9, 20, tzinfo=WIB))
    return complaint


def test_parallel_reopens_and_auto_closes_let_exactly_one_win(pamekasan):
    people = team(pamekasan)
    complaint = _answered(pamekasan, people)
    # the complainant's clock says 23:59 of the last day, the sweep's 00:00 of the next: one of them wins
    last_minute, closing = datetime(2025, 1, 30, 23, 59, tzinfo=WIB), datetime(2025, 1, 31, 0, 0, tzinfo=WIB)

    def work(index):
        if index % 2:
            return services.complaint_reopen(tracking_code=complaint.tracking_code, now=last_minute,
                                             reason="Paspor belum ada di loket saat saya datang.").status
        return services.complaint_auto_close(complaint_id=complaint.pk, now=closing)

    outcomes = run_in_threads(4, work)
    complaint.refresh_from_db()
    reopened = ComplaintEvent.objects.filter(complaint=complaint, kind="reopened").count()
    closed = ComplaintEvent.objects.filter(complaint=complaint, kind="auto_closed").count()
    assert (reopened, closed) in ((1, 0), (0, 1))
    assert (complaint.status == "open") == (reopened == 1) and (complaint.closed_at is not None) == (closed == 1)
    assert {kind for kind, _ in outcomes} <= {"ok", "error"}
    assert {value for kind, value in outcomes if kind == "error"} <= {"ValidationError"}


def test_parallel_lapor_imports_of_one_file_open_each_report_once(blitar, tmp_path):
    from maklumat.complaints.lapor import LaporFileError, lapor_import
    from maklumat.complaints.models import Complaint

    path = tmp_path / "lapor.csv"
    path.write_text("ID Tracking,Tanggal Laporan,Judul,Isi Laporan\n"
                    "7000001,2025-05-06 10:15,Antrean lama,Menunggu empat jam.\n"
                    "7000002,2025-05-06 11:15,Calo,Ditawari antrean cepat.\n", encoding="utf-8")

    def work(_index):
        try:
            result = lapor_import(office=blitar, path=path)
        except LaporFileError as exc:
            return exc.lines[0]
        return len(result.opened), len(result.skipped)

    outcomes = run_in_threads(3, work)
    assert sorted(value for _, value in outcomes) == [(0, 2), (0, 2), (2, 0)]  # one opens, the others skip
    assert sorted(Complaint.objects.values_list("lapor_tracking_id", flat=True)) == ["7000001", "7000002"]
