"""Labels, not codes: elements with their names, answers and channels with their wording."""

import io
from datetime import date

from openpyxl import load_workbook

from maklumat.satisfaction.charts import nrr_bars
from maklumat.satisfaction.models import Channel
from maklumat.satisfaction.questionnaire import answer_label, element_label
from maklumat.satisfaction.tests.factories import make_response, make_ticket
from maklumat.satisfaction.transactions import reference_label


def test_element_and_answer_labels_come_from_the_questionnaire():
    assert element_label("u3") == "U3 Waktu penyelesaian"
    assert [answer_label("u9", value) for value in (1, 4)] == ["Tidak ada", "Dikelola dengan baik"]


def test_the_nrr_chart_names_each_element():
    from decimal import Decimal

    svg = nrr_bars({code: Decimal(3) for code in ("u1", "u2", "u3")}, [], "NRR")
    assert ">U1 Persyaratan</text>" in svg and ">U3 Waktu penyelesaian</text>" in svg


def test_the_xlsx_uses_labels_for_elements_channels_services_and_answers(client_of, kasubsi, blitar):
    from maklumat.standards.models import Service

    make_response(blitar, date(2025, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4), channel=Channel.QR,
                  service=Service.objects.get(code="baru"), sex="p")
    book = load_workbook(io.BytesIO(client_of(kasubsi).get("/kantor/blitar/ikm/laporan.xlsx?periode=2025").content))
    header, row = list(book["Jawaban"].iter_rows(values_only=True))[:2]
    assert header[:4] == ("Tanggal", "Layanan", "Kanal", "U1 Persyaratan")
    assert header[-1] == "U9 Penanganan pengaduan, saran, dan masukan"
    assert row[1:4] == (Service.objects.get(code="baru").name, "Tautan QR (tiket antrian/tanda terima)", 4)
    legend = list(book["Keterangan jawaban"].iter_rows(values_only=True))
    assert legend[3] == ("U3 Waktu penyelesaian", "Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")
    summary = [row for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0] == "Unsur terlemah"]
    assert summary == [("Unsur terlemah", "U3 Waktu penyelesaian; U8 Sarana dan prasarana", None, None)]
    profile = [row[0] for row in book["Profil responden"].iter_rows(values_only=True) if row and row[0]]
    assert "Perempuan" in profile and "p" not in profile


def test_the_xlsx_stays_indonesian_when_the_user_reads_english(client_of, kasubsi, blitar):
    make_response(blitar, date(2025, 2, 3), sex="l")
    client = client_of(kasubsi)
    client.cookies["django_language"] = "en"
    book = load_workbook(io.BytesIO(client.get("/kantor/blitar/ikm/laporan.xlsx?periode=2025").content))
    profile = [row[0] for row in book["Profil responden"].iter_rows(values_only=True) if row and row[0]]
    assert "Laki-laki" in profile


def test_the_invitation_slip_names_the_transaction_not_its_internal_reference(client_of, officer, blitar):
    ticket = make_ticket(blitar, "A", 17)
    html = client_of(officer).post("/kantor/blitar/ikm/undangan/", {"reference": "A-017"}).content.decode()
    assert f"Nomor antrian A-017 ({ticket.day:%d-%m-%Y})" in html
    assert "antrian:" not in html


def test_reference_labels():
    assert reference_label("antrian:20251231:P-004") == "Nomor antrian P-004 (31-12-2025)"
    assert reference_label("permohonan:2025-BLT-0001") == "Permohonan 2025-BLT-0001"
