"""Issue 14, item 3: an anonymous web complaint needs no contact and leaks nothing; attachments are checked by
their content and stored without metadata (the photo's GPS position cannot expose an anonymous reporter)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from maklumat.accounts.roles import Role
from maklumat.complaints import rules
from maklumat.complaints.models import Complaint, ComplaintAttachment, ComplaintCategory
from maklumat.complaints.tests.factories import team
from maklumat.conftest import make_user

SECRET_MAKE = "KameraMerekRahasia"


def photo(kind="JPEG", size=(60, 40)) -> bytes:
    """A photo carrying a camera make and a GPS position in its EXIF (what a phone writes)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = SECRET_MAKE
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (8.0, 5.0, 42.0), 3: "E", 4: (112.0, 9.0, 54.0)})
    out = io.BytesIO()
    image.save(out, format=kind, exif=exif)
    return out.getvalue()


def pdf_with_metadata() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Siti Rahma Pelapor", "/Creator": "PonselSiti"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(blitar):
    return {**team(blitar), "kanwil": make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=blitar.kanwil),
            "national": make_user("pusat", Role.SUPERVISOR_NASIONAL)}


def form(blitar, **changes):
    data = {"office": blitar.pk, "category": ComplaintCategory.objects.get(code="broker_levy").pk,
            "subject": "Calo di depan kantor", "anonymous": "on",
            "description": "Seorang calo menawarkan antrean cepat dengan bayaran Rp 500.000 di parkiran.",
            "incident_on": "2025-05-07", "incident_place": "Parkiran depan kantor"}
    data.update(changes)
    return data


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_an_anonymous_complaint_without_any_contact_is_filed_with_a_photo_stripped_of_its_gps(client, blitar,
                                                                                              client_of, people):
    upload = SimpleUploadedFile("IMG_2041.jpg", photo(), content_type="image/jpeg")
    response = client.post("/pengaduan/", form(blitar, attachments=[upload]), follow=True)
    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == f"/pengaduan/status/{complaint.tracking_code}/"
    assert (complaint.anonymous, complaint.reporter_name, complaint.reporter_phone, complaint.reporter_email) == (
        True, "", "", "")
    assert (complaint.category.code, str(complaint.incident_on), complaint.incident_place) == (
        "broker_levy", "2025-05-07", "Parkiran depan kantor")
    stored = ComplaintAttachment.objects.get(complaint=complaint)
    content = stored.file.read()
    assert stored.kind == "jpeg" and content.startswith(b"\xff\xd8\xff")
    assert SECRET_MAKE.encode() not in content and b"Exif" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert (image.size, dict(image.getexif()), image.getexif().get_ifd(0x8825)) == ((60, 40), {}, {})
    # the team reads the photo; a supervisor outside the team gets the same 404 as a missing file
    link = f"/kantor/blitar/pengaduan/{complaint.tracking_code}/lampiran/{stored.pk}/"
    assert client_of(people["kasubsi"]).get(link).status_code == 200
    assert {who: client_of(people[who]).get(link).status_code for who in ("kanwil", "national")} == {
        "kanwil": 404, "national": 404}
    page = client_of(people["kanwil"]).get(f"/kantor/blitar/pengaduan/{complaint.tracking_code}/")
    assert link not in page.content.decode()


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_an_anonymous_reporter_who_left_a_name_is_hidden_everywhere_outside_the_complaint_team(client, blitar,
                                                                                               client_of, people):
    client.post("/pengaduan/", form(blitar, reporter_name="Siti Rahmawati", reporter_phone="081299887766"))
    complaint = Complaint.objects.get()
    detail = f"/kantor/blitar/pengaduan/{complaint.tracking_code}/"
    public = [client.get(f"/pengaduan/status/{complaint.tracking_code}/").content.decode(),
              client.get(f"/api/v1/complaints/public/{complaint.tracking_code}").content.decode()]
    outside = [client_of(people[who]).get(url).content.decode() for who in ("kanwil", "national")
               for url in (detail, "/kantor/blitar/pengaduan/?status=all",
                           "/api/v1/offices/blitar/complaints?open_only=false",
                           f"/api/v1/offices/blitar/complaints/{complaint.tracking_code}")]
    for text in public + outside:
        assert "Rahmawati" not in text and "081299887766" not in text and "9887766" not in text
    assert "Rahmawati" in client_of(people["kasubsi"]).get(detail).content.decode()


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_a_named_web_complaint_still_needs_a_way_to_answer(client, blitar):
    response = client.post("/pengaduan/", form(blitar, anonymous="", reporter_name="Budi"))
    assert Complaint.objects.count() == 0
    assert "reporter_email" in response.context["form"].errors


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("foto.pdf", photo("PNG"), "png"),  # a PNG named .pdf is a PNG
    ("scan.jpg", pdf_with_metadata(), "pdf"),  # a PDF named .jpg is a PDF
])
def test_the_type_is_what_the_content_is_not_what_the_name_says(name, content, kind):
    from maklumat.complaints.attachments import clean_attachment

    assert clean_attachment(SimpleUploadedFile(name, content)).kind == kind


@pytest.mark.parametrize(("name", "content"), [
    ("foto.jpg", b"<html><script>alert(1)</script></html>"),  # a page named .jpg
    ("foto.jpg", b"\xff\xd8\xff\xe0 not really a jpeg at all"),  # the magic bytes, then garbage
    ("surat.pdf", b"%PDF-1.4 broken"),  # a PDF header and nothing a reader can parse
    ("kosong.png", b""),
])
def test_files_that_are_not_photos_or_pdfs_are_refused(name, content):
    from django.core.exceptions import ValidationError

    from maklumat.complaints.attachments import clean_attachment

    with pytest.raises(ValidationError):
        clean_attachment(SimpleUploadedFile(name, content))


def test_a_pdf_is_rewritten_without_its_author_and_creator():
    from pypdf import PdfReader

    from maklumat.complaints.attachments import clean_attachment

    clean = clean_attachment(SimpleUploadedFile("surat.pdf", pdf_with_metadata()))
    assert b"Siti Rahma Pelapor" not in clean.content and b"PonselSiti" not in clean.content
    assert len(PdfReader(io.BytesIO(clean.content)).pages) == 1


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_an_oversized_or_disguised_attachment_refuses_the_whole_complaint_and_stores_nothing(client, blitar,
                                                                                            monkeypatch):
    monkeypatch.setattr(rules, "MAX_ATTACHMENT_BYTES", 2000)
    big = SimpleUploadedFile("besar.png", photo("PNG", size=(400, 400)) + b"\0" * 3000)
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 an executable")
    response = client.post("/pengaduan/", form(blitar, attachments=[big, fake]))
    assert (Complaint.objects.count(), ComplaintAttachment.objects.count()) == (0, 0)
    errors = " ".join(response.context["form"].errors["attachments"])
    assert "besar.png" in errors and "foto.jpg" in errors


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_more_than_three_attachments_are_refused(client, blitar):
    files = [SimpleUploadedFile(f"f{i}.png", photo("PNG")) for i in range(4)]
    response = client.post("/pengaduan/", form(blitar, attachments=files))
    assert Complaint.objects.count() == 0 and "attachments" in response.context["form"].errors


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_an_application_number_of_another_office_is_just_not_found_here(client, blitar, balikpapan):
    from maklumat.applications.models import Application

    other = Application.objects.filter(office=balikpapan).first()
    number = other.number if other else "BPN-2025-000001"
    response = client.post("/pengaduan/", form(blitar, application_number=number))
    assert Complaint.objects.count() == 0
    message = " ".join(response.context["form"].errors["application_number"])
    assert "tidak ditemukan di kantor ini" in message
    assert (other is None) or (other.applicant_name not in response.content.decode())


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_an_incident_after_the_complaint_is_refused(client, blitar):
    tomorrow = blitar.local_date().toordinal() + 1
    from datetime import date

    response = client.post("/pengaduan/", form(blitar, incident_on=date.fromordinal(tomorrow).isoformat()))
    assert Complaint.objects.count() == 0 and "incident_on" in response.context["form"].errors
