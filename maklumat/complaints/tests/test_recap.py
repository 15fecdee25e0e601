"""The monthly recap report: counts, on-time rates, handling time, PDF/XLSX, submission, Kanwil roll-up."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.complaints import services
from maklumat.complaints.models import RecapSubmission
from maklumat.complaints.recap import recap_for, recap_submit
from maklumat.complaints.rollup import kanwil_rollup
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")


def t(day, hour, minute=0, month=1):
    return datetime(2025, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


@pytest.fixture
def january(pamekasan, people):
    """Three January complaints: one closed by the officer, one via the Kasi (late), one still open."""
    officer = people["petugas_yankomas"]
    general = open_complaint(pamekasan, officer, at=t(13, 9))
    services.complaint_close_general(actor=officer, complaint_id=general.pk,
                                     step_id=general.steps.get(status="active").pk,
                                     category=category("status_check"), resolution="ok", reply="ok",
                                     now=t(13, 9, 20))
    services.complaint_rate(tracking_code=general.tracking_code, rating=4)
    chain = open_complaint(pamekasan, people["pengelola_medsos"], channel="social_media", at=t(14, 9),
                           details={"platform": "instagram", "handle": "@warga"})
    for who, action, at in [("petugas_yankomas", "escalate", t(14, 9, 10)), ("kasubsi", "escalate", t(14, 10)),
                            ("kasi", "direct", t(14, 12)), ("kasubsi", "escalate", t(14, 12, 30)),
                            ("petugas_yankomas", "resolve", t(14, 13))]:
        step = chain.steps.get(status="active").pk
        kwargs = {"actor": people[who], "complaint_id": chain.pk, "step_id": step, "now": at}
        if action == "escalate":
            services.complaint_escalate(**kwargs, category=category("staff_conduct"))
        elif action == "direct":
            services.complaint_direct(**kwargs, direction="Tegur petugas")
        else:
            services.complaint_resolve(**kwargs, resolution="Ditegur", reply="Mohon maaf")
    open_complaint(pamekasan, officer, channel="email", at=t(31, 15))
    open_complaint(pamekasan, officer, at=t(3, 9, month=2))  # February: not in January's report
    return general, chain


def test_recap_counts_channels_categories_outcomes(pamekasan, january):
    recap = recap_for(office=pamekasan, year=2025, month=1)
    assert (recap.total, recap.resolved, recap.still_open) == (3, 2, 1)
    assert recap.by_channel == [("Datang langsung (Pos Yankomas)", 1), ("Media sosial", 1), ("Surel", 1)]
    assert dict(recap.by_category) == {"Pengecekan status penyelesaian paspor": 1, "Sikap dan perilaku petugas": 1,
                                       "Belum dipilah": 1}
    assert dict(recap.by_outcome) == {"Diselesaikan petugas (umum)": 1, "Diselesaikan dengan arahan Kasi": 1,
                                      "Masih diproses": 1}
    assert recap.average_rating == 4.0


def test_recap_on_time_rate_per_step_and_average_working_handling_time(pamekasan, january):
    recap = recap_for(office=pamekasan, year=2025, month=1)
    rates = {r.code: (r.due, r.on_time, r.late, r.overdue, r.rate) for r in recap.step_rates}
    # social media at Pamekasan follows its walk-in chain: intake 30 min (09:00–09:10 and 13 Jan 09:00–09:20);
    # the e-mail of Friday 31 Jan 15:00 has its intake due 15:30 and still open at the month's end: overdue.
    assert rates == {
        "direct": (1, 1, 0, 0, 100.0),
        "intake": (3, 2, 0, 1, 66.7),
        "kasubsi_handle": (1, 1, 0, 0, 100.0),  # 09:10 → 10:00 within 60 min
        "kasi_direct": (1, 0, 1, 0, 0.0),  # 10:00 → 12:00, norm 60 min
        "kasubsi_forward": (1, 1, 0, 0, 100.0),
        "resolve": (1, 1, 0, 0, 100.0),
    }
    assert recap.overdue == 1 and recap.oldest_overdue.tracking_code == recap.complaints[-1].tracking_code
    # handling: 20 minutes and 4 hours of working time → average 2 h 10 min
    assert recap.average_handling == timedelta(hours=2, minutes=10)


def test_recap_pdf_and_xlsx(client, pamekasan, people, january):
    client.force_login(people["kasubsi"])
    pdf = client.get("/kantor/pamekasan/pengaduan/rekap/?bulan=2025-01&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/kantor/pamekasan/pengaduan/rekap/?bulan=2025-01&format=xlsx")
    book = load_workbook(BytesIO(xlsx.content))
    rows = list(book["Pengaduan"].iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][0] == "Kode"
    assert {january[0].tracking_code, january[1].tracking_code} < {row[0] for row in rows[1:]}
    assert book["Ringkasan"]["B3"].value == 3


def test_a_month_that_cannot_be_is_400_naming_the_parameter(client, pamekasan, people):
    client.force_login(people["kasubsi"])
    for bad in ("2025-13", "9999-13", "9999-12", "0-1", "2025-01-01", "x\x00", "99999999999999999999-01"):
        response = client.get("/kantor/pamekasan/pengaduan/rekap/", {"bulan": bad})
        assert response.status_code == 400, bad
        assert "bulan:" in response.content.decode(), bad


def test_submitting_up_the_hierarchy_records_who_and_when_once(pamekasan, people, january):
    with pytest.raises(ValidationError, match="setelah bulan berakhir"):
        recap_submit(actor=people["kasubsi"], office=pamekasan, year=2025, month=1, now=t(31, 16))
    submission = recap_submit(actor=people["kasubsi"], office=pamekasan, year=2025, month=1, now=t(3, 9, month=2))
    assert (submission.submitted_by, submission.submitted_at) == (people["kasubsi"], t(3, 9, month=2))
    assert submission.totals["total"] == 3 and submission.totals["on_time"]["kasi_direct"] == [0, 1]
    assert submission.totals["on_time"]["intake"] == [2, 3] and submission.totals["overdue"] == 1
    with pytest.raises(ValidationError, match="sudah dikirim"):
        recap_submit(actor=people["kasi"], office=pamekasan, year=2025, month=1, now=t(4, 9, month=2))
    assert RecapSubmission.objects.count() == 1
    assert AuditEntry.objects.filter(action="complaint.recap_submit").count() == 1


def test_a_counter_officer_cannot_submit(pamekasan, people):
    with pytest.raises(PermissionDenied):
        recap_submit(actor=people["petugas_loket"], office=pamekasan, year=2025, month=1, now=t(3, 9, month=2))


def test_kanwil_sees_its_offices_rolled_up_with_submissions(client, pamekasan, blitar, people, january):
    recap_submit(actor=people["kasubsi"], office=pamekasan, year=2025, month=1, now=t(3, 9, month=2))
    rows, totals = kanwil_rollup(offices=[blitar, pamekasan], year=2025, month=1)
    assert [(r.office.code, r.recap.total, r.submission is not None) for r in rows] == [
        ("blitar", 0, False), ("pamekasan", 3, True)]
    assert (totals["total"], totals["submitted"]) == (3, 1)
    supervisor = make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil)
    client.force_login(supervisor)
    html = client.get("/kanwil/jawa-timur/pengaduan/rekap/?bulan=2025-01").content.decode()
    assert "Kantor Imigrasi Kelas II Non TPI Pamekasan" in html and people["kasubsi"].display_name in html
    assert client.get("/kanwil/kalimantan-timur/pengaduan/rekap/").status_code == 404


def test_durations_print_as_hours_and_minutes():
    from maklumat.complaints.recap import duration_text

    assert [duration_text(d) for d in (timedelta(minutes=20), timedelta(hours=2, minutes=10), None)] == [
        "20 m", "2 j 10 m", "—"]


def test_the_kanwil_roll_up_refuses_a_month_that_cannot_be_with_400(client, pamekasan):
    client.force_login(make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil))
    response = client.get("/kanwil/jawa-timur/pengaduan/rekap/", {"bulan": "9999-13"})
    assert response.status_code == 400 and "bulan:" in response.content.decode()
    response = client.post("/kantor/pamekasan/pengaduan/rekap/kirim/?bulan=9999-12")
    assert response.status_code == 403  # a supervisor may not submit, whatever the month
