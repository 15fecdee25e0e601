"""Validation lives in the service: form, API and mail intake refuse the same things, naming the same
field; bad input (NUL bytes, over-long text, absurd moments, broken codes) is a 4xx, never a 500."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from maklumat.complaints import rules
from maklumat.complaints.models import Complaint
from maklumat.complaints.services import Reporter, complaint_open
from maklumat.complaints.tests.factories import team

WIB = ZoneInfo("Asia/Jakarta")
API = "/api/v1/offices/pamekasan/complaints"
FORM = "/kantor/pamekasan/pengaduan/baru/"
BASE = {"subject": "Paspor belum jadi", "description": "Sudah lewat tiga hari kerja dan paspor belum jadi.",
        "reporter_name": "Ahmad", "reporter_phone": "081331234567"}


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


@pytest.fixture
def staff(client_of, people):
    return client_of(people["petugas_yankomas"])


def form_errors(response) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


@pytest.mark.parametrize(("channel", "extra", "fields"), [
    ("letter", {}, ["letter_number", "letter_scan"]),
    ("letter", {"letter_number": "470/1/2025"}, ["letter_scan"]),
    ("social_media", {}, ["platform", "handle"]),
    ("social_media", {"platform": "instagram"}, ["handle"]),
    ("call_center", {"reporter_phone": ""}, ["reporter_phone"]),
    ("walk_in", {"reporter_name": ""}, ["reporter_name"]),
])
def test_form_and_api_refuse_the_same_channel_rules_naming_the_same_fields(staff, channel, extra, fields):
    # Given the same complaint sent through the officer's form and through the API
    data = {**BASE, "channel": channel, **extra}
    page = staff.post(FORM, data)
    api = staff.post(API, data, content_type="application/json")
    # Then both refuse it, each naming exactly the fields the channel rule names
    assert page.status_code == 200 and sorted(form_errors(page)) == sorted(fields)
    assert api.status_code == 422
    assert sorted(re.findall(r"(\w+): ", api.json()["detail"])) == sorted(fields)
    assert Complaint.objects.count() == 0


def test_the_service_itself_refuses_a_letter_without_number_or_scan(pamekasan, people):
    with pytest.raises(ValidationError) as refused:
        complaint_open(actor=people["petugas_yankomas"], office=pamekasan, channel="letter", subject="Surat",
                       description="Surat dinas tentang keterlambatan paspor warga.")
    assert sorted(refused.value.error_dict) == ["letter_number", "letter_scan"]


def test_the_pure_rule_names_each_missing_detail_per_channel():
    text = "Paspor belum jadi sejak minggu lalu."
    assert rules.intake_problems(rules.IntakeFields("letter", "Surat", text)) == {
        "letter_number": "Wajib untuk pengaduan melalui surat dinas.", "letter_scan": "Unggah pindaian surat."}
    assert rules.intake_problems(rules.IntakeFields("social_media", "Medsos", text, platform="x",
                                                    handle="@a")) == {}
    assert rules.intake_problems(rules.IntakeFields("call_center", "Telepon", text, anonymous=True)) == {}
    assert rules.intake_problems(rules.IntakeFields("walk_in", "Pas", "Pendek", anonymous=True)) == {
        "subject": "Perihal paling sedikit 5 karakter.", "description": "Uraian paling sedikit 20 karakter."}
    assert rules.intake_problems(rules.IntakeFields("email", "Pas", "Pendek", reporter_email="a@b.id")) == {}
    assert rules.intake_problems(rules.IntakeFields("web", "Web pengaduan", text, reporter_name="A")) == {
        "reporter_email": "Isi surel atau nomor telepon agar kami dapat menjawab pengaduan Anda."}
    assert rules.intake_problems(rules.IntakeFields("email", "", "Isi", reporter_phone="12ab")) == {
        "subject": "Perihal wajib diisi.",
        "reporter_phone": "Nomor telepon hanya angka (8–15 digit), boleh diawali +."}


def test_a_valid_letter_by_api_is_still_refused_without_its_scan_but_the_form_takes_it(staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    data = {**BASE, "channel": "letter", "letter_number": "470/1/2025"}
    assert staff.post(API, data, content_type="application/json").status_code == 422
    scan = SimpleUploadedFile("surat.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert staff.post(FORM, {**data, "letter_scan": scan}).status_code == 302
    assert Complaint.objects.get().letter_number == "470/1/2025"


@pytest.mark.parametrize(("change", "field"), [
    ({"subject": "Paspor\x00 belum jadi"}, "subject"),
    ({"description": "Sudah lewat tiga hari\x00 kerja dan paspor belum jadi."}, "description"),
    ({"reporter_name": "Ah\x00mad"}, "reporter_name"),
    ({"handle": "@" + "a" * 150, "channel": "social_media", "platform": "x"}, "handle"),
    ({"received_at": "0001-01-01T00:00:00+07:00"}, "received_at"),
    ({"received_at": "9999-12-31T23:59:00+07:00"}, "received_at"),
    ({"received_at": "2025-01-13T09:00:00"}, None),  # no zone: the office's own time, accepted
    ({"category": "x\x00"}, "category"),
])
def test_bad_input_to_the_staff_api_is_a_4xx_naming_the_field(staff, change, field):
    response = staff.post(API, {**BASE, "channel": "walk_in", **change}, content_type="application/json")
    if field is None:
        assert response.status_code == 201
        received = Complaint.objects.get().received_at.astimezone(WIB)
        assert received == datetime(2025, 1, 13, 9, tzinfo=WIB)
        return
    assert response.status_code in (400, 422), response.content
    assert field in response.content.decode()
    assert Complaint.objects.count() == 0


def test_an_offset_beyond_14_hours_is_refused(staff):
    response = staff.post(API, {**BASE, "channel": "walk_in", "received_at": "2025-01-13T09:00:00+15:00"},
                          content_type="application/json")
    assert response.status_code == 422 and "received_at" in response.content.decode()


def test_a_nul_byte_in_a_path_or_code_is_404_not_500(client, staff, reference_data):
    assert client.get("/api/v1/complaints/public/ADU-\x00").status_code == 404
    assert staff.get("/api/v1/offices/pamekasan/complaints/ADU-%00AAA-BBBB").status_code == 404
    assert staff.get("/api/v1/offices/pama%00kasan/complaints").status_code == 404
    assert client.post("/api/v1/complaints/public", {**BASE, "office": "pama\x00kasan",
                                                     "reporter_email": "a@example.test"},
                       content_type="application/json").status_code == 422


def test_a_received_time_in_the_far_past_is_refused_by_the_form_too(staff):
    response = staff.post(FORM, {**BASE, "channel": "walk_in", "received_at": "1999-12-31T23:00"})
    assert "received_at" in form_errors(response) and Complaint.objects.count() == 0


def test_the_public_web_form_and_api_refuse_an_unanswerable_complaint_on_the_same_field(client, pamekasan):
    data = {**BASE, "reporter_phone": "", "office": pamekasan.pk}
    page = client.post("/pengaduan/", data)
    assert "reporter_email" in form_errors(page)
    api = client.post("/api/v1/complaints/public", {**data, "office": "pamekasan"}, content_type="application/json")
    assert api.status_code == 422 and api.json()["detail"].startswith("reporter_email:")
    assert Complaint.objects.count() == 0


def test_mail_with_nul_bytes_long_subject_and_absurd_date_is_taken_not_crashed(pamekasan):
    from maklumat.complaints.inbound import mail_receive
    from maklumat.complaints.mail import InboundMail

    message = InboundMail(message_id="<x@y>", sender_name="Rina\x00", sender_email="rina@example.test",
                          subject="S" * 400, body="Isi\x00 surel", at=datetime(1, 1, 1, tzinfo=WIB))
    assert mail_receive(message=message, office=pamekasan) == "opened"
    complaint = Complaint.objects.get()
    assert len(complaint.subject) == 200 and "\x00" not in complaint.description
    assert complaint.received_at.year >= 2025


def test_a_reporter_built_in_code_is_checked_like_any_other(pamekasan):
    with pytest.raises(ValidationError) as refused:
        complaint_open(actor=None, office=pamekasan, channel="web", subject="Web pengaduan",
                       description="Isi pengaduan web yang cukup panjang",
                       reporter=Reporter(name="A", email="a@example.test", phone="+62 812"))
    assert list(refused.value.error_dict) == ["reporter_phone"]


def test_a_nul_byte_or_foreign_code_in_a_page_url_is_404_not_500(client, staff, reference_data):
    assert client.get("/pengaduan/status/ADU-%00/").status_code == 302  # back to the lookup form
    assert staff.get("/kantor/pamekasan/pengaduan/ADU-%00AAA-BBBB/").status_code == 404
    response = staff.post("/kantor/pamekasan/pengaduan/ADU-AAAA-BBBB/aksi/", {"action": "forward"})
    assert response.status_code == 404


def test_an_absurd_step_or_category_id_is_refused_not_crashed(staff, pamekasan, people):
    from maklumat.complaints.tests.factories import open_complaint

    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB))
    url = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/aksi/"
    for data in ({"action": "forward", "step": "9" * 30, "category": "1"},
                 {"action": "forward", "step": "1", "category": "9" * 30},
                 {"action": "forward", "step": "x\x00"}):
        response = staff.post(url, data, follow=True)
        assert response.status_code == 200
    assert complaint.steps.get(status="active").code == "intake"


def test_the_service_refuses_a_scan_that_is_not_a_document(pamekasan, people):
    from django.core.files.base import ContentFile

    with pytest.raises(ValidationError) as refused:
        complaint_open(actor=people["petugas_yankomas"], office=pamekasan, channel="letter", subject="Surat desa",
                       description="Surat dinas tentang keterlambatan paspor warga.",
                       details={"letter_number": "470/1/2025", "letter_scan": ContentFile(b"MZ", name="surat.exe")})
    assert refused.value.message_dict == {"letter_scan": ["Pindaian harus berupa PDF, JPG atau PNG."]}
    assert Complaint.objects.count() == 0
