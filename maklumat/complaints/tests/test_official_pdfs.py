# ruff: noqa: F811  (pytest fixtures imported from their feature module and requested by name)
"""Official documents look official (issue 16, item 6): the office's letterhead and a signature block on
every complaint PDF, readable table headers, tracking codes on one line, the reader's language throughout."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from maklumat.complaints.tests.test_recap import january, people  # noqa: F401  (fixtures)
from maklumat.lib.pdf import DIRECTORATE, HEADER_BG, MINISTRY

RECAP = "/kantor/pamekasan/pengaduan/rekap/?bulan=2025-01&format=pdf"


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


def assert_letterhead_and_signature(text: str, office, *, role: str) -> None:
    flat = one_line(text)
    for line in (MINISTRY, DIRECTORATE, office.kanwil.name.upper(), office.name.upper(), office.address):
        assert line in flat, line
    assert role in flat and "NIP." in flat
    assert f"{office.city}, " in flat


def test_the_recap_pdf_carries_the_letterhead_and_the_signature_of_the_head(client, pamekasan, people, january):
    client.force_login(people["kasubsi"])
    text = text_of(client.get(RECAP).content)
    assert_letterhead_and_signature(text, pamekasan, role="Kepala Kantor,")
    flat = one_line(text)
    assert pamekasan.head_name in flat and pamekasan.head_nip in flat
    assert "Dibuat oleh, Petugas Yankomas" in flat and "Januari 2025" in flat


def test_the_recap_pdf_keeps_every_tracking_code_on_one_line(client, pamekasan, people, january):
    client.force_login(people["kasubsi"])
    lines = text_of(client.get(RECAP).content).splitlines()
    for complaint in january:
        assert any(complaint.tracking_code in line for line in lines), complaint.tracking_code


def test_recap_table_headers_are_dark_text_on_a_light_tint():
    # the header tint is light enough for black text on any printer (luminance well above the text's)
    luminance = 0.2126 * HEADER_BG.red + 0.7152 * HEADER_BG.green + 0.0722 * HEADER_BG.blue
    assert luminance > 0.85


INDONESIAN_LABELS = ["Jumlah", "Selesai", "Kanal", "Kategori", "Hasil", "Langkah", "Pelaksana", "Norma",
                     "Jatuh tempo", "Tepat waktu", "Daftar pengaduan", "Periode", "Diterima", "Perihal", "Kode",
                     "Dibuat oleh", "Kepala Kantor", "Belum", "Rata-rata", "menit", "Januari", "waktu",
                     "Masih diproses", "Datang langsung", "Ketepatan", "Dilaporkan"]
# The SOP's actors (Petugas Yankomas, Duta Layanan, Kasubsi Infokim) are official titles and stay as written.


def test_the_recap_pdf_for_an_english_reader_has_no_indonesian_label(client, pamekasan, people, january):
    client.force_login(people["kasubsi"])
    client.cookies["django_language"] = "en"
    text = text_of(client.get(RECAP).content)
    # the letterhead's names are proper names; everything else is English
    body = one_line(text).replace(pamekasan.kanwil.name.upper(), "").replace(pamekasan.name.upper(), "")
    found = [label for label in INDONESIAN_LABELS if re.search(rf"\b{re.escape(label)}\b", body)]
    assert found == []
    assert "MONTHLY RECAP OF COMPLAINT HANDLING" in body and "January 2025" in body
    assert "Head of Office," in body and "Prepared by," in body
    assert "Received" in body and "Resolved 2" in body


def test_the_blank_complaint_form_has_the_letterhead_room_to_write_and_the_full_status_address(
        client, pamekasan, people, settings):
    from reportlab.lib.units import mm

    from maklumat.complaints.pdf import BLANK_ROW_HEIGHTS

    client.force_login(people["petugas_yankomas"])
    text = text_of(client.get("/kantor/pamekasan/pengaduan/formulir-kosong.pdf").content)
    assert_letterhead_and_signature(text, pamekasan, role="Petugas Yankomas,")
    assert "http://testserver/pengaduan/status/" in one_line(text)
    assert "Pelapor," in text
    assert BLANK_ROW_HEIGHTS["description"] * mm >= 45 * mm  # eight hand-written lines fit
    settings.PUBLIC_BASE_URL = "https://maklumat.imigrasi.go.id"
    text = text_of(client.get("/kantor/pamekasan/pengaduan/formulir-kosong.pdf").content)
    assert "https://maklumat.imigrasi.go.id/pengaduan/status/" in one_line(text)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_filled_form_is_in_the_readers_language(client, pamekasan, people, january, language):
    client.force_login(people["petugas_yankomas"])
    client.cookies["django_language"] = language
    code = january[0].tracking_code
    text = one_line(text_of(client.get(f"/kantor/pamekasan/pengaduan/{code}/formulir.pdf").content))
    assert code in text
    title = {"id": "FORM PENGADUAN LAYANAN KEIMIGRASIAN", "en": "IMMIGRATION SERVICE COMPLAINT FORM"}[language]
    assert title in text
    assert ("13 Januari 2025" if language == "id" else "13 January 2025") in text  # the signing date
