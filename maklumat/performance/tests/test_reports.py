"""The monthly report card: PDF and XLSX open and hold the month's figures; office text is escaped,
spreadsheet text is never a formula; a bad month or format is a 400 naming the field."""

from __future__ import annotations

import base64
import io
import re
import zlib

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.performance.tests.page_data import october_at_blitar

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasi(blitar):
    return make_user("kasi.blitar", Role.KASI, office=blitar)


def pdf_text(content: bytes) -> str:
    """The strings drawn on the PDF's pages, one per ``Tj`` (ReportLab: ASCII85 + Flate streams)."""
    strings = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2])
        try:
            page = zlib.decompress(data).decode("latin-1")
        except zlib.error:
            continue
        strings += [text.replace("\\(", "(").replace("\\)", ")") for text in re.findall(r"\((.*?)(?<!\\)\) Tj", page)]
    return " | ".join(strings)


def _report(client, fmt: str, month: str = "2025-10"):
    return client.get(reverse("performance:report", args=["blitar"]) + f"?bulan={month}&format={fmt}")


def test_report_card_pdf_holds_the_month_figures(client_of, kasi, blitar):
    october_at_blitar(blitar)
    response = _report(client_of(kasi), "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="rapor-kinerja-blitar-2025-10.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "OKTOBER 2025" in text
    # payment: rate, last month (— = none: "\\227" is WinAnsi's em dash), total, met, late, open, overdue
    assert "billing | 66,7 % | \\227 | 3 | 2 | 0 | 0 | 1 | Alokasi paspor" in text
    assert "pembayaran | 50,0 % | \\227 | 2 | 1 | 1 | 0 | 0 | Paspor selesai" in text
    assert "Dokumen terbit bulan ini | Target tahun 2025 | Target per bulan | 1 |" in text


def test_report_card_pdf_escapes_office_text(client_of, kasi, blitar):
    blitar.name = "Kanim <b>Blitar</b> & Co"
    blitar.save(update_fields=["name"])
    response = _report(client_of(kasi), "pdf")
    assert response.status_code == 200
    assert "KANIM < | B | > | BLITAR | < | /B | > & CO" in pdf_text(response.content)  # drawn as text, not markup


def test_report_card_xlsx_holds_the_month_figures_as_numbers(client_of, kasi, blitar):
    october_at_blitar(blitar)
    response = _report(client_of(kasi), "xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row for row in book["Janji layanan"].iter_rows(values_only=True) if row and row[0]}
    payment = rows["Pembayaran PNBP setelah kode billing"]
    assert payment[1] == pytest.approx(0.6667)
    assert payment[4:9] == (3, 2, 0, 0, 1)
    assert rows["Dokumen terbit bulan ini"][1] == 1
    assert "Efektivitas" in book.sheetnames


def test_report_card_xlsx_never_writes_a_formula(client_of, kasi, blitar):
    blitar.name = "=HYPERLINK(\"http://x\")"
    blitar.save(update_fields=["name"])
    book = load_workbook(io.BytesIO(_report(client_of(kasi), "xlsx").content))
    cell = book["Janji layanan"]["A2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"  # text, never a formula


@pytest.mark.parametrize(("query", "field"), [("bulan=2025-13", "bulan"), ("bulan=oktober", "bulan"),
                                              ("bulan=2025-10&format=doc", "format")])
def test_bad_report_parameters_are_a_400_naming_the_field(client_of, kasi, query, field):
    response = client_of(kasi).get(reverse("performance:report", args=["blitar"]) + "?" + query)
    assert response.status_code == 400
    assert f"“{field}”" in response.content.decode()


def test_report_card_role_matrix(client_of, kasi, officer, outsider, supervisor):
    assert _report(client_of(officer), "pdf").status_code == 403
    assert _report(client_of(outsider), "pdf").status_code == 404
    assert _report(client_of(supervisor), "xlsx").status_code == 200
