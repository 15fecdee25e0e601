"""Staff pages and API: scoping (outsiders get 404), roles, anonymity, intake on every channel, PDFs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.accounts.roles import Role
from maklumat.complaints.models import Channel, Complaint
from maklumat.complaints.sla import complaints_sweep
from maklumat.complaints.tests.factories import open_complaint, team
from maklumat.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


@pytest.fixture
def complaint(pamekasan, people):
    return open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB),
                          anonymous=True)


@pytest.fixture
def pamekasan_outsider(balikpapan):
    return make_user("yankomas.balikpapan", Role.PETUGAS_YANKOMAS, office=balikpapan)


def test_outsider_gets_404_for_every_complaint_url(client_of, complaint, pamekasan_outsider):
    client = client_of(pamekasan_outsider)
    base = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/"
    for url in ["/kantor/pamekasan/pengaduan/", "/kantor/pamekasan/pengaduan/baru/", base, f"{base}formulir.pdf",
                "/kantor/pamekasan/pengaduan/rekap/", "/kantor/pamekasan/pengaduan/formulir-kosong.pdf",
                f"/api/v1/offices/pamekasan/complaints/{complaint.tracking_code}",
                "/api/v1/offices/pamekasan/complaints",
                "/kanwil/jawa-timur/pengaduan/rekap/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}aksi/", {"action": "pause", "reason": "x"}).status_code == 404
    # guessing the code under the outsider's own office finds nothing either
    assert client.get(f"/kantor/balikpapan/pengaduan/{complaint.tracking_code}/").status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).status == "open"


def test_a_counter_officer_of_the_same_office_gets_403(client_of, complaint, people):
    assert client_of(people["petugas_loket"]).get("/kantor/pamekasan/pengaduan/").status_code == 403


def test_anonymous_reporter_is_hidden_from_the_kanwil_supervisor_but_not_the_team(client_of, complaint, people,
                                                                                   pamekasan):
    supervisor = make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil)
    url = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/"
    html = client_of(supervisor).get(url).content.decode()
    assert "Siti Rahma" not in html and "081234567890" not in html and "siti@example.test" not in html
    assert "hanya terlihat oleh tim pengaduan" in html
    assert "Siti Rahma" not in client_of(supervisor).get("/kantor/pamekasan/pengaduan/").content.decode()
    api = client_of(supervisor).get(f"/api/v1/offices/pamekasan/complaints/{complaint.tracking_code}").json()
    assert api["reporter_name"] is None
    assert "Siti Rahma" in client_of(people["kasi"]).get(url).content.decode()


def test_supervisor_reads_but_acting_is_403(client_of, complaint, pamekasan):
    supervisor = make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil)
    client = client_of(supervisor)
    url = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/"
    assert "Tindakan" not in client.get(url).content.decode()
    assert client.post(f"{url}aksi/", {"action": "pause", "reason": "x"}).status_code == 403
    assert client.get("/kantor/pamekasan/pengaduan/baru/").status_code == 403


def test_queue_shows_breached_first_with_sla_colours_in_constant_queries(client_of, pamekasan, people):
    calm = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 10, 30, tzinfo=WIB))
    late = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB))
    complaints_sweep(now=datetime(2025, 1, 13, 10, 45, tzinfo=WIB))
    client = client_of(people["kasubsi"])
    html = client.get("/kantor/pamekasan/pengaduan/").content.decode()
    assert html.index(late.tracking_code) < html.index(calm.tracking_code)
    assert 'class="is-late"' in html
    for index in range(5):
        open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 14, 9, index, tzinfo=WIB))
    with CaptureQueriesContext(connection) as few:
        client.get("/kantor/pamekasan/pengaduan/")
    for index in range(5):
        open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 15, 9, index, tzinfo=WIB))
    with CaptureQueriesContext(connection) as more:
        client.get("/kantor/pamekasan/pengaduan/")
    assert len(more.captured_queries) == len(few.captured_queries)


def intake_data(**extra):
    return {"channel": "walk_in", "reporter_name": "Ahmad", "reporter_phone": "081331234567",
            "subject": "Paspor belum jadi", "description": "Sudah lewat tiga hari kerja dan paspor belum jadi.",
            **extra}


def test_officer_records_a_walk_in_complaint(client_of, people):
    response = client_of(people["petugas_yankomas"]).post("/kantor/pamekasan/pengaduan/baru/", intake_data())
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{complaint.tracking_code}/")
    assert (complaint.channel, complaint.created_by) == (Channel.WALK_IN, people["petugas_yankomas"])


def test_social_media_intake_requires_platform_and_handle(client_of, people):
    client = client_of(people["pengelola_medsos"])
    response = client.post("/kantor/pamekasan/pengaduan/baru/", intake_data(channel="social_media"))
    assert "Wajib untuk pengaduan media sosial" in response.content.decode()
    assert Complaint.objects.count() == 0
    client.post("/kantor/pamekasan/pengaduan/baru/", intake_data(
        channel="social_media", platform="instagram", handle="@ahmad", post_url="https://instagram.com/p/1"))
    assert Complaint.objects.get().handle == "@ahmad"


def test_letter_intake_stores_the_scan_and_refuses_other_files(client_of, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_of(people["petugas_yankomas"])
    bad = SimpleUploadedFile("surat.exe", b"MZ", content_type="application/octet-stream")
    response = client.post("/kantor/pamekasan/pengaduan/baru/", intake_data(
        channel="letter", letter_number="470/1/2025", letter_scan=bad))
    assert "PDF, JPG atau PNG" in response.content.decode() and Complaint.objects.count() == 0
    scan = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    client.post("/kantor/pamekasan/pengaduan/baru/", intake_data(channel="letter", letter_number="470/1/2025",
                                                                 letter_scan=scan))
    complaint = Complaint.objects.get()
    assert complaint.letter_scan.read() == b"%PDF-1.4 demo"


def test_call_center_intake_and_unknown_application_number(client_of, people):
    client = client_of(people["petugas_yankomas"])
    response = client.post("/kantor/pamekasan/pengaduan/baru/", intake_data(
        channel="call_center", application_number="NOPE-1"))
    assert "Permohonan NOPE-1 tidak ada di kantor ini" in response.content.decode()
    client.post("/kantor/pamekasan/pengaduan/baru/", intake_data(channel="call_center"))
    assert Complaint.objects.get().channel == "call_center"


def test_action_through_the_page_escalates_and_a_stale_form_is_refused(client_of, complaint, people):
    from maklumat.complaints.tests.factories import category

    client = client_of(people["petugas_yankomas"])
    url = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/aksi/"
    step = complaint.steps.get(status="active").pk
    client.post(url, {"action": "forward", "step": step, "category": category("other").pk, "note": "naik"})
    response = client.post(url, {"action": "forward", "step": step, "category": category("other").pk},
                           follow=True)
    assert "sudah ditangani oleh orang lain" in response.content.decode()
    assert complaint.steps.get(status="active").code == "kasubsi_handle"


def test_complaint_form_pdfs_blank_and_filled(client_of, complaint, people):
    client = client_of(people["petugas_yankomas"])
    blank = client.get("/kantor/pamekasan/pengaduan/formulir-kosong.pdf")
    filled = client.get(f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/formulir.pdf")
    assert blank["Content-Type"] == filled["Content-Type"] == "application/pdf"
    assert blank.content.startswith(b"%PDF") and filled.content.startswith(b"%PDF")
    assert complaint.tracking_code in filled["Content-Disposition"]


def test_linked_application_shows_its_page_and_the_compensation_action(client_of, pamekasan, people):
    from maklumat.applications.models import Application
    from maklumat.standards.models import Service

    application = Application.objects.create(office=pamekasan, number="PMK-2025-0007",
                                             service=Service.objects.first(), booking_channel="m_paspor",
                                             applicant_name="Rudi")
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB),
                               application=application)
    html = client_of(people["petugas_yankomas"]).get(
        f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/").content.decode()
    assert html.count('href="/kantor/pamekasan/permohonan/PMK-2025-0007/"') == 2
    assert "Mulai klaim kompensasi" in html


def test_staff_api_intake_and_listing(client_of, people):
    client = client_of(people["pengelola_medsos"])
    response = client.post("/api/v1/offices/pamekasan/complaints", {
        "channel": "social_media", "subject": "Antrean penuh", "reporter_name": "Yuni", "platform": "instagram",
        "handle": "@yuni", "description": "Kuota antrean M-Paspor penuh terus sejak minggu lalu.",
        "reporter_phone": "081200001111"}, content_type="application/json")
    assert response.status_code == 201, response.content
    rows = client.get("/api/v1/offices/pamekasan/complaints").json()
    assert [(r["channel"], r["reporter_name"]) for r in rows] == [("social_media", "Yuni")]
    assert [s["code"] for s in rows[0]["steps"]][:2] == ["direct", "intake"]


def test_a_time_typed_at_balikpapan_is_read_as_wita(client_of, balikpapan):
    officer = make_user("yankomas.bpn", Role.PETUGAS_YANKOMAS, office=balikpapan)
    client_of(officer).post("/kantor/balikpapan/pengaduan/baru/", intake_data(
        channel="call_center", received_at="2025-02-03T15:55"))
    complaint = Complaint.objects.get()
    assert complaint.received_at == datetime(2025, 2, 3, 15, 55, tzinfo=ZoneInfo("Asia/Makassar"))
    intake_step = complaint.steps.get(code="intake")
    assert intake_step.due_at == datetime(2025, 2, 4, 7, 55, tzinfo=ZoneInfo("Asia/Makassar"))


def test_the_letter_scan_is_served_only_inside_the_office(client_of, people, pamekasan_outsider, settings,
                                                          tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_of(people["petugas_yankomas"])
    scan = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    client.post("/kantor/pamekasan/pengaduan/baru/", intake_data(channel="letter", letter_number="470/1/2025",
                                                                 letter_scan=scan))
    url = f"/kantor/pamekasan/pengaduan/{Complaint.objects.get().tracking_code}/surat/"
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 demo"
    assert client_of(pamekasan_outsider).get(url).status_code == 404


def test_linking_an_application_later_is_scoped_to_the_office(client_of, complaint, people, balikpapan):
    from maklumat.applications.models import Application
    from maklumat.standards.models import Service

    service = Service.objects.first()
    Application.objects.create(office=balikpapan, number="BPN-1", service=service, booking_channel="m_paspor",
                               applicant_name="Lain")
    Application.objects.create(office=complaint.office, number="PMK-9", service=service, booking_channel="walk_in",
                               applicant_name="Rudi")
    client = client_of(people["petugas_yankomas"])
    url = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/aksi/"
    response = client.post(url, {"action": "link_application", "number": "BPN-1"}, follow=True)
    assert "Permohonan BPN-1 tidak ada di kantor ini" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.application is None
    client.post(url, {"action": "link_application", "number": "PMK-9"})
    complaint.refresh_from_db()
    assert complaint.application.number == "PMK-9"
    assert complaint.events.filter(kind="application_linked", note="PMK-9").count() == 1
