"""Office time everywhere: a complaint's date, month and printed times are the office's own, in WIB,
WITA (Balikpapan) and WIT (Jayapura), at the day and month boundary (23:30 local vs 00:30 next day)."""

from datetime import datetime, timedelta
from email.message import EmailMessage
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from maklumat.accounts.roles import Role
from maklumat.complaints.mail import parse
from maklumat.complaints.recap import recap_for
from maklumat.complaints.sla import complaints_sweep
from maklumat.complaints.tests.factories import open_complaint, team
from maklumat.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")


@pytest.fixture(params=["balikpapan", "jayapura"])
def office(request, balikpapan, jayapura):
    return {"balikpapan": balikpapan, "jayapura": jayapura}[request.param]


def local(office, day, hour, minute, month=1):
    return datetime(2025, month, day, hour, minute, tzinfo=office.tz)


def test_public_api_gives_the_office_date_not_the_utc_date(client, pamekasan):
    # Given a complaint received 06:30 WIB on 14 January (23:30 UTC on the 13th)
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 14, 6, 30, tzinfo=WIB))
    status = client.get(f"/api/v1/complaints/public/{complaint.tracking_code}").json()
    assert status["received_on"] == "2025-01-14"


def test_the_public_date_at_00_30_is_the_new_day_in_wita_and_wit(client, office):
    people = team(office)
    late = open_complaint(office, people["petugas_yankomas"], at=local(office, 31, 23, 30))
    early = open_complaint(office, people["petugas_yankomas"], at=local(office, 1, 0, 30, month=2))
    received = [client.get(f"/api/v1/complaints/public/{c.tracking_code}").json()["received_on"]
                for c in (late, early)]
    assert received == ["2025-01-31", "2025-02-01"]
    page = client.get(f"/pengaduan/status/{early.tracking_code}/").content.decode()
    assert "1 Februari 2025" in page


def test_a_complaint_at_00_30_on_the_1st_belongs_to_that_month(office):
    people = team(office)
    january = open_complaint(office, people["petugas_yankomas"], at=local(office, 31, 23, 30))
    february = open_complaint(office, people["petugas_yankomas"], at=local(office, 1, 0, 30, month=2))
    assert [c.tracking_code for c in recap_for(office=office, year=2025, month=1).complaints] == [
        january.tracking_code]
    assert [c.tracking_code for c in recap_for(office=office, year=2025, month=2).complaints] == [
        february.tracking_code]


def test_pages_and_spreadsheet_print_the_office_clock(client_of, office):
    people = team(office)
    complaint = open_complaint(office, people["petugas_yankomas"], at=local(office, 1, 0, 30, month=2))
    client = client_of(people["kasubsi"])
    detail = client.get(f"/kantor/{office.code}/pengaduan/{complaint.tracking_code}/").content.decode()
    assert f"1 Februari 2025 00.30 {office.zone_abbreviation}" in detail
    xlsx = client.get(f"/kantor/{office.code}/pengaduan/rekap/?bulan=2025-02&format=xlsx")
    rows = list(load_workbook(BytesIO(xlsx.content))["Pengaduan"].iter_rows(values_only=True))
    assert rows[1][1] == datetime(2025, 2, 1, 0, 30)


def test_the_sla_warning_names_the_due_time_on_the_office_clock(office):
    people = team(office)
    complaint = open_complaint(office, people["petugas_yankomas"], at=local(office, 3, 9, 0, month=2))
    step = complaint.steps.get(status="active")
    complaints_sweep(now=step.due_at - timedelta(minutes=1))
    warning = complaint.events.get(kind="warning")
    due = step.due_at.astimezone(office.tz)
    assert f"{due:%d-%m-%Y %H:%M} {office.zone_abbreviation}" in warning.note
    assert "Penerimaan dan pemilahan" in warning.note and "intake" not in warning.note


def test_a_mail_date_without_zone_is_read_on_the_mailbox_office_clock(office):
    message = EmailMessage()
    message["From"] = "Rina <rina@example.test>"
    message["Subject"] = "Paspor"
    message["Date"] = "Sat, 01 Feb 2025 00:30:00"
    message.set_content("Isi")
    assert parse(message, office.tz).at == local(office, 1, 0, 30, month=2)


def test_the_notification_list_shows_the_office_clock(client_of, office):
    people = team(office)
    open_complaint(office, people["petugas_yankomas"], at=local(office, 3, 9, 0, month=2))
    kasubsi_notices = people["petugas_yankomas"].complaint_notices.all()
    assert kasubsi_notices.count() == 0  # the recording officer is not told of their own step
    officer = make_user(f"yankomas2.{office.code}", Role.PETUGAS_YANKOMAS, office=office)
    open_complaint(office, people["petugas_yankomas"], at=local(office, 3, 9, 0, month=2))
    page = client_of(officer).get("/pengaduan/notifikasi/").content.decode()
    assert office.zone_abbreviation in page
