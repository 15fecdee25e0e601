"""The public web form, the status page and the public API: clear errors, nothing stored, nothing revealed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from maklumat.complaints import services
from maklumat.complaints.models import Channel, Complaint, ComplaintCategory, ComplaintEvent
from maklumat.complaints.tests.factories import category, open_complaint, team

WIB = ZoneInfo("Asia/Jakarta")


def valid_form(pamekasan, **changes):
    data = {"office": pamekasan.pk, "category": ComplaintCategory.objects.get(code="service_delay").pk,
            "subject": "Antrean terlalu lama", "reporter_name": "Rina Wati",
            "description": "Saya menunggu lebih dari tiga jam di ruang biometrik tanpa kepastian.",
            "reporter_phone": "081234567890", "reporter_email": "rina@example.test"}
    data.update(changes)
    return data


def test_public_form_stores_a_web_complaint_and_shows_its_tracking_code(client, pamekasan):
    response = client.post("/pengaduan/", valid_form(pamekasan), follow=True)
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.office, complaint.created_by) == (Channel.WEB, pamekasan, None)
    assert response.redirect_chain[-1][0] == f"/pengaduan/status/{complaint.tracking_code}/"
    assert complaint.tracking_code in response.content.decode()
    assert complaint.steps.get(status="active").code == "intake"


@pytest.mark.parametrize(("changes", "message"), [
    ({"subject": ""}, "Bidang ini tidak boleh kosong"),
    ({"description": "terlalu pendek"}, "paling sedikit 20 karakter"),
    ({"reporter_phone": "08-12", "reporter_email": ""}, "hanya angka"),
    ({"reporter_email": "bukan-surel"}, "Masukkan alamat email yang valid"),
    ({"reporter_phone": "", "reporter_email": ""}, "Isi surel atau nomor telepon"),
    ({"reporter_name": ""}, "centang"),
    ({"office": "999999"}, "Masukkan pilihan yang valid"),
    ({"website": "http://spam.example"}, "tidak dapat diproses"),
])
def test_bad_public_input_gets_a_clear_message_and_stores_nothing(client, pamekasan, changes, message):
    response = client.post("/pengaduan/", valid_form(pamekasan, **changes))
    assert response.status_code == 200
    html = response.content.decode().replace("&quot;", '"')
    assert message in html
    assert "Pengaduan belum tersimpan" in html or "tidak dapat diproses" in html or "Isi surel" in html
    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0


def test_an_anonymous_report_needs_no_name(client, pamekasan):
    client.post("/pengaduan/", valid_form(pamekasan, reporter_name="", anonymous="on"))
    assert Complaint.objects.get().anonymous is True


def test_status_page_shows_progress_but_nothing_personal(client, pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB),
                               subject="Paspor Siti belum jadi")
    services.complaint_close_general(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                     step_id=complaint.steps.get(status="active").pk,
                                     category=category("status_check"), resolution="Dicek: siap diambil",
                                     reply="Silakan ambil besok", now=datetime(2025, 1, 13, 9, 20, tzinfo=WIB))
    html = client.get(f"/pengaduan/status/{complaint.tracking_code}/").content.decode()
    assert "Pengaduan selesai ditangani" in html and "Pengecekan status penyelesaian paspor" in html
    assert "Silakan ambil besok" in html  # the answer is public unless confidential (issue 14)
    for secret in ("Siti Rahma", "081234567890", "siti@example.test", "Paspor Siti belum jadi", "Dicek: siap",
                   "5 hari kerja"):
        assert secret not in html


def test_status_page_of_a_confidential_complaint_reveals_only_its_status(client, pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB),
                               confidential=True, category=category("broker_levy"))
    html = client.get(f"/pengaduan/status/{complaint.tracking_code}/").content.decode()
    assert "rahasia" in html and "Diproses" in html
    for hidden in ("Calo", "Datang langsung", "Pengaduan diterima", "Siti Rahma", "Paspor belum selesai"):
        assert hidden not in html


def test_unknown_tracking_code_gets_a_clear_message(client, reference_data):
    response = client.get("/pengaduan/status/", {"kode": "ADU-2222-2222"})
    assert "Kode pelacakan tidak ditemukan" in response.content.decode()


def test_complainant_rates_on_the_status_page(client, pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB))
    services.complaint_close_general(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                     step_id=complaint.steps.get(status="active").pk,
                                     category=category("requirements"), resolution="x", reply="y",
                                     now=datetime(2025, 1, 13, 9, 20, tzinfo=WIB))
    client.post(f"/pengaduan/status/{complaint.tracking_code}/", {"rating": "3", "comment": "Cukup cepat"})
    complaint.refresh_from_db()
    assert (complaint.rating, complaint.rating_comment) == (3, "Cukup cepat")


@override_settings(PUBLIC_RATE_LIMIT=60)
def test_public_form_is_rate_limited(client, pamekasan):
    codes = [client.get("/pengaduan/").status_code for _ in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429


def test_public_api_intake_and_status(client, pamekasan):
    response = client.post("/api/v1/complaints/public", {
        "office": "pamekasan", "subject": "AC ruang tunggu mati", "reporter_name": "Budi",
        "description": "AC ruang tunggu tidak menyala sejak pagi hari ini.", "reporter_email": "budi@example.test",
    }, content_type="application/json")
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    status = client.get(f"/api/v1/complaints/public/{code}").json()
    assert status["status"] == "open" and status["office"] == "pamekasan"
    assert [e["label"] for e in status["timeline"]] == ["Pengaduan diterima"]
    assert "Budi" not in str(status) and "budi@example.test" not in str(status)


@pytest.mark.parametrize(("changes", "message"), [
    ({"office": "atlantis"}, "office: kantor tidak ada"),
    ({"reporter_email": "", "reporter_phone": ""}, "reporter_email: Isi surel atau nomor telepon"),
    ({"reporter_email": "x@"}, "alamat surel tidak sah"),
    ({"description": "pendek"}, "at least 20 characters"),
])
def test_public_api_refuses_bad_input_and_stores_nothing(client, pamekasan, changes, message):
    payload = {"office": "pamekasan", "subject": "AC ruang tunggu mati", "reporter_name": "Budi",
               "description": "AC ruang tunggu tidak menyala sejak pagi hari ini.",
               "reporter_email": "budi@example.test", **changes}
    response = client.post("/api/v1/complaints/public", payload, content_type="application/json")
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Complaint.objects.count() == 0


def test_openapi_lists_the_complaint_endpoints(client, reference_data):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/complaints/public", "/api/v1/complaints/public/{tracking_code}",
            "/api/v1/offices/{code}/complaints", "/api/v1/offices/{code}/complaints/{tracking_code}"} <= set(paths)
