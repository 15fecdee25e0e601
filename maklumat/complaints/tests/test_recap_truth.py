"""The recap tells the truth: steps still open past their due time count as late, the overdue count
and the oldest overdue complaint are shown in HTML, PDF, XLSX and the Kanwil roll-up, and the
average handling time is defined in the report itself."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from reportlab import rl_config

from maklumat.accounts.roles import Role
from maklumat.complaints import services
from maklumat.complaints.recap import AVERAGE_HANDLING_DEFINITION, recap_for
from maklumat.complaints.rollup import kanwil_rollup
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")


def t(day, hour, minute=0, month=3):
    return datetime(2025, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


@pytest.fixture
def march(pamekasan, people):
    """One complaint closed on time; five forwarded to the Kasubsi on 10–14 March and never touched."""
    officer = people["petugas_yankomas"]
    closed = open_complaint(pamekasan, officer, at=t(3, 9))
    services.complaint_close_general(actor=officer, complaint_id=closed.pk,
                                     step_id=closed.steps.get(status="active").pk,
                                     category=category("status_check"), resolution="ok", reply="ok", now=t(3, 9, 10))
    stuck = []
    for day in (10, 11, 12, 13, 14):
        complaint = open_complaint(pamekasan, officer, at=t(day, 9))
        services.complaint_escalate(actor=officer, complaint_id=complaint.pk,
                                    step_id=complaint.steps.get(status="active").pk, category=category("other"),
                                    now=t(day, 9, 10))
        stuck.append(complaint)
    return closed, stuck


def test_steps_open_past_their_due_count_against_the_on_time_rate(pamekasan, march):
    # When the March recap is read in early May (the Kasubsi's steps 45+ days overdue)
    recap = recap_for(office=pamekasan, year=2025, month=3, now=t(5, 9, month=5))
    rates = {r.code: (r.due, r.on_time, r.late, r.overdue, r.rate) for r in recap.step_rates}
    # Then the Kasubsi's step is 0 % on time: five fell due in March, none done
    assert rates == {"direct": (6, 6, 0, 0, 100.0), "intake": (6, 6, 0, 0, 100.0),
                     "kasubsi_handle": (5, 0, 0, 5, 0.0)}
    assert recap.overdue == 5
    oldest = recap.oldest_overdue
    assert oldest.tracking_code == march[1][0].tracking_code
    assert oldest.due_at == t(10, 10, 10)  # forwarded 09:10, norm 60 min
    assert oldest.days == 21  # overdue at the end of March (the recap's moment), 10 March 10:10 → 1 April 00:00


def test_the_recap_of_a_running_month_counts_only_what_is_already_due(pamekasan, march):
    recap = recap_for(office=pamekasan, year=2025, month=3, now=t(12, 10))
    rates = {r.code: (r.due, r.on_time, r.overdue) for r in recap.step_rates}
    assert rates["kasubsi_handle"] == (2, 0, 2)  # 10 and 11 March fell due; 12 March is due 10:10, not yet
    assert recap.overdue == 2


def test_html_pdf_xlsx_show_the_overdue_count_the_oldest_and_the_definition(client, pamekasan, people, march,
                                                                              monkeypatch):
    client.force_login(people["kasubsi"])
    oldest = march[1][0].tracking_code
    html = client.get("/kantor/pamekasan/pengaduan/rekap/?bulan=2025-03").content.decode()
    overdue_card = html[html.index('id="overdue"'):html.index('id="average-definition"')]
    assert '<div class="stat">5</div>' in overdue_card and oldest in overdue_card
    assert str(AVERAGE_HANDLING_DEFINITION) in html
    assert "kasubsi_handle" not in html and "Penanganan Kasubsi" in html

    monkeypatch.setattr(rl_config, "pageCompression", 0)
    pdf = client.get("/kantor/pamekasan/pengaduan/rekap/?bulan=2025-03&format=pdf").content
    assert oldest.encode() in pdf and b"Rata-rata waktu penanganan:" in pdf and b"kasubsi_handle" not in pdf

    book = load_workbook(BytesIO(client.get("/kantor/pamekasan/pengaduan/rekap/?bulan=2025-03&format=xlsx").content))
    summary = {row[0]: row[1:] for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Melewati tenggat (belum selesai)"][0] == 5
    assert summary["Terlama melewati tenggat"][0] == oldest
    assert str(AVERAGE_HANDLING_DEFINITION) in summary
    assert summary["Penanganan Kasubsi"][:7] == ("Kasubsi Infokim", 60, 5, 0, 0, 5, 0.0)


def test_the_kanwil_roll_up_shows_overdue_and_the_oldest_across_offices(client, pamekasan, blitar, march):
    rows, totals = kanwil_rollup(offices=[blitar, pamekasan], year=2025, month=3, now=t(5, 9, month=5))
    assert [(r.office.code, r.recap.overdue) for r in rows] == [("blitar", 0), ("pamekasan", 5)]
    assert totals["overdue"] == 5 and totals["oldest_overdue"].tracking_code == march[1][0].tracking_code
    assert totals["on_time_rate"] == round(100 * 12 / 17, 1)  # 12 of 17 steps that fell due were on time
    client.force_login(make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil))
    html = client.get("/kanwil/jawa-timur/pengaduan/rekap/?bulan=2025-03").content.decode()
    card = html[html.index('id="overdue"'):]
    assert '<div class="stat">5</div>' in card and march[1][0].tracking_code in card


def test_average_handling_is_working_time_from_receipt_to_answer_without_pauses(pamekasan, people):
    officer = people["petugas_yankomas"]
    complaint = open_complaint(pamekasan, officer, at=t(3, 9))
    services.complaint_pause(actor=officer, complaint_id=complaint.pk, reason="Menunggu KTP", now=t(3, 9, 5))
    services.complaint_resume(actor=officer, complaint_id=complaint.pk, now=t(3, 10, 5))
    services.complaint_close_general(actor=officer, complaint_id=complaint.pk,
                                     step_id=complaint.steps.get(status="active").pk,
                                     category=category("status_check"), resolution="ok", reply="ok", now=t(3, 10, 20))
    recap = recap_for(office=pamekasan, year=2025, month=3, now=t(1, 9, month=4))
    assert recap.average_handling == timedelta(minutes=20)  # 80 minutes minus the 60-minute pause
