"""Exports are inert (issue 12, item 2): the IKM report prints office fields and the plan literally."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from maklumat.lib.tests.pdf import pdf_text
from maklumat.satisfaction.models import ServedPopulation
from maklumat.satisfaction.services import follow_up_plan_save
from maklumat.satisfaction.tests.factories import make_response

PLAN = '=HYPERLINK("http://evil.example/","Klik") <b>tebal</b> & \ufffe'


def test_the_ikm_report_of_an_office_with_markup_is_a_pdf_and_a_workbook_that_show_it_as_text(client_of, kasubsi,
                                                                                              blitar):
    blitar.name = "Kantor <b>Imigrasi</b> & Blitar"
    blitar.head_name = "<b>Kepala</b> & Wakil"
    blitar.save()
    ServedPopulation.objects.create(office=blitar, period_key="2025", population=1000)
    make_response(blitar, date(2025, 2, 3))
    follow_up_plan_save(actor=kasubsi, office=blitar, period_key="2025", text=PLAN)
    client = client_of(kasubsi)
    pdf = client.get("/kantor/blitar/ikm/laporan.pdf?periode=2025")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    for printed in ("KANTOR <B>IMIGRASI</B> & BLITAR", "Kepala Kantor,\n<b>Kepala</b> & Wakil",  # signature block
                    '=HYPERLINK("http://evil.example/","Klik") <b>tebal</b> &'):
        assert printed in text
    book = load_workbook(io.BytesIO(client.get("/kantor/blitar/ikm/laporan.xlsx?periode=2025").content))
    cells = {row[0].value: row for row in book["Ringkasan"].iter_rows() if row[0].value}
    plan = cells["Rencana tindak lanjut"][1]
    assert (plan.value, plan.data_type, plan.quotePrefix) == (PLAN.replace("\ufffe", ""), "s", True)
    assert book["Ringkasan"]["A2"].value == "Kantor <b>Imigrasi</b> & Blitar"
